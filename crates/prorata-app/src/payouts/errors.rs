//! How payout errors reach callers: each with its code.

use prorata_domain::payout::PayoutError;
use prorata_store::payouts::PayoutStoreError;

use crate::{Code, Error};

impl From<PayoutStoreError> for Error {
    fn from(error: PayoutStoreError) -> Error {
        let code = match error {
            PayoutStoreError::Refused(_) => Code::Conflict,
            PayoutStoreError::Database(_) => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}

impl From<PayoutError> for Error {
    fn from(error: PayoutError) -> Error {
        let code = match error {
            PayoutError::Transition { .. } | PayoutError::BatchTransition { .. } => Code::Conflict,
            PayoutError::UnknownStatus(_) => Code::Internal,
            PayoutError::AccountNumber(_) | PayoutError::Bic(_) => Code::Validation,
        };
        Error::new(code, error.to_string())
    }
}
