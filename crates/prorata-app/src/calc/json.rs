//! The JSON shapes of `calc` (DESIGN §10), shared by the CLI, the desktop app and scripts.
//! Amounts, weights and rates are decimal strings; unknown fields are refused so that a
//! misspelt rate is an error, not a silent zero.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocateRequest {
    pub currency: String,
    pub total: String,
    pub weights: Vec<WeightLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightLine {
    pub id: String,
    pub weight: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocateResponse {
    pub allocations: Vec<AllocationLine>,
}

/// One party's part of a total: in `allocations` of `calc allocate` and `shares` of
/// `calc profit-share`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationLine {
    pub id: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfitShareRequest {
    pub currency: String,
    pub partner_commission_rate: String,
    pub platform_fee_rate: String,
    pub high_water_mark: String,
    pub current_value: String,
    pub investments: Vec<InvestmentLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvestmentLine {
    pub id: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfitShareResponse {
    pub profit: String,
    pub partner_commission: String,
    pub platform_fee: String,
    pub investor_pool: String,
    pub new_high_water_mark: String,
    pub shares: Vec<AllocationLine>,
}

/// `calc revenue-split`'s input: a gross and the fee schedule's terms, with the roles' shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevenueSplitRequest {
    pub currency: String,
    pub gross: String,
    pub gst_rate: String,
    pub gateway_fee_rate: String,
    pub gateway_fixed_fee: String,
    pub gateway_fee_gst: bool,
    pub platform_fee_rate: String,
    pub platform_fee_gst: bool,
    pub roles: Vec<RoleLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleLine {
    pub id: String,
    pub share: String,
}

/// Every step of the split, each at the currency's scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueSplitResponse {
    pub gross: String,
    pub gst: String,
    pub gateway_fee: String,
    pub gateway_fee_gst: String,
    pub platform_fee: String,
    pub platform_fee_gst: String,
    pub net: String,
    pub roles: Vec<AllocationLine>,
}

/// `calc commission`'s input: an amount, the schemes of one service (each with its parent and
/// its rates per role, `null` to inherit), the transacting member's scheme and upline (the
/// member first, up to an admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommissionRequest {
    pub currency: String,
    pub amount: String,
    pub service: String,
    pub schemes: Vec<SchemeLine>,
    pub scheme: String,
    pub upline: Vec<UplineLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeLine {
    pub id: String,
    pub parent: Option<String>,
    /// Per role, a rate or `null` (inherit); a role left out inherits too.
    pub rates: std::collections::BTreeMap<String, Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UplineLine {
    pub member: String,
    pub role: String,
}

/// The scheme's resolved rate per role, the commission total, and each upline member's part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionResponse {
    pub resolved: std::collections::BTreeMap<String, String>,
    pub total: String,
    pub commissions: Vec<CommissionLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionLine {
    pub member: String,
    pub role: String,
    /// The rate this member earns: its own margin and those rolled up to it.
    pub margin: String,
    pub amount: String,
}
