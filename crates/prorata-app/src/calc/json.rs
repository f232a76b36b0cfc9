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
