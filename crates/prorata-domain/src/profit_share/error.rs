use rust_decimal::Decimal;
use thiserror::Error;

use crate::{AllocationError, MoneyError, Rate};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProfitShareError {
    #[error(
        "the partner commission rate ({}) and the platform fee rate ({}) add up to {}%, more than 100%",
        partner.percent_text(), platform.percent_text(), (sum * Decimal::ONE_HUNDRED).normalize()
    )]
    RatesExceedWhole {
        partner: Rate,
        platform: Rate,
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
