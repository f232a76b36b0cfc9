//! ISO 4217 currencies and their minor-unit scales.

use std::fmt;

use super::MoneyError;

/// A currency: its ISO 4217 code and the number of decimals of its minor unit.
///
/// Values come only from [`Currency::TABLE`], so a `Currency` is always one Prorata knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    minor_unit_scale: u32,
}

impl Currency {
    pub const USD: Currency = Currency::define("USD", 2);
    pub const EUR: Currency = Currency::define("EUR", 2);
    pub const GBP: Currency = Currency::define("GBP", 2);
    pub const INR: Currency = Currency::define("INR", 2);
    pub const NGN: Currency = Currency::define("NGN", 2);
    pub const JPY: Currency = Currency::define("JPY", 0);
    pub const KWD: Currency = Currency::define("KWD", 3);

    /// Every currency Prorata accepts. To add one, add a line here: nothing else changes.
    pub const TABLE: &'static [Currency] = &[
        Currency::USD,
        Currency::EUR,
        Currency::GBP,
        Currency::INR,
        Currency::NGN,
        Currency::JPY,
        Currency::KWD,
        Currency::define("AED", 2),
        Currency::define("AUD", 2),
        Currency::define("BHD", 3),
        Currency::define("CAD", 2),
        Currency::define("CHF", 2),
        Currency::define("GHS", 2),
        Currency::define("KES", 2),
        Currency::define("KRW", 0),
        Currency::define("OMR", 3),
        Currency::define("SGD", 2),
        Currency::define("ZAR", 2),
    ];

    const fn define(code: &'static str, minor_unit_scale: u32) -> Currency {
        Currency {
            code,
            minor_unit_scale,
        }
    }

    /// Looks a currency up by its ISO 4217 code, which must be upper case as ISO writes it.
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        Currency::TABLE
            .iter()
            .find(|currency| currency.code == code)
            .copied()
            .ok_or_else(|| MoneyError::UnknownCurrency {
                code: code.to_owned(),
            })
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// How many decimals an amount in this currency has (USD 2, JPY 0, KWD 3).
    pub fn minor_unit_scale(&self) -> u32 {
        self.minor_unit_scale
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_in_the_table_is_unique_and_three_upper_case_letters() {
        let mut codes: Vec<&str> = Currency::TABLE.iter().map(Currency::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(
            codes.len(),
            Currency::TABLE.len(),
            "a code appears twice in the table"
        );
        for code in codes {
            assert!(
                code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
                "{code} is not an ISO 4217 code"
            );
        }
    }

    #[test]
    fn scales_follow_iso_4217() {
        let scale = |code| Currency::from_code(code).map(|c| c.minor_unit_scale());
        assert_eq!(scale("USD"), Ok(2));
        assert_eq!(scale("JPY"), Ok(0), "the yen has no minor unit");
        assert_eq!(
            scale("KWD"),
            Ok(3),
            "the Kuwaiti dinar has fils, a thousandth"
        );
    }

    #[test]
    fn an_unknown_or_lower_case_code_is_refused_by_name() {
        for code in ["XYZ", "usd", "", "US"] {
            assert_eq!(
                Currency::from_code(code),
                Err(MoneyError::UnknownCurrency {
                    code: code.to_owned()
                }),
                "{code:?} must not be accepted"
            );
        }
    }
}
