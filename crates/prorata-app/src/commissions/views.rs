//! What front ends see of commission schemes. Rates are fractions as decimal strings.

use prorata_domain::commission::NetworkRole;
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
    pub added_by: String,
}

pub(crate) fn role_word(role: NetworkRole) -> String {
    role.as_str().to_owned()
}
