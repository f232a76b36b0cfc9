//! What front ends see of commission schemes. Rates are fractions as decimal strings.

use prorata_domain::commission::NetworkRole;
pub use prorata_domain::commission::NetworkTransactionStatus;
use serde::{Deserialize, Serialize};

/// A role's rate at one level of a chain: what the scheme sets (`None`: inherits) and what it
/// resolves to there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SchemeRateView {
    pub role: String,
    pub set: Option<String>,
    pub resolved: String,
}

/// One scheme of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SchemeLevelView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    pub created_by: String,
    /// Top down: admin first, customer last.
    pub rates: Vec<SchemeRateView>,
}

/// A scheme and its ancestors up to the root for one service, the scheme first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SchemeChainView {
    pub service: String,
    pub levels: Vec<SchemeLevelView>,
}

/// A scheme of the program's tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SchemeView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    /// `None` for the root.
    pub parent: Option<String>,
    pub created_by: String,
    /// How many levels below the root: 0 for the root.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub depth: i64,
}

/// A member of the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NetworkMemberView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    pub role: String,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub upline_id: Option<i64>,
    pub upline: Option<String>,
    pub scheme: String,
    /// Levels below the network's admin: 0 for the admin.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub depth: i64,
    /// The network's currency; `None` for a member added before networks had one.
    pub currency: Option<String>,
    pub added_by: String,
}

/// One role's rate in a scheme's grid: what the scheme resolves, and whether it sets it, takes
/// it from an ancestor (named) or finds it set nowhere (zero).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SchemeCellView {
    pub role: String,
    pub resolved: String,
    pub set_here: bool,
    pub inherited_from: Option<String>,
}

/// A service's row of a scheme's grid, its roles top down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SchemeServiceView {
    pub service: String,
    pub cells: Vec<SchemeCellView>,
}

/// A scheme's rates, services by roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SchemeGridView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    pub services: Vec<SchemeServiceView>,
}

/// A member's part of a transaction's commission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NetworkCommissionView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub member: String,
    pub role: String,
    /// Its margin, and those rolled up to it from roles no member of the upline holds.
    pub margin: String,
    pub amount: String,
}

/// A network transaction and its commission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NetworkTransactionView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub status: NetworkTransactionStatus,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    /// The transacting member.
    pub member: String,
    pub service: String,
    pub currency: String,
    pub amount: String,
    /// The top role's rate as the member's scheme resolved it, a fraction.
    pub commission_rate: String,
    /// The commission total, shared over the upline.
    pub commission: String,
    pub reference: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub entry_id: i64,
    pub recorded_by: String,
    /// UTC, to the microsecond.
    pub recorded_at: String,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub reversal_entry_id: Option<i64>,
    pub reversal_reason: Option<String>,
    pub reversed_by: Option<String>,
    pub reversed_at: Option<String>,
    /// Whether the signed-in user may reverse it now.
    pub can_reverse: bool,
    /// Each upline member's part, from the transacting member up; empty in lists.
    pub commissions: Vec<NetworkCommissionView>,
}

pub(crate) fn role_word(role: NetworkRole) -> String {
    role.as_str().to_owned()
}
