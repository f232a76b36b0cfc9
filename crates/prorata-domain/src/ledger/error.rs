use thiserror::Error;

use crate::Currency;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LedgerError {
    #[error(
        "\"{0}\" is not an account code (write a lower-case family and parts, e.g. investor:42:payable)"
    )]
    InvalidAccountCode(String),

    #[error("\"{0}\" is not a side (debit or credit)")]
    UnknownSide(String),

    #[error("\"{0}\" is not an account type (asset, liability, equity, income or expense)")]
    UnknownAccountType(String),

    #[error("\"{0}\" is not a phase (posted or pending)")]
    UnknownPhase(String),

    #[error("an entry needs at least two legs, not {0}")]
    TooFewLegs(usize),

    #[error("an entry may have at most {max} legs, not {count}")]
    TooManyLegs { count: usize, max: usize },

    #[error("the leg at position {index} is not above zero")]
    NonPositiveAmount { index: usize },

    #[error("the entry does not balance in {currency}: debits exceed credits by {difference}")]
    Unbalanced {
        currency: Currency,
        difference: String,
    },

    #[error("an account's totals would exceed what the ledger can hold")]
    TotalsOverflow,
}
