use rust_decimal::Decimal;
use thiserror::Error;

use crate::{AllocationError, MoneyError};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProfitShareError {
    #[error(
        "the partner commission rate ({partner}) and the platform fee rate ({platform}) add up to {sum}, more than 100%"
    )]
    RatesExceedWhole {
        partner: Decimal,
        platform: Decimal,
        sum: Decimal,
    },

    #[error("the current value is in {found}, but the high-water mark is in {expected}")]
    ValueCurrencyMismatch {
        expected: crate::Currency,
        found: crate::Currency,
    },

    #[error("the investment at position {index} is in {found}, but the deal is in {expected}")]
    InvestmentCurrencyMismatch {
        index: usize,
        expected: crate::Currency,
        found: crate::Currency,
    },

    #[error(transparent)]
    Money(#[from] MoneyError),

    #[error("the investor pool cannot be allocated: {0}")]
    Allocation(#[from] AllocationError),
}
