//! Event errors in the caller's terms.

use prorata_store::events::EventStoreError;

use crate::{Code, Error};

impl From<EventStoreError> for Error {
    fn from(error: EventStoreError) -> Error {
        let code = match error {
            EventStoreError::Refused(_) => Code::Conflict,
            EventStoreError::Database(_) => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}
