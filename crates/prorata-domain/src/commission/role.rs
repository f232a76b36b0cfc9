//! The roles of a distribution network, top down.

use std::fmt;

use super::CommissionError;

/// A role in the network; `rank` 0 is the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NetworkRole {
    Admin,
    WhiteLabel,
    MasterDistributor,
    Distributor,
    Retailer,
    Customer,
}

impl NetworkRole {
    /// Top down.
    pub const ALL: [NetworkRole; 6] = [
        NetworkRole::Admin,
        NetworkRole::WhiteLabel,
        NetworkRole::MasterDistributor,
        NetworkRole::Distributor,
        NetworkRole::Retailer,
        NetworkRole::Customer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NetworkRole::Admin => "admin",
            NetworkRole::WhiteLabel => "white_label",
            NetworkRole::MasterDistributor => "master_distributor",
            NetworkRole::Distributor => "distributor",
            NetworkRole::Retailer => "retailer",
            NetworkRole::Customer => "customer",
        }
    }

    pub fn parse(text: &str) -> Result<NetworkRole, CommissionError> {
        NetworkRole::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| CommissionError::UnknownRole(text.to_owned()))
    }

    /// 0 for the admin, 5 for the customer.
    pub fn rank(self) -> usize {
        self as usize
    }

    /// The next role down, `None` below the customer.
    pub fn below(self) -> Option<NetworkRole> {
        NetworkRole::ALL.get(self.rank() + 1).copied()
    }
}

impl fmt::Display for NetworkRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
