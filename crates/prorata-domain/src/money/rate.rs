//! Rates: fractions from 0 to 1 (0.20 is 20%).

use std::fmt;

use rust_decimal::Decimal;

use super::{
    DecimalLimits, DecimalTextError, Money, MoneyError, decimal_text_error, parse_decimal,
};

/// A fraction from 0 to 1 inclusive, with at most [`Rate::MAX_SCALE`] decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rate(Decimal);

impl Rate {
    /// Twelve decimals express any rate a schedule states (0.000000000001 is a millionth of a
    /// basis point) and keep a rate times any amount's minor units inside 128 bits.
    pub const MAX_SCALE: u32 = 12;
    pub const ZERO: Rate = Rate(Decimal::ZERO);
    pub const ONE: Rate = Rate(Decimal::ONE);

    /// Reads a rate such as `0.20`. A percentage sign is not accepted: `20` would be 2,000%.
    pub fn parse(input: &str) -> Result<Rate, MoneyError> {
        let limits = DecimalLimits {
            max_scale: Rate::MAX_SCALE,
            max_integer_digits: 1,
            allow_negative: true,
        };
        let out_of_range = || MoneyError::RateOutOfRange {
            input: input.to_owned(),
        };
        let value = parse_decimal(input, limits).map_err(|error| match error {
            DecimalTextError::TooLarge | DecimalTextError::Negative => out_of_range(),
            other => decimal_text_error(other, input, "a rate", limits),
        })?;
        Rate::new(value.normalize()).map_err(|_| out_of_range())
    }

    /// Accepts a rate from 0 to 1 with at most [`Rate::MAX_SCALE`] decimals.
    pub fn new(value: Decimal) -> Result<Rate, MoneyError> {
        let value = value.normalize();
        if value < Decimal::ZERO || value > Decimal::ONE {
            return Err(MoneyError::RateOutOfRange {
                input: value.to_string(),
            });
        }
        if value.scale() > Rate::MAX_SCALE {
            return Err(MoneyError::TooManyDecimals {
                input: value.to_string(),
                of: "a rate",
                max_scale: Rate::MAX_SCALE,
            });
        }
        Ok(Rate(value))
    }

    pub fn as_decimal(&self) -> Decimal {
        self.0
    }

    /// The sum of two rates, which may exceed 1 and so is a plain `Decimal`, not a `Rate`.
    pub fn sum(self, other: Rate) -> Decimal {
        self.0 + other.0
    }

    /// `amount × rate`, rounded half-up (half away from zero) to the currency's scale.
    ///
    /// Computed on integers: minor units (below 10^18) times the rate's mantissa (at most
    /// 10^12) stays below 10^30, well inside i128, so nothing is approximated.
    pub fn apply_half_up(&self, amount: Money) -> Money {
        let divisor = 10i128.pow(self.0.scale());
        let product = amount.minor_units() * self.0.mantissa();
        let quotient = product / divisor;
        let remainder = product % divisor;
        let rounded = if 2 * remainder.abs() >= divisor {
            quotient + product.signum()
        } else {
            quotient
        };
        // The result is at most the amount in magnitude, so it is within bounds.
        Money::from_minor_units_unchecked(rounded, amount.currency())
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;

    fn rate(text: &str) -> Rate {
        Rate::parse(text).expect("a valid rate")
    }

    #[test]
    fn rates_from_zero_to_one_are_accepted() {
        assert_eq!(rate("0.20").as_decimal(), Decimal::new(2, 1));
        assert_eq!(rate("0"), Rate::ZERO);
        assert_eq!(rate("1.000"), Rate::ONE);
        assert_eq!(rate("0.000000000001").as_decimal(), Decimal::new(1, 12));
    }

    #[test]
    fn a_rate_outside_zero_to_one_is_out_of_range() {
        for input in ["1.01", "-0.01", "20", "100", "99999999999999999999"] {
            assert_eq!(
                Rate::parse(input),
                Err(MoneyError::RateOutOfRange {
                    input: input.to_owned()
                }),
                "{input} must be refused as out of range"
            );
        }
    }

    #[test]
    fn a_rate_that_is_not_a_number_or_too_precise_says_so() {
        assert!(matches!(
            Rate::parse("20%"),
            Err(MoneyError::NotANumber { .. })
        ));
        assert!(matches!(
            Rate::parse("0.1234567890123"),
            Err(MoneyError::TooManyDecimals { of: "a rate", .. })
        ));
    }

    #[test]
    fn applying_a_rate_rounds_half_up_at_the_currency_scale() {
        let usd = |text| Money::parse_signed(text, Currency::USD).expect("a USD amount");
        assert_eq!(
            rate("0.20").apply_half_up(usd("0.07")),
            usd("0.01"),
            "0.014 rounds down"
        );
        assert_eq!(
            rate("0.5").apply_half_up(usd("0.05")),
            usd("0.03"),
            "0.025 rounds up"
        );
        assert_eq!(
            rate("0.5").apply_half_up(usd("-0.05")),
            usd("-0.03"),
            "away from zero"
        );
        assert_eq!(rate("0.02").apply_half_up(usd("2000")), usd("40.00"));
        let yen = Money::parse("333", Currency::JPY).expect("a JPY amount");
        assert_eq!(rate("0.5").apply_half_up(yen).to_string(), "167");
    }
}
