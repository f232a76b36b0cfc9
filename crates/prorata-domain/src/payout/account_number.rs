//! Bank account numbers and BICs as a bank's payment file needs them: an IBAN checked by its
//! country's length and its mod-97 check digits (by `iban_validate`, the maintained crate for
//! exactly this), any other number as the letters and digits of `Othr/Id` (ISO 20022 allows
//! 34), and a BIC of ISO 9362.

use iban::IbanLike;

use super::PayoutError;

/// The most characters of an account number: ISO 20022's `Max34Text` for `Othr/Id`.
pub const MAX_ACCOUNT_NUMBER_CHARS: usize = 34;

/// An account number: an IBAN, or a domestic number written as the bank writes it.
#[derive(Clone, PartialEq, Eq)]
pub enum AccountNumber {
    /// In its electronic form: capitals and digits, no spaces.
    Iban(String),
    /// Letters and digits only; spaces and hyphens as typed are dropped.
    Other(String),
}

impl std::fmt::Debug for AccountNumber {
    // An account number is sealed at rest: a debug print shows only its mask.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AccountNumber({})", self.masked())
    }
}

impl AccountNumber {
    /// Reads an account number as typed. What looks like an IBAN (two letters, two digits,
    /// then at least eleven more) must be one, so that a mistyped IBAN is refused here rather
    /// than sent to the bank as a domestic number.
    pub fn parse(text: &str) -> Result<AccountNumber, PayoutError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let refuse = |why: &str| Err(PayoutError::AccountNumber(why.to_owned()));
        if compact.is_empty() {
            return refuse("an account number is needed");
        }
        if !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
            return refuse("an account number has letters and digits only");
        }
        if compact.chars().count() > MAX_ACCOUNT_NUMBER_CHARS {
            return refuse("an account number has at most 34 letters and digits");
        }
        let upper = compact.to_ascii_uppercase();
        let bytes = upper.as_bytes();
        let looks_like_iban = bytes.len() >= 15
            && bytes[..2].iter().all(u8::is_ascii_alphabetic)
            && bytes[2..4].iter().all(u8::is_ascii_digit);
        if !looks_like_iban {
            return Ok(AccountNumber::Other(compact));
        }
        match upper.parse::<iban::Iban>() {
            Ok(iban) => Ok(AccountNumber::Iban(iban.electronic_str().to_owned())),
            Err(e) => Err(PayoutError::AccountNumber(format!(
                "{} reads as an IBAN but is not a valid one ({e})",
                mask_of(&upper)
            ))),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            AccountNumber::Iban(text) | AccountNumber::Other(text) => text,
        }
    }

    pub fn is_iban(&self) -> bool {
        matches!(self, AccountNumber::Iban(_))
    }

    /// The last four characters, as statements and screens show it: `•••• 1234`.
    pub fn masked(&self) -> String {
        mask_of(self.as_str())
    }

    /// The last four characters alone.
    pub fn last_four(&self) -> String {
        let chars: Vec<char> = self.as_str().chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    }
}

fn mask_of(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    masked_last_four(&tail)
}

/// An account number as screens and statements show it, from its last four characters.
pub fn masked_last_four(last_four: &str) -> String {
    format!("•••• {last_four}")
}

/// A bank's identifier code (ISO 9362): 4 letters or digits for the bank, 2 letters for
/// the country, 2 for the location, and optionally 3 for the branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bic(String);

impl Bic {
    pub fn parse(text: &str) -> Result<Bic, PayoutError> {
        let upper = text.trim().to_ascii_uppercase();
        let b = upper.as_bytes();
        let alnum = |s: &[u8]| s.iter().all(u8::is_ascii_alphanumeric);
        let fits = (b.len() == 8 || b.len() == 11)
            && alnum(&b[..4])
            && b[4..6].iter().all(u8::is_ascii_alphabetic)
            && alnum(&b[6..]);
        if fits {
            Ok(Bic(upper))
        } else {
            Err(PayoutError::Bic(text.trim().to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iban_is_checked_and_kept_in_its_electronic_form() {
        let iban = AccountNumber::parse("de44 5001 0517 5407 3249 31").expect("a valid IBAN");
        assert_eq!(
            iban,
            AccountNumber::Iban("DE44500105175407324931".to_owned())
        );
        assert_eq!(iban.masked(), "•••• 4931");
        assert_eq!(iban.last_four(), "4931");
        let typo = AccountNumber::parse("DE44500105175407324932");
        assert!(
            matches!(typo, Err(PayoutError::AccountNumber(ref m)) if m.contains("not a valid")),
            "a wrong check digit is refused: {typo:?}"
        );
    }

    #[test]
    fn a_domestic_number_is_kept_as_letters_and_digits() {
        assert_eq!(
            AccountNumber::parse("0123-456 789").expect("digits"),
            AccountNumber::Other("0123456789".to_owned())
        );
        assert!(
            !AccountNumber::parse("0123456789")
                .expect("digits")
                .is_iban()
        );
        for bad in [
            "",
            "  ",
            "12/34",
            "1234567890123456789012345678901234567",
            "12.5",
        ] {
            assert!(AccountNumber::parse(bad).is_err(), "{bad:?} is refused");
        }
    }

    #[test]
    fn a_debug_print_never_shows_the_number() {
        let number = AccountNumber::parse("0123456789").expect("digits");
        assert_eq!(format!("{number:?}"), "AccountNumber(•••• 6789)");
    }

    #[test]
    fn a_bic_has_eight_or_eleven_characters_with_a_country() {
        assert_eq!(Bic::parse("deutdeff").expect("8").as_str(), "DEUTDEFF");
        assert_eq!(
            Bic::parse("DEUTDEFF500").expect("11").as_str(),
            "DEUTDEFF500"
        );
        for bad in ["DEUT", "DEUT12FF", "DEUTDEFF5", "DEUTDE-F"] {
            assert!(Bic::parse(bad).is_err(), "{bad} is refused");
        }
    }
}
