//! How the affiliate store's and domain's errors reach a front end.

use prorata_domain::affiliate::AffiliateError;
use prorata_store::affiliates::AffiliateStoreError;

use crate::{Code, Error};

impl From<AffiliateStoreError> for Error {
    fn from(error: AffiliateStoreError) -> Error {
        let code = match &error {
            AffiliateStoreError::Refused(_) => Code::Conflict,
            AffiliateStoreError::Database(_) => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}

impl From<AffiliateError> for Error {
    fn from(error: AffiliateError) -> Error {
        let field = match error {
            AffiliateError::UnknownStatus(_) => "status",
            AffiliateError::RatesAboveWhole { .. } => "rate",
            AffiliateError::NotPositive => "amount",
        };
        Error::invalid(field, error)
    }
}
