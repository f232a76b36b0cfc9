//! What the deal operations return: amounts as decimal strings at the deal's currency's
//! scale, rates as decimal fractions ("0.20"), dates as `YYYY-MM-DD`.

use prorata_domain::Currency;
use prorata_domain::control::Actor;
use prorata_domain::deal::{
    CapitalIn, DealFacts, DealPermits, DealStatus, DistributionFacts, DistributionKind,
    DistributionPermits, DistributionStatus, MarkAfter, PayoutStatus, PerformanceFacts,
    PerformancePermits, PerformanceStatus, deal_permits, distribution_permits, high_water_mark_on,
    performance_permits,
};
use prorata_store::deals::{
    BreakerMove, DealRecord, DistributionRecord, DistributionShare, InvestmentRecord,
    PerformanceRecord,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::entry_view::{LegView, distribution_entry};
use super::record::{breaker_words, percent, warnings};
use crate::{Error, stored};

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
    /// The rates as the window shows them: `20%`, `2%`, `25%`.
    pub partner_commission_percent: String,
    pub platform_fee_percent: String,
    pub circuit_breaker_percent: String,
    pub status: DealStatus,
    /// The capital invested so far.
    pub capital: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub investments: i64,
    /// What the signed-in user may do with the deal, and why not.
    pub permits: DealPermits,
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
    pub status: PerformanceStatus,
    pub recorded_by: String,
    pub verified_by: Option<String>,
    pub market_conditions: Option<String>,
    pub notes: Option<String>,
    /// What the signed-in user may do with the record, and why not.
    pub permits: PerformancePermits,
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
    pub payout_status: PayoutStatus,
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
    pub status: DistributionStatus,
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
    /// The rates as the window shows them: `20%`, `2%`.
    pub partner_commission_percent: String,
    pub platform_fee_percent: String,
    pub flagged: bool,
    /// For a flagged distribution, the circuit breaker's verdict in words: how far the value
    /// moved, and the deal's threshold.
    #[serde(default)]
    pub flagged_because: Option<String>,
    pub override_reason: Option<String>,
    pub prepared_by: String,
    pub approved_by: Option<String>,
    pub posted_by: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub journal_entry_id: Option<i64>,
    pub cancel_reason: Option<String>,
    /// `distribution`, or `reversal`: a correction that undoes `reverses_distribution_id`.
    pub kind: DistributionKind,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub reverses_distribution_id: Option<i64>,
    pub correction_reason: Option<String>,
    /// Empty in lists; every share in `show`.
    pub shares: Vec<ShareView>,
    /// Empty in lists; in `show`, the journal entry posting books, leg by leg (a reversal's
    /// legs the other way round).
    pub entry: Vec<LegView>,
    /// What the signed-in user may do with the distribution, and why not.
    pub permits: DistributionPermits,
}

/// One point of a deal's history: its value on a recorded date and the high-water mark
/// that applied to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MarkPoint {
    pub date: String,
    pub value: String,
    pub high_water_mark: String,
    pub status: PerformanceStatus,
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

pub(crate) fn deal_view(deal: DealRecord, actor: &Actor) -> Result<DealView, Error> {
    let currency = stored::currency(&deal.currency)?;
    Ok(DealView {
        id: deal.id,
        name: deal.name,
        currency: deal.currency,
        partner_id: deal.partner_id,
        partner: deal.partner_name,
        partner_commission_rate: rate_text(deal.partner_commission_rate),
        platform_fee_rate: rate_text(deal.platform_fee_rate),
        circuit_breaker_threshold: rate_text(deal.circuit_breaker_threshold),
        partner_commission_percent: percent_text(deal.partner_commission_rate)?,
        platform_fee_percent: percent_text(deal.platform_fee_rate)?,
        circuit_breaker_percent: percent_text(deal.circuit_breaker_threshold)?,
        permits: deal_permits(
            actor,
            DealFacts {
                status: deal.status,
            },
        ),
        status: deal.status,
        capital: stored::amount(deal.capital_minor, currency)?,
        investments: deal.investments,
    })
}

pub(crate) fn investment_view(
    i: InvestmentRecord,
    currency: Currency,
) -> Result<InvestmentView, Error> {
    Ok(InvestmentView {
        id: i.id,
        investor_id: i.investor_id,
        investor: i.investor_name,
        amount: stored::amount(i.amount_minor, currency)?,
        invested_on: i.invested_on.to_string(),
    })
}

pub(crate) fn performance_view(
    r: PerformanceRecord,
    deal: &DealRecord,
    actor: &Actor,
) -> Result<PerformanceView, Error> {
    let currency = stored::currency(&deal.currency)?;
    let threshold = stored::rate(deal.circuit_breaker_threshold)?;
    let change = r.change_ratio.map(percent);
    let facts = PerformanceFacts {
        status: r.status,
        recorded_by: &r.recorded_by,
    };
    let permits = performance_permits(actor, facts);
    Ok(PerformanceView {
        warnings: warnings(
            r.flagged,
            change.as_deref(),
            threshold,
            r.missed_business_days,
        ),
        id: r.id,
        deal_id: r.deal_id,
        date: r.value_date.to_string(),
        value: stored::amount(r.value_minor, currency)?,
        previous_value: stored::amount(r.previous_value_minor, currency)?,
        change,
        flagged: r.flagged,
        missed_business_days: i64::from(r.missed_business_days),
        status: r.status,
        recorded_by: r.recorded_by,
        verified_by: r.verified_by,
        market_conditions: r.market_conditions,
        notes: r.notes,
        permits,
    })
}

fn rate_text(rate: Decimal) -> String {
    rate.normalize().to_string()
}

/// A stored rate as a percentage, exactly (`0.125` is `12.5%`).
fn percent_text(rate: Decimal) -> Result<String, Error> {
    Ok(stored::rate(rate)?.percent_text())
}

/// The investment's part of the active capital as a percentage with four decimals.
fn share_percent(investment_minor: i64, capital_minor: i128) -> String {
    if capital_minor == 0 {
        return "0.0000%".to_owned();
    }
    let ratio = Decimal::from_i128_with_scale(i128::from(investment_minor) * 100, 0)
        / Decimal::from_i128_with_scale(capital_minor, 0);
    format!(
        "{:.4}%",
        ratio.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    )
}

fn share_views(
    shares: Vec<DistributionShare>,
    currency: Currency,
) -> Result<Vec<ShareView>, Error> {
    let capital: i128 = shares.iter().map(|s| i128::from(s.investment_minor)).sum();
    shares
        .into_iter()
        .map(|s| {
            Ok(ShareView {
                investment_id: s.investment_id,
                investor_id: s.investor_id,
                investor: s.investor_name,
                investment: stored::amount(s.investment_minor, currency)?,
                share_percent: share_percent(s.investment_minor, capital),
                amount: stored::amount(s.amount_minor, currency)?,
                payout_status: s.payout_status,
            })
        })
        .collect()
}

pub(crate) fn distribution_view(
    d: DistributionRecord,
    shares: Vec<DistributionShare>,
    breaker: Option<&BreakerMove>,
    actor: &Actor,
) -> Result<DistributionView, Error> {
    let currency = stored::currency(&d.currency)?;
    let flagged_because = match breaker {
        Some(m) if d.flagged => {
            debug_assert_eq!(
                m.distribution_id, d.id,
                "the breaker's view of this distribution"
            );
            let change = m.change_ratio.map(percent);
            Some(breaker_words(change.as_deref(), stored::rate(m.threshold)?))
        }
        _ => None,
    };
    let facts = DistributionFacts {
        status: d.status,
        kind: d.kind,
        prepared_by: &d.prepared_by,
        reversed: shares
            .iter()
            .any(|s| s.payout_status == PayoutStatus::Reversed),
    };
    let permits = distribution_permits(actor, facts);
    let amount = |minor_units: i64| stored::amount(minor_units, currency);
    let mut entry = if shares.is_empty() {
        Vec::new()
    } else {
        distribution_entry(&d, &shares, currency)?
    };
    if d.kind == DistributionKind::Reversal {
        for leg in &mut entry {
            leg.side = leg.side.opposite();
        }
    }
    Ok(DistributionView {
        entry,
        shares: share_views(shares, currency)?,
        id: d.id,
        deal_id: d.deal_id,
        deal: d.deal_name,
        date: d.value_date.to_string(),
        status: d.status,
        value: amount(d.value_minor)?,
        high_water_mark: amount(d.high_water_mark_minor)?,
        new_high_water_mark: amount(d.new_high_water_mark_minor)?,
        profit: amount(d.profit_minor)?,
        partner_commission: amount(d.partner_commission_minor)?,
        platform_fee: amount(d.platform_fee_minor)?,
        investor_pool: amount(d.investor_pool_minor)?,
        partner_commission_rate: rate_text(d.partner_commission_rate),
        platform_fee_rate: rate_text(d.platform_fee_rate),
        partner_commission_percent: percent_text(d.partner_commission_rate)?,
        platform_fee_percent: percent_text(d.platform_fee_rate)?,
        flagged: d.flagged,
        flagged_because,
        override_reason: d.override_reason,
        prepared_by: d.prepared_by,
        approved_by: d.approved_by,
        posted_by: d.posted_by,
        journal_entry_id: d.journal_entry_id,
        cancel_reason: d.cancel_reason,
        currency: d.currency,
        kind: d.kind,
        reverses_distribution_id: d.reverses_distribution_id,
        correction_reason: d.correction_reason,
        permits,
    })
}

/// The value and the high-water mark that applied on each recorded date, oldest first.
pub(crate) fn history(
    records: &[PerformanceRecord],
    distributions: &[DistributionRecord],
    capital: &[CapitalIn],
    currency: Currency,
) -> Result<Vec<MarkPoint>, Error> {
    let mut live: Vec<&DistributionRecord> = distributions
        .iter()
        .filter(|d| d.status.is_live())
        .collect();
    live.sort_by_key(|d| d.value_date);
    let mut next = 0;
    let mut last: Option<MarkAfter> = None;
    let mut points = Vec::with_capacity(records.len());
    for record in records {
        while next < live.len() && live[next].value_date < record.value_date {
            last = Some(MarkAfter {
                date: live[next].value_date,
                mark: stored::money(live[next].new_high_water_mark_minor, currency)?,
            });
            next += 1;
        }
        let mark = high_water_mark_on(currency, last, capital, record.value_date)?;
        points.push(MarkPoint {
            date: record.value_date.to_string(),
            value: stored::amount(record.value_minor, currency)?,
            high_water_mark: mark.to_string(),
            status: record.status,
        });
    }
    Ok(points)
}
