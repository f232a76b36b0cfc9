//! Community revenue through prorata-app against a real PostgreSQL: the program's fee
//! schedules, versioned by the day they take effect. One module per concern.

#[path = "../support/mod.rs"]
mod support;

mod anomalies;
mod schedules;
mod transactions;
mod wallets;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::fees::{self, NewFeeSchedule};
    pub(crate) use prorata_app::input::Notation;

    /// The worked example's schedule (DESIGN §8), taking effect on `from`.
    pub(crate) fn schedule<'a>(rates: &'a [String], from: &'a str) -> NewFeeSchedule<'a> {
        NewFeeSchedule {
            gst_rate: "0.18",
            gateway_fee_rate: "0.02",
            gateway_fixed_fee: None,
            gateway_fee_gst: true,
            platform_fee_rates: rates,
            platform_fee_gst: false,
            holding_days: Some(7),
            anomaly_multiple: None,
            effective_from: from,
            notation: Notation::Plain,
        }
    }

    pub(crate) fn rates(custom: &str) -> Vec<String> {
        ["event=0.10", "sponsor=0.12", "premium=0.15"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain([format!("custom={custom}")])
            .collect()
    }
}
