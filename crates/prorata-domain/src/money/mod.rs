//! Exact money: currencies, amounts, rates and units.

mod currency;
mod decimal_text;
mod error;
mod rate;
mod units;

use std::fmt;

use rust_decimal::Decimal;

pub use currency::Currency;
pub(crate) use decimal_text::{DecimalLimits, DecimalTextError, parse_decimal, ungroup};
pub use error::MoneyError;
pub use rate::Rate;
pub use units::Units;

/// The most digits an amount may have before its decimal point: amounts up to
/// 999,999,999,999,999 in any currency. This keeps every product of an amount's minor units
/// with a rate or a weight inside 128-bit integers.
pub const MAX_INTEGER_DIGITS: u32 = 15;

/// An amount of one currency, held at exactly the currency's scale.
///
/// Invariant: `amount.scale() == currency.minor_unit_scale()` and the amount has at most
/// [`MAX_INTEGER_DIGITS`] integer digits, so `amount.mantissa()` is the amount in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    pub fn zero(currency: Currency) -> Money {
        Money {
            amount: Decimal::new(0, currency.minor_unit_scale()),
            currency,
        }
    }

    /// Reads an amount that must be zero or more, such as an investment or a deal value.
    pub fn parse(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        Money::parse_with(input, currency, false)
    }

    /// Reads an amount that may be negative, such as a balance or an adjustment.
    pub fn parse_signed(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        Money::parse_with(input, currency, true)
    }

    /// Reads an amount as the window shows it, with optional thousands separators
    /// (`12,000.50`) and surrounding spaces; the command line takes plain digits only.
    pub fn parse_grouped(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        let trimmed = input.trim();
        let plain = ungroup(trimmed).ok_or_else(|| MoneyError::MisplacedGroupSeparator {
            input: trimmed.to_owned(),
        })?;
        Money::parse(&plain, currency).map_err(|error| error.about(trimmed))
    }

    fn parse_with(
        input: &str,
        currency: Currency,
        allow_negative: bool,
    ) -> Result<Money, MoneyError> {
        let limits = DecimalLimits {
            max_scale: currency.minor_unit_scale(),
            max_integer_digits: MAX_INTEGER_DIGITS,
            allow_negative,
        };
        let amount = parse_decimal(input, limits)
            .map_err(|error| decimal_text_error(error, input, currency.code(), limits))?;
        Ok(Money { amount, currency })
    }

    /// Builds an amount from a count of minor units (cents, paise, kobo, fils).
    pub fn from_minor_units(minor_units: i128, currency: Currency) -> Result<Money, MoneyError> {
        if minor_units.unsigned_abs() >= max_minor_units(currency) {
            return Err(MoneyError::Overflow);
        }
        Ok(Money::from_minor_units_unchecked(minor_units, currency))
    }

    /// Builds an amount the caller has already proven to be within bounds, for example a
    /// part of an amount that was itself within bounds.
    pub(crate) fn from_minor_units_unchecked(minor_units: i128, currency: Currency) -> Money {
        debug_assert!(minor_units.unsigned_abs() < max_minor_units(currency));
        Money {
            amount: Decimal::from_i128_with_scale(minor_units, currency.minor_unit_scale()),
            currency,
        }
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount in minor units: 312.00 USD is 31200.
    pub fn minor_units(&self) -> i128 {
        self.amount.mantissa()
    }

    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.minor_units() < 0
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let sum = self.minor_units() + other.minor_units();
        Money::from_minor_units(sum, self.currency)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let difference = self.minor_units() - other.minor_units();
        Money::from_minor_units(difference, self.currency)
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                expected: self.currency,
                found: other.currency,
            })
        }
    }
}

impl fmt::Display for Money {
    /// Writes the amount at its currency's scale, without the code: `312.00`, `5000` (JPY).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.amount)
    }
}

fn max_minor_units(currency: Currency) -> u128 {
    let digits = MAX_INTEGER_DIGITS + currency.minor_unit_scale();
    10u128.pow(digits)
}

/// Turns a reader's error into the money error that names what was being read.
pub(crate) fn decimal_text_error(
    error: DecimalTextError,
    input: &str,
    of: &'static str,
    limits: DecimalLimits,
) -> MoneyError {
    let input = input.to_owned();
    match error {
        DecimalTextError::NotANumber => MoneyError::NotANumber { input },
        DecimalTextError::Negative => MoneyError::Negative { input },
        DecimalTextError::TooManyDecimals => MoneyError::TooManyDecimals {
            input,
            of,
            max_scale: limits.max_scale,
        },
        DecimalTextError::TooLarge => MoneyError::TooLarge {
            input,
            max_integer_digits: limits.max_integer_digits,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(text: &str) -> Money {
        Money::parse(text, Currency::USD).expect("a valid USD amount")
    }

    #[test]
    fn an_amount_is_held_at_its_currency_scale_whatever_was_typed() {
        assert_eq!(usd("312").to_string(), "312.00");
        assert_eq!(usd("312").minor_units(), 31_200);
        let yen = Money::parse("5000.00", Currency::JPY).expect("zero decimals are accepted");
        assert_eq!(yen.to_string(), "5000", "the yen has no decimals");
        let fils = Money::parse("1.5", Currency::KWD).expect("a KWD amount");
        assert_eq!(fils.to_string(), "1.500");
    }

    #[test]
    fn each_kind_of_bad_amount_has_its_own_error() {
        let parse = |text| Money::parse(text, Currency::USD);
        assert!(matches!(parse("12,00"), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(
            parse("12.345"),
            Err(MoneyError::TooManyDecimals {
                of: "USD",
                max_scale: 2,
                ..
            })
        ));
        assert!(matches!(parse("-5"), Err(MoneyError::Negative { .. })));
        assert!(matches!(
            parse("1000000000000000"),
            Err(MoneyError::TooLarge { .. })
        ));
        assert!(matches!(
            Money::parse("1.5", Currency::JPY),
            Err(MoneyError::TooManyDecimals {
                of: "JPY",
                max_scale: 0,
                ..
            })
        ));
    }

    #[test]
    fn the_window_reads_amounts_grouped_in_thousands_and_names_what_was_typed() {
        let grouped = |text| Money::parse_grouped(text, Currency::USD);
        assert_eq!(grouped("12,000.50"), Ok(usd("12000.50")));
        assert_eq!(grouped(" 12000 "), Ok(usd("12000")));
        assert_eq!(grouped("1,234,567.89"), Ok(usd("1234567.89")));
        assert_eq!(
            grouped("12,00"),
            Err(MoneyError::MisplacedGroupSeparator {
                input: "12,00".to_owned()
            })
        );
        assert_eq!(
            grouped("1,000.123"),
            Err(MoneyError::TooManyDecimals {
                input: "1,000.123".to_owned(),
                of: "USD",
                max_scale: 2
            }),
            "the error quotes the text as typed"
        );
        assert!(
            Money::parse("12,000.50", Currency::USD).is_err(),
            "the command line's reader is unchanged"
        );
    }

    #[test]
    fn signed_amounts_keep_their_sign() {
        let debt = Money::parse_signed("-12.5", Currency::USD).expect("a signed amount");
        assert!(debt.is_negative());
        assert_eq!(debt.to_string(), "-12.50");
    }

    #[test]
    fn arithmetic_is_exact_and_refuses_to_overflow_or_mix_currencies() {
        assert_eq!(
            usd("0.10").checked_add(usd("0.20")),
            Ok(usd("0.30")),
            "no binary fractions"
        );
        assert_eq!(usd("1.00").checked_sub(usd("0.01")), Ok(usd("0.99")));
        let largest = usd("999999999999999.99");
        assert_eq!(largest.checked_add(usd("0.01")), Err(MoneyError::Overflow));
        let rupees = Money::parse("1", Currency::INR).expect("an INR amount");
        assert_eq!(
            usd("1").checked_add(rupees),
            Err(MoneyError::CurrencyMismatch {
                expected: Currency::USD,
                found: Currency::INR
            })
        );
    }

    #[test]
    fn minor_units_beyond_the_bound_are_refused() {
        assert!(Money::from_minor_units(99_999_999_999_999_999, Currency::USD).is_ok());
        assert_eq!(
            Money::from_minor_units(100_000_000_000_000_000, Currency::USD),
            Err(MoneyError::Overflow)
        );
    }
}
