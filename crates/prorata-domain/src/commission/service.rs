//! The code of a service a network sells (a top-up, a bill payment), which its commission
//! rates are set for and whose commission pool pays them.

use std::fmt;

use super::CommissionError;

/// Lower-case letters, digits and `_ . -`, starting with a letter or digit, at most 63: the
/// form PostgreSQL checks, and a valid part of an account code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceCode(String);

impl ServiceCode {
    pub const MAX_LEN: usize = 63;

    pub fn parse(text: &str) -> Result<ServiceCode, CommissionError> {
        let ok = (1..=ServiceCode::MAX_LEN).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && text.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-')
            });
        if ok {
            Ok(ServiceCode(text.to_owned()))
        } else {
            Err(CommissionError::ServiceCode(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ServiceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_code_is_lower_case_and_short_and_anything_else_is_refused() {
        assert_eq!(
            ServiceCode::parse("mobile.topup-2")
                .expect("a code")
                .as_str(),
            "mobile.topup-2"
        );
        for bad in ["", "Topup", "-topup", "top up", "top:up", &"a".repeat(64)] {
            assert_eq!(
                ServiceCode::parse(bad),
                Err(CommissionError::ServiceCode(bad.to_owned())),
                "{bad}"
            );
        }
    }
}
