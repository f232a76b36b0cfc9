//! What front ends see of fee schedules. Rates are fractions as decimal strings (`"0.18"`).

use serde::{Deserialize, Serialize};

/// One version of the program's fee schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeeScheduleView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub effective_from: String,
    pub gst_rate: String,
    pub gateway_fee_rate: String,
    pub gateway_fixed_fee: String,
    pub gateway_fee_gst: bool,
    pub platform_fee_rates: PlatformFeeRatesView,
    pub platform_fee_gst: bool,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub holding_days: i32,
    /// Transactions above this multiple of their community's median are held for review.
    pub anomaly_multiple: String,
    pub set_by: String,
}

/// The platform's fee on each source of revenue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlatformFeeRatesView {
    pub event: String,
    pub sponsor: String,
    pub premium: String,
    pub custom: String,
}

/// The version in effect on a day, and every version, the newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeeSchedulesView {
    pub as_of: String,
    pub in_effect: Option<FeeScheduleView>,
    pub versions: Vec<FeeScheduleView>,
}

/// What setting a version did: its id, and what a person should look at twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScheduleSet {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub warnings: Vec<String>,
}

impl crate::responses::Outcome for ScheduleSet {
    fn id(&self) -> i64 {
        self.id
    }
}
