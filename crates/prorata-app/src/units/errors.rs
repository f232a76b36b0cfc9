//! Unit errors in the caller's terms.

use prorata_domain::lp::LpError;
use prorata_store::units::UnitStoreError;

use crate::{Code, Error};

impl From<UnitStoreError> for Error {
    fn from(error: UnitStoreError) -> Error {
        let code = match error {
            UnitStoreError::Refused(_) => Code::Conflict,
            UnitStoreError::Database(_) => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}

impl From<LpError> for Error {
    fn from(error: LpError) -> Error {
        match &error {
            LpError::NotHeld { .. } | LpError::OutOfOrder { .. } | LpError::Snapshotted { .. } => {
                Error::new(Code::Conflict, format!("units: {error}"))
            }
            LpError::Transition { .. } | LpError::NoUnitsOutstanding(_) => {
                Error::new(Code::Conflict, format!("event: {error}"))
            }
            LpError::BeyondAvailable { .. } => {
                Error::new(Code::Conflict, format!("amount: {error}"))
            }
            LpError::UnknownStatus(_) => Error::invalid("kind", error),
            LpError::TransferToSelf(_) => Error::invalid("to", error),
            LpError::Zero | LpError::Overflow => Error::invalid("units", error),
            LpError::Allocation(_) => Error::new(Code::Internal, format!("event: {error}")),
        }
    }
}
