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
