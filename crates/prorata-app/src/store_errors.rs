//! How the store's failures reach callers: a code to switch on and a message that names the
//! object at fault.

use prorata_store::StoreError;
use prorata_store::cluster::ClusterError;
use prorata_store::control::SigningError;
use prorata_store::ledger::LedgerStoreError;

use crate::{Code, Error};

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Error {
        match error {
            StoreError::Cluster(error) => error.into(),
            StoreError::Ledger(error) => error.into(),
            StoreError::InvalidUrl(message) => Error::invalid("database_url", message),
            other => Error::new(Code::Internal, other.to_string()),
        }
    }
}

impl From<ClusterError> for Error {
    fn from(error: ClusterError) -> Error {
        let code = match &error {
            ClusterError::NotInitialised(_) | ClusterError::UnusablePath(..) => Code::Validation,
            ClusterError::ServerUserCannotReach(_) => Code::Validation,
            ClusterError::AlreadyInitialised(_) => Code::Conflict,
            _ => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}

impl From<SigningError> for Error {
    fn from(error: SigningError) -> Error {
        let code = match error {
            SigningError::Locked => Code::Locked,
            SigningError::HeadFile { .. } => Code::Conflict,
            SigningError::FrontEndUnnamed => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}

impl From<LedgerStoreError> for Error {
    fn from(error: LedgerStoreError) -> Error {
        let code = match &error {
            LedgerStoreError::Rule { .. }
            | LedgerStoreError::InvalidEntry { .. }
            | LedgerStoreError::BatchTooLarge { .. }
            | LedgerStoreError::UnknownAccount(_)
            | LedgerStoreError::AmbiguousAccount { .. }
            | LedgerStoreError::NotInCurrency { .. }
            | LedgerStoreError::EntryNotFound(_)
            | LedgerStoreError::NotAHold(_)
            | LedgerStoreError::CannotReverseHold(_) => Code::Validation,
            LedgerStoreError::AccountConflict(_)
            | LedgerStoreError::WouldGoNegative { .. }
            | LedgerStoreError::IdempotencyConflict(_)
            | LedgerStoreError::HoldAlreadyResolved { .. }
            | LedgerStoreError::AlreadyReversed { .. }
            | LedgerStoreError::Refused(_) => Code::Conflict,
            LedgerStoreError::Inconsistent(_) | LedgerStoreError::Database(_) => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}
