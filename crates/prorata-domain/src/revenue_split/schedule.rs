//! A program's fee schedule (DESIGN §8): what comes off a community's revenue, versioned by
//! the day it takes effect. Each revenue transaction keeps the version it was split under.

use rust_decimal::Decimal;

use super::{RevenueSplitError, SplitTerms};
use crate::control::Role;
use crate::money::{Currency, Money, Rate};
use crate::states::state;

state!(
    RevenueSplitError,
    /// Where a community's revenue came from: each source has its own platform fee.
    RevenueSource {
        Event => "event",
        Sponsor => "sponsor",
        Premium => "premium",
        Custom => "custom",
    }
);

/// Who sets fee schedules.
pub const FEE_SETTERS: &[Role] = &[Role::Admin];

/// The platform fees this business usually charges: a rate outside is allowed, with a warning.
const TYPICAL_PLATFORM_RATE: (Decimal, Decimal) = (
    Decimal::from_parts(5, 0, 0, false, 2),
    Decimal::from_parts(20, 0, 0, false, 2),
);

/// One version of a program's fee schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeSchedule {
    pub gst_rate: Rate,
    pub gateway_fee_rate: Rate,
    /// The gateway's fixed fee per transaction, in the transaction's currency.
    pub gateway_fixed_fee: Decimal,
    pub gateway_fee_gst: bool,
    /// The platform's fee per source, in the order of [`RevenueSource::ALL`].
    pub platform_fee_rates: [Rate; 4],
    pub platform_fee_gst: bool,
    /// Days a member's credit stays pending before it is available.
    pub holding_days: u32,
    /// A transaction above this multiple of its community's median of the 30 days before
    /// is held for review.
    pub anomaly_multiple: Decimal,
}

/// The multiple of the median a schedule holds transactions above unless it says otherwise.
pub const DEFAULT_ANOMALY_MULTIPLE: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// The largest multiple a schedule may set.
pub const MAX_ANOMALY_MULTIPLE: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

/// The median of the grosses in minor units (the mean of the two middle ones for an even
/// count), exactly; `None` for none.
pub fn median_minor(grosses: &mut [i64]) -> Option<Decimal> {
    if grosses.is_empty() {
        return None;
    }
    grosses.sort_unstable();
    let n = grosses.len();
    let (low, high) = (grosses[(n - 1) / 2], grosses[n / 2]);
    Some((Decimal::from(low) + Decimal::from(high)) / Decimal::TWO)
}

/// Whether a gross is far outside its community's usual: above `multiple` × the median of
/// the days before. With no earlier transaction nothing is unusual yet.
pub fn is_anomalous(gross_minor: i64, median_minor: Option<Decimal>, multiple: Decimal) -> bool {
    median_minor.is_some_and(|median| Decimal::from(gross_minor) > multiple * median)
}

/// The most days a credit may be held.
pub const MAX_HOLDING_DAYS: u32 = 365;

impl FeeSchedule {
    pub fn platform_fee_rate(&self, source: RevenueSource) -> Rate {
        let index = RevenueSource::ALL
            .iter()
            .position(|s| *s == source)
            .expect("every source has a rate");
        self.platform_fee_rates[index]
    }

    /// The terms a transaction of `source` in `currency` is split under; a fixed fee more
    /// precise than the currency is refused.
    pub fn terms(
        &self,
        source: RevenueSource,
        currency: Currency,
    ) -> Result<SplitTerms, RevenueSplitError> {
        let fixed = Money::parse(&self.gateway_fixed_fee.normalize().to_string(), currency)
            .map_err(|_| RevenueSplitError::Currency)?;
        Ok(SplitTerms {
            gst_rate: self.gst_rate,
            gateway_fee_rate: self.gateway_fee_rate,
            gateway_fixed_fee: fixed,
            gateway_fee_gst: self.gateway_fee_gst,
            platform_fee_rate: self.platform_fee_rate(source),
            platform_fee_gst: self.platform_fee_gst,
        })
    }

    /// What a person should look at twice: a platform fee outside the usual 5–20%.
    pub fn warnings(&self) -> Vec<String> {
        let (low, high) = TYPICAL_PLATFORM_RATE;
        RevenueSource::ALL
            .iter()
            .zip(self.platform_fee_rates)
            .filter(|(_, rate)| rate.as_decimal() < low || rate.as_decimal() > high)
            .map(|(source, rate)| {
                format!(
                    "the platform fee on {source} revenue, {}, is outside the usual 5% to 20%",
                    rate.percent_text()
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(text: &str) -> Rate {
        Rate::parse(text).expect("a rate")
    }

    fn schedule(custom: &str) -> FeeSchedule {
        FeeSchedule {
            gst_rate: rate("0.18"),
            gateway_fee_rate: rate("0.02"),
            gateway_fixed_fee: Decimal::new(350, 2),
            gateway_fee_gst: true,
            platform_fee_rates: [rate("0.10"), rate("0.12"), rate("0.15"), rate(custom)],
            platform_fee_gst: false,
            holding_days: 7,
            anomaly_multiple: DEFAULT_ANOMALY_MULTIPLE,
        }
    }

    #[test]
    fn a_gross_above_the_multiple_of_the_exact_median_is_anomalous_and_nothing_is_without_history()
    {
        // 100, 200, 300, 1000: the median is 250.00 (the mean of the middle two).
        let mut grosses = [30_000, 10_000, 100_000, 20_000];
        let median = median_minor(&mut grosses);
        assert_eq!(median, Some(Decimal::from(25_000)));
        assert!(
            !is_anomalous(125_000, median, DEFAULT_ANOMALY_MULTIPLE),
            "exactly 5x is usual"
        );
        assert!(is_anomalous(125_001, median, DEFAULT_ANOMALY_MULTIPLE));
        assert!(!is_anomalous(
            i64::MAX,
            median_minor(&mut []),
            DEFAULT_ANOMALY_MULTIPLE
        ));
    }

    #[test]
    fn each_source_has_its_platform_fee_and_an_unusual_one_is_a_warning_not_an_error() {
        let s = schedule("0.25");
        assert_eq!(s.platform_fee_rate(RevenueSource::Sponsor), rate("0.12"));
        assert_eq!(
            s.warnings(),
            ["the platform fee on custom revenue, 25%, is outside the usual 5% to 20%"]
        );
        assert!(schedule("0.05").warnings().is_empty(), "5% is usual");
    }

    #[test]
    fn the_fixed_fee_is_read_in_the_transaction_s_currency_and_refused_more_precise() {
        let inr = Currency::from_code("INR").expect("INR");
        let terms = schedule("0.10")
            .terms(RevenueSource::Event, inr)
            .expect("terms");
        assert_eq!(terms.gateway_fixed_fee.to_string(), "3.50");
        let jpy = Currency::from_code("JPY").expect("JPY");
        assert!(
            schedule("0.10").terms(RevenueSource::Event, jpy).is_err(),
            "3.00 yen has no sen"
        );
    }
}
