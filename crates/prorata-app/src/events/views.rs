//! What front ends see of LP distribution events and their allocations.

use prorata_domain::control::Permit;
use prorata_domain::lp::{AllocationStatus, EventKind, EventPermits, EventStatus};
use serde::{Deserialize, Serialize};

/// One holder's allocation: their units at the snapshot, their part of all units (a
/// percentage to 7 places), and where the money stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AllocationView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub event_id: i64,
    pub event_title: String,
    pub event_status: EventStatus,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub deal: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub investor_id: i64,
    pub investor: String,
    pub currency: String,
    pub units: String,
    pub ownership: String,
    pub amount: String,
    pub withdrawn: String,
    pub pending: String,
    pub available: String,
    pub status: AllocationStatus,
}

/// An event's money, summed over its allocations: allocated = withdrawn + pending +
/// available.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventTotalsView {
    pub allocated: String,
    pub withdrawn: String,
    pub pending: String,
    pub available: String,
}

/// An event in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventSummaryView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub status: EventStatus,
    #[serde(rename = "type")]
    pub kind: EventKind,
    pub title: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub deal: String,
    pub currency: String,
    pub total: String,
    pub distribution_date: String,
    pub snapshot_date: Option<String>,
    /// The payment position: allocated = withdrawn + pending + available.
    pub totals: EventTotalsView,
}

/// An event, whole: its snapshot, its allocations, who did what, and what the signed-in user
/// may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub status: EventStatus,
    #[serde(rename = "type")]
    pub kind: EventKind,
    pub title: String,
    pub description: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub deal: String,
    pub currency: String,
    pub total: String,
    pub distribution_date: String,
    pub snapshot_date: Option<String>,
    pub total_units: Option<String>,
    /// What each unit receives: the total over all units, half-up at 7 places.
    pub amount_per_unit: Option<String>,
    pub created_by: String,
    pub calculated_by: Option<String>,
    pub approved_by: Option<String>,
    /// The entries that booked it, in parts of at most 9,999 holders: none before approval.
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub journal_entry_ids: Vec<i64>,
    pub completed_by: Option<String>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub totals: EventTotalsView,
    pub allocations: Vec<AllocationView>,
    pub permits: EventPermits,
}

/// A deal's events, newest first, and whether the signed-in user may draft another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DealEventsView {
    pub items: Vec<EventSummaryView>,
    pub draft: Permit,
}
