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

    #[error("\"{input}\" is not a rate (write a fraction from 0 to 1, e.g. 0.20 for 20%)")]
    NotARate { input: String },

    #[error("\"{input}\" is not a percentage (write e.g. 20 or 20% for twenty percent)")]
    NotAPercentage { input: String },

    #[error("\"{input}\" is outside 0-100%")]
    PercentageOutOfRange { input: String },

    #[error(
        "\"{input}\" has a comma out of place (group the digits before the decimal point in threes, e.g. 12,000.50)"
    )]
    MisplacedGroupSeparator { input: String },

    #[error("{expected} and {found} amounts cannot be combined")]
    CurrencyMismatch { expected: Currency, found: Currency },

    #[error("the result is too large for an amount")]
    Overflow,
}

impl MoneyError {
    /// The same mistake, quoting `input` (the text as typed) instead of the text read.
    pub(crate) fn about(self, input: &str) -> MoneyError {
        let input = input.to_owned();
        match self {
            MoneyError::NotANumber { .. } => MoneyError::NotANumber { input },
            MoneyError::TooManyDecimals { of, max_scale, .. } => MoneyError::TooManyDecimals {
                input,
                of,
                max_scale,
            },
            MoneyError::Negative { .. } => MoneyError::Negative { input },
            MoneyError::TooLarge {
                max_integer_digits, ..
            } => MoneyError::TooLarge {
                input,
                max_integer_digits,
            },
            other => other,
        }
    }
}
