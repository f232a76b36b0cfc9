//! Rates: fractions from 0 to 1 (0.20 is 20%), read and shown as percentages in the window.

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
            DecimalTextError::NotANumber => MoneyError::NotARate {
                input: input.to_owned(),
            },
            other => decimal_text_error(other, input, "a rate", limits),
        })?;
        Rate::new(value.normalize()).map_err(|_| out_of_range())
    }

    /// The most decimals a percentage may have: a rate's twelve, less the two of "per cent".
    pub const MAX_PERCENT_SCALE: u32 = Rate::MAX_SCALE - 2;

    /// Reads a percentage as a person types it in the window: `20`, `20%`, `20 %`, `12.5`,
    /// `0.20` (which is 0.20%, not 20%). The decimal point is moved two places on the digits
    /// themselves, so `12.345%` is exactly 0.12345, never a float's neighbour of it.
    pub fn parse_percent(input: &str) -> Result<Rate, MoneyError> {
        let text = input.trim();
        let digits = text.strip_suffix('%').map_or(text, str::trim_end);
        let limits = DecimalLimits {
            max_scale: Rate::MAX_PERCENT_SCALE,
            max_integer_digits: 3,
            allow_negative: true,
        };
        let out_of_range = || MoneyError::PercentageOutOfRange {
            input: text.to_owned(),
        };
        let percent = parse_decimal(digits, limits).map_err(|error| match error {
            DecimalTextError::TooLarge | DecimalTextError::Negative => out_of_range(),
            DecimalTextError::NotANumber => MoneyError::NotAPercentage {
                input: text.to_owned(),
            },
            DecimalTextError::TooManyDecimals => MoneyError::TooManyDecimals {
                input: text.to_owned(),
                of: "a percentage",
                max_scale: Rate::MAX_PERCENT_SCALE,
            },
        })?;
        debug_assert_eq!(percent.scale(), Rate::MAX_PERCENT_SCALE);
        // The same digits read two places further right: an exact division by 100.
        let fraction = Decimal::from_i128_with_scale(percent.mantissa(), Rate::MAX_SCALE);
        Rate::new(fraction).map_err(|_| out_of_range())
    }

    /// The rate as a percentage with as many decimals as it needs: `20%`, `12.5%`, `0.02%`.
    /// [`Rate::parse_percent`] reads it back to the same rate.
    pub fn percent_text(&self) -> String {
        format!("{}%", self.percent())
    }

    /// The rate times 100, exactly: the digits with the decimal point two places right.
    pub fn percent(&self) -> Decimal {
        let (mantissa, scale) = (self.0.mantissa(), self.0.scale());
        let percent = if scale >= 2 {
            Decimal::from_i128_with_scale(mantissa, scale - 2)
        } else {
            // At most 1 × 100: far inside the range of a Decimal.
            Decimal::from_i128_with_scale(mantissa * 10i128.pow(2 - scale), 0)
        };
        percent.normalize()
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
            Err(MoneyError::NotARate { .. })
        ));
        assert!(matches!(
            Rate::parse("0.1234567890123"),
            Err(MoneyError::TooManyDecimals { of: "a rate", .. })
        ));
    }

    fn percent(text: &str) -> Result<Rate, MoneyError> {
        Rate::parse_percent(text)
    }

    #[test]
    fn a_percentage_is_read_with_or_without_its_sign_and_moved_two_places_exactly() {
        for input in ["20", "20%", "20 %", " 20% ", "20.00", "020"] {
            assert_eq!(percent(input), Ok(rate("0.20")), "{input:?}");
        }
        assert_eq!(
            percent("0.20"),
            Ok(rate("0.002")),
            "0.20 is a fifth of one per cent"
        );
        assert_eq!(percent("12.345%"), Ok(rate("0.12345")));
        assert_eq!(percent("100%"), Ok(Rate::ONE));
        assert_eq!(percent("0"), Ok(Rate::ZERO));
        assert_eq!(percent("0.0000000001"), Ok(rate("0.000000000001")));
    }

    #[test]
    fn each_kind_of_bad_percentage_has_its_own_error() {
        for input in ["100.01", "-1", "250%", "1000"] {
            assert_eq!(
                percent(input),
                Err(MoneyError::PercentageOutOfRange {
                    input: input.to_owned()
                }),
                "{input}"
            );
        }
        for input in ["", "%", "twenty", "20%%", "%20", "1e1", "20,5"] {
            assert_eq!(
                percent(input),
                Err(MoneyError::NotAPercentage {
                    input: input.trim().to_owned()
                }),
                "{input:?}"
            );
        }
        assert!(matches!(
            percent("0.00000000001"),
            Err(MoneyError::TooManyDecimals {
                of: "a percentage",
                max_scale: 10,
                ..
            })
        ));
    }

    #[test]
    fn a_rate_shows_as_the_percentage_it_is() {
        assert_eq!(rate("0.2").percent_text(), "20%");
        assert_eq!(rate("0.02").percent_text(), "2%");
        assert_eq!(rate("0.125").percent_text(), "12.5%");
        assert_eq!(rate("1").percent_text(), "100%");
        assert_eq!(Rate::ZERO.percent_text(), "0%");
        assert_eq!(rate("0.000000000001").percent_text(), "0.0000000001%");
    }

    proptest::proptest! {
        /// Percent text read as a rate and shown again is the same text, for every rate the
        /// store can hold (0 to 1 with up to twelve decimals).
        #[test]
        fn percent_text_and_stored_rate_are_each_others_identity(
            mantissa in 0i64..=1_000_000_000_000,
            scale in 0u32..=12,
        ) {
            let value = Decimal::new(mantissa, 12).round_dp(scale);
            let stored = Rate::new(value).expect("0 to 1 with at most 12 decimals");
            let text = stored.percent_text();
            let read = Rate::parse_percent(&text).expect("a rate's own percent text reads");
            proptest::prop_assert_eq!(read, stored);
            proptest::prop_assert_eq!(read.percent_text(), text);
        }
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
