//! What front ends see of affiliates. Amounts at their currency's scale; rates as fractions.

use serde::{Deserialize, Serialize};

pub use prorata_domain::affiliate::ProgramStatus;

/// The program's status and its last change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProgramStatusView {
    pub status: ProgramStatus,
    pub reason: Option<String>,
    pub changed_by: Option<String>,
    pub changed_at: Option<String>,
    pub takes_new_business: bool,
}

/// A version of the program's affiliate rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AffiliateRatesView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub direct_rate: String,
    pub override_rate: String,
    pub effective_from: String,
    pub set_by: String,
}

/// An affiliate in the downline tree, with what it brought and earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AffiliateNodeView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    pub code: String,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub parent_id: Option<i64>,
    pub parent: Option<String>,
    /// Levels below the tree's top: 0 for the top.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub depth: i64,
    pub currency: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub sales: i64,
    pub sales_amount: String,
    /// Earned on its own sales.
    pub direct_earned: String,
    /// Earned on its children's sales.
    pub override_earned: String,
}

/// One commission an affiliate earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AffiliateCommissionView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub sale_id: i64,
    pub sold_on: String,
    /// `direct` on its own sale, `override` on its child's.
    pub kind: String,
    /// The affiliate that brought the sale.
    pub brought_by: String,
    pub sale_amount: String,
    pub rate: String,
    pub amount: String,
    pub reference: Option<String>,
}

/// An affiliate with its figures, its children and its commission history, the newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AffiliateView {
    pub affiliate: AffiliateNodeView,
    /// What its payable holds now, and what of it is free to withdraw.
    pub payable: String,
    pub available: String,
    pub children: Vec<AffiliateNodeView>,
    pub commissions: Vec<AffiliateCommissionView>,
}
