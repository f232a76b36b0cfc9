use rust_decimal::Decimal;

use crate::AllocationError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RevenueSplitError {
    #[error("the gross must be more than zero")]
    NotPositive,
    #[error("the gateway's fixed fee is in another currency than the gross")]
    Currency,
    #[error("the taxes and fees take more than the gross")]
    FeesBeyondGross,
    #[error("a split needs at least one role")]
    NoRoles,
    #[error("a role is named twice")]
    RepeatedRole,
    #[error("the roles' shares add up to {}%, not 100%", .0.normalize())]
    SharesNotWhole(Decimal),
    #[error("\"{0}\" is not a revenue source: event, sponsor, premium or custom")]
    UnknownStatus(String),
    #[error("\"{0}\" is not a gateway name: lower-case letters, digits, _ . or -, at most 63")]
    GatewayName(String),
    #[error("a community credits at most {0} members in one transaction")]
    TooManyMembers(usize),
    #[error("the {0} role has a part of the pool and no member to credit")]
    RoleWithoutMembers(String),
    #[error("the net pool cannot be split: {0}")]
    Allocation(#[from] AllocationError),
}
