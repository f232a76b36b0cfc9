//! Statement store errors in the caller's terms.

use prorata_store::statements::StatementStoreError;

use crate::{Code, Error};

impl From<StatementStoreError> for Error {
    fn from(error: StatementStoreError) -> Error {
        let code = match error {
            StatementStoreError::Refused(_) => Code::Conflict,
            StatementStoreError::Database(_) => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}
