//! Units: holdings of LP tokens, which are counted, not money.

use std::fmt;

use rust_decimal::Decimal;

use super::{DecimalLimits, MAX_INTEGER_DIGITS, MoneyError, decimal_text_error, parse_decimal};

/// A non-negative number of units held at exactly [`Units::SCALE`] decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Units(Decimal);

impl Units {
    pub const SCALE: u32 = 7;

    pub fn parse(input: &str) -> Result<Units, MoneyError> {
        let limits = DecimalLimits {
            max_scale: Units::SCALE,
            max_integer_digits: MAX_INTEGER_DIGITS,
            allow_negative: false,
        };
        parse_decimal(input, limits)
            .map(Units)
            .map_err(|error| decimal_text_error(error, input, "units", limits))
    }

    pub fn as_decimal(&self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_held_at_seven_decimals() {
        let held = Units::parse("12.5").expect("valid units");
        assert_eq!(held.to_string(), "12.5000000");
        assert!(matches!(
            Units::parse("0.00000001"),
            Err(MoneyError::TooManyDecimals {
                of: "units",
                max_scale: 7,
                ..
            })
        ));
        assert!(matches!(
            Units::parse("-1"),
            Err(MoneyError::Negative { .. })
        ));
    }
}
