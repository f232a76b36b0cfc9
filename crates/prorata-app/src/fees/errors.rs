//! Revenue errors in the caller's terms.

use prorata_domain::revenue_split::RevenueSplitError;
use prorata_store::revenue::RevenueStoreError;

use crate::{Code, Error};

impl From<RevenueStoreError> for Error {
    fn from(error: RevenueStoreError) -> Error {
        let code = match error {
            RevenueStoreError::Refused(_) => Code::Conflict,
            RevenueStoreError::Database(_) => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}

impl From<RevenueSplitError> for Error {
    fn from(error: RevenueSplitError) -> Error {
        match error {
            RevenueSplitError::UnknownStatus(_) => Error::invalid("source", error),
            RevenueSplitError::Currency => Error::invalid("gateway_fixed_fee", error),
            RevenueSplitError::NotPositive | RevenueSplitError::FeesBeyondGross => {
                Error::invalid("gross", error)
            }
            _ => Error::invalid("roles", error),
        }
    }
}
