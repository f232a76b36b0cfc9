//! How deal errors reach callers: each with its code.

use prorata_domain::deal::DealError;
use prorata_domain::profit_share::ProfitShareError;
use prorata_store::deals::DealStoreError;

use crate::{Code, Error};

impl From<DealStoreError> for Error {
    fn from(error: DealStoreError) -> Error {
        let code = match error {
            DealStoreError::Refused(_) => Code::Conflict,
            _ => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}

impl From<DealError> for Error {
    fn from(error: DealError) -> Error {
        let code = match error {
            DealError::Transition { .. } => Code::Conflict,
            DealError::UnknownStatus(_) | DealError::MarkAfterDate { .. } => Code::Internal,
            _ => Code::Validation,
        };
        Error::new(code, error.to_string())
    }
}

impl From<ProfitShareError> for Error {
    fn from(error: ProfitShareError) -> Error {
        Error::new(Code::Validation, error.to_string())
    }
}
