use crate::{AllocationError, Rate};

use super::NetworkRole;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommissionError {
    #[error("\"{0}\" is not a status")]
    UnknownStatus(String),
    #[error(
        "\"{0}\" is not a network role: admin, white_label, master_distributor, distributor, retailer or customer"
    )]
    UnknownRole(String),
    #[error("\"{0}\" is not a service code: lower-case letters, digits, _ . or -, at most 63")]
    ServiceCode(String),
    #[error("no scheme is {0}")]
    UnknownScheme(String),
    #[error("a scheme is listed twice")]
    RepeatedScheme,
    #[error("scheme {0} is its own ancestor")]
    Cycle(String),
    #[error("scheme {scheme} is more than {max} levels below its root")]
    TooDeep { scheme: String, max: usize },
    #[error("a calculation reads at most {0} schemes")]
    TooManySchemes(usize),
    #[error(
        "scheme {scheme}, service {service}: the {role} rate {rate} is above its parent's {parent}"
    )]
    AboveParent {
        scheme: String,
        service: String,
        role: NetworkRole,
        rate: Rate,
        parent: Rate,
    },
    #[error(
        "scheme {scheme}, service {service}: the {lower} rate {lower_rate} is above the {higher} rate {higher_rate}, a negative margin"
    )]
    NegativeMargin {
        scheme: String,
        service: String,
        lower: NetworkRole,
        lower_rate: Rate,
        higher: NetworkRole,
        higher_rate: Rate,
    },
    #[error("the upline is empty: it starts at the transacting member")]
    EmptyUpline,
    #[error("an admin does not initiate transactions")]
    AdminTransacts,
    #[error("the upline must reach an admin, the top of the network")]
    UplineWithoutAdmin,
    #[error("the upline must climb: {upper} is not above {lower}")]
    UplineNotAscending {
        lower: NetworkRole,
        upper: NetworkRole,
    },
    #[error("a member is named twice in the upline")]
    RepeatedMember,
    #[error("the amount must not be negative")]
    NegativeAmount,
    #[error("the commission cannot be allocated: {0}")]
    Allocation(#[from] AllocationError),
}
