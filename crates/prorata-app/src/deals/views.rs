//! What the deal operations return: amounts as decimal strings at the deal's currency's
//! scale, rates as decimal fractions ("0.20"), dates as `YYYY-MM-DD`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PartyView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    /// Investors only: masked, `sealed` when the data key was not at hand, or none.
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DealView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    pub currency: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub partner_id: i64,
    pub partner: String,
    pub partner_commission_rate: String,
    pub platform_fee_rate: String,
    pub circuit_breaker_threshold: String,
    pub status: String,
    /// The capital invested so far.
    pub capital: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub investments: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InvestmentView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub investor_id: i64,
    pub investor: String,
    pub amount: String,
    pub invested_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PerformanceView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub date: String,
    pub value: String,
    /// What the value is compared with: the previous value plus capital added since, or
    /// the capital for the first record.
    pub previous_value: String,
    /// The change as a percentage with two decimals ("+20.00%"), none from zero.
    pub change: Option<String>,
    /// The value moved beyond the deal's circuit-breaker threshold.
    pub flagged: bool,
    /// Business days without a record before this one.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub missed_business_days: i64,
    pub warnings: Vec<String>,
    pub status: String,
    pub recorded_by: String,
    pub verified_by: Option<String>,
    pub market_conditions: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShareView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub investment_id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub investor_id: i64,
    pub investor: String,
    pub investment: String,
    /// The investment's part of the capital sharing in the pool, as a percentage with four
    /// decimals, for review; the amount is exact.
    pub share_percent: String,
    pub amount: String,
    pub payout_status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DistributionView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub deal: String,
    pub date: String,
    pub status: String,
    pub currency: String,
    pub value: String,
    pub high_water_mark: String,
    pub new_high_water_mark: String,
    pub profit: String,
    pub partner_commission: String,
    pub platform_fee: String,
    pub investor_pool: String,
    pub partner_commission_rate: String,
    pub platform_fee_rate: String,
    pub flagged: bool,
    pub override_reason: Option<String>,
    pub prepared_by: String,
    pub approved_by: Option<String>,
    pub posted_by: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub journal_entry_id: Option<i64>,
    pub cancel_reason: Option<String>,
    /// `distribution`, or `reversal`: a correction that undoes `reverses_distribution_id`.
    pub kind: String,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub reverses_distribution_id: Option<i64>,
    pub correction_reason: Option<String>,
    /// Empty in lists; every share in `show`.
    pub shares: Vec<ShareView>,
}

/// One point of a deal's history: its value on a recorded date and the high-water mark
/// that applied to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MarkPoint {
    pub date: String,
    pub value: String,
    pub high_water_mark: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DealDetail {
    pub deal: DealView,
    pub investments: Vec<InvestmentView>,
    pub performance: Vec<PerformanceView>,
    pub history: Vec<MarkPoint>,
    pub distributions: Vec<DistributionView>,
}
