use thiserror::Error;

use super::Currency;

/// Why a text is not a valid amount, rate or number of units, or why arithmetic on money
/// cannot be done. Each variant is a distinct mistake with its own message.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error(
        "\"{input}\" is not a number (write digits with an optional decimal point, e.g. 1234.56)"
    )]
    NotANumber { input: String },

    #[error("\"{input}\" has more decimals than {of} allows (at most {max_scale})")]
    TooManyDecimals {
        input: String,
        of: &'static str,
        max_scale: u32,
    },

    #[error("\"{input}\" is negative; it must be zero or more")]
    Negative { input: String },

    #[error(
        "\"{input}\" is too large (at most {max_integer_digits} digits before the decimal point)"
    )]
    TooLarge {
        input: String,
        max_integer_digits: u32,
    },

    #[error(
        "\"{code}\" is not a currency Prorata knows (use an upper-case ISO 4217 code such as USD)"
    )]
    UnknownCurrency { code: String },

    #[error("rate \"{input}\" is outside 0-100% (write a fraction from 0 to 1, e.g. 0.20 for 20%)")]
    RateOutOfRange { input: String },

    #[error("{expected} and {found} amounts cannot be combined")]
    CurrencyMismatch { expected: Currency, found: Currency },

    #[error("the result is too large for an amount")]
    Overflow,
}
