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

impl Units {
    /// No units.
    pub fn zero() -> Units {
        Units(Decimal::new(0, Units::SCALE))
    }

    /// Reads units held at exactly [`Units::SCALE`] decimals, as stored.
    pub fn from_decimal(value: Decimal) -> Result<Units, MoneyError> {
        Units::parse(&value.to_string())
    }

    /// The units in ten-millionths: what ratios between holdings are computed on.
    pub fn minor_units(&self) -> i128 {
        let mut scaled = self.0;
        scaled.rescale(Units::SCALE);
        scaled.mantissa()
    }

    /// `self + other`, or `None` past [`MAX_INTEGER_DIGITS`] integer digits.
    pub fn checked_add(self, other: Units) -> Option<Units> {
        let sum = self.0.checked_add(other.0)?;
        Units::from_decimal(sum).ok()
    }

    /// `self - other`, or `None` when `other` is more than `self`: a holding is never below zero.
    pub fn checked_sub(self, other: Units) -> Option<Units> {
        if other > self {
            return None;
        }
        Units::from_decimal(self.0 - other.0).ok()
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
}

#[cfg(test)]
mod arithmetic {
    use super::*;

    #[test]
    fn units_add_and_subtract_exactly_and_never_below_zero() {
        let u = |t: &str| Units::parse(t).expect("units");
        assert_eq!(u("100").checked_sub(u("0.0000001")), Some(u("99.9999999")));
        assert_eq!(
            u("0.0000001").checked_add(u("0.0000002")),
            Some(u("0.0000003"))
        );
        assert_eq!(u("60").checked_sub(u("60.0000001")), None);
        assert_eq!(u("1.5").minor_units(), 15_000_000);
        assert!(u("0").is_zero() && Units::zero().is_zero());
        let most = u("999999999999999.9999999");
        assert_eq!(
            most.checked_add(u("0.0000001")),
            None,
            "past 15 integer digits"
        );
    }
}
