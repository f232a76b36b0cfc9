//! What front ends see of a deal's LP units.

use prorata_domain::lp::RegisterPermits;
use serde::{Deserialize, Serialize};

/// One investor's holding, with its part of all units as a percentage to 7 places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HoldingView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub investor_id: i64,
    pub investor: String,
    pub units: String,
    pub ownership_percent: String,
}

/// A deal's holdings at the end of a day (or now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HoldingsView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub deal: String,
    /// The day the holdings are at the end of; none for now.
    pub as_of: Option<String>,
    pub total_units: String,
    /// Every holder, by investor id (`{"items": [...]}` as lists are written).
    pub items: Vec<HoldingView>,
    /// What the signed-in user may do with the register.
    pub permits: RegisterPermits,
}
