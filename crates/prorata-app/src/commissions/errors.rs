//! How the commission store's errors reach a front end.

use prorata_domain::commission::CommissionError;
use prorata_store::commissions::CommissionStoreError;

use crate::{Code, Error};

impl From<CommissionStoreError> for Error {
    fn from(error: CommissionStoreError) -> Error {
        let code = match &error {
            CommissionStoreError::Refused(_) => Code::Conflict,
            CommissionStoreError::Database(_) => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}

impl From<CommissionError> for Error {
    fn from(error: CommissionError) -> Error {
        Error::invalid("rate", error)
    }
}
