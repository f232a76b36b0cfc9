use chrono::NaiveDate;
use thiserror::Error;

use crate::{Currency, MoneyError};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DealError {
    #[error("the circuit-breaker threshold must be above 0%")]
    ZeroThreshold,

    #[error("\"{0}\" is not a status")]
    UnknownStatus(String),

    #[error("a {from} distribution cannot be {action}")]
    Transition {
        from: &'static str,
        action: &'static str,
    },

    #[error("an amount in {found} where the deal is in {expected}")]
    CurrencyMismatch { expected: Currency, found: Currency },

    #[error("the last distribution is dated {mark_date}, not before {date}")]
    MarkAfterDate {
        mark_date: NaiveDate,
        date: NaiveDate,
    },

    #[error(transparent)]
    Money(#[from] MoneyError),
}
