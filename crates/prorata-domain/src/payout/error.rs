use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PayoutError {
    #[error("\"{0}\" is not a status")]
    UnknownStatus(String),

    #[error("a {from} withdrawal cannot be {action}")]
    Transition {
        from: &'static str,
        action: &'static str,
    },

    #[error("a {from} payout batch cannot be {action}")]
    BatchTransition {
        from: &'static str,
        action: &'static str,
    },

    #[error("{0}")]
    AccountNumber(String),

    #[error("\"{0}\" is not a BIC: 8 or 11 letters and digits, the 5th and 6th a country code")]
    Bic(String),
}
