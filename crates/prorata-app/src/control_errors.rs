//! How control failures reach callers.

use prorata_domain::control::ControlError;
use prorata_store::control::ControlStoreError;

use crate::{Code, Error};

impl From<ControlError> for Error {
    fn from(error: ControlError) -> Error {
        let code = match &error {
            ControlError::MissingRole { .. } | ControlError::SelfApproval { .. } => {
                Code::PermissionDenied
            }
            ControlError::InvalidUserName(_)
            | ControlError::InvalidProgramSlug(_)
            | ControlError::UnknownRole(_)
            | ControlError::PasswordTooShort { .. } => Code::Validation,
        };
        Error::new(code, error.to_string())
    }
}

impl From<ControlStoreError> for Error {
    fn from(error: ControlStoreError) -> Error {
        Error::new(Code::Internal, error.to_string())
    }
}
