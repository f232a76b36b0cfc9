//! `prorata distribution prepare | approve | cancel | show | list`: one day's profit of a
//! deal above its high-water mark, split by the waterfall and over the investments.

use chrono::NaiveDate;
use prorata_domain::control::{Role, UserName, check_maker_checker};
use prorata_domain::deal::{
    DistributionAction, DistributionStatus, MarkAfter, PerformanceStatus, high_water_mark_on,
};
use prorata_domain::{Investment, ProfitShareTerms, Rate, share_profit};
use prorata_store::Store;
use prorata_store::control::Tx;
use prorata_store::deals::{
    DealRecord, DistributionRecord, DistributionShare, NewDistribution, NewShare,
    cancel_distribution as store_cancel, find_distribution, insert_distribution, insert_reversal,
    investments_of, last_mark_before, live_distribution_on_or_after, lock_distribution,
    mark_approved, next_round, performance_on, shares_of,
};
use rust_decimal::Decimal;
use serde_json::json;

use super::registry::{capital_of, deal_by_key};
use super::{
    DistributionView, MAX_LIST_ROWS, ShareView, amount, audit, begin, date, finish, minor, money,
    stored_currency,
};
use crate::clock::Clock;
use crate::control::{Created, Items};
use crate::idempotent::claim;
use crate::session::Session;
use crate::{Code, Error};

/// The most distributions one approval or posting takes.
pub const MAX_DISTRIBUTIONS_PER_CALL: usize = 10_000;

/// Why a deal's distribution for a date was not prepared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotPrepared {
    /// A reason to report and move on (the daily run lists it).
    Skip(String),
}

fn stored_rate(value: Decimal) -> Result<Rate, Error> {
    Rate::new(value).map_err(|e| Error::new(Code::Internal, format!("a stored rate: {e}")))
}

/// Prepares the deal's distribution for `value_date` in the caller's transaction, or says
/// why there is none. Errors are for what must stop the caller, skips for what is normal.
pub(crate) async fn prepare_in_tx(
    tx: &mut Tx<'_>,
    clock: &dyn Clock,
    session: &Session,
    deal: &DealRecord,
    value_date: NaiveDate,
) -> Result<Result<(i64, String), NotPrepared>, Error> {
    let skip = |why: String| Ok(Err(NotPrepared::Skip(why)));
    if deal.status != "active" {
        return skip(format!("the deal is {}", deal.status));
    }
    let Some(record) = performance_on(tx, deal.id, value_date).await? else {
        return skip(format!("no value is recorded for {value_date}"));
    };
    if PerformanceStatus::parse(&record.status)? != PerformanceStatus::Verified {
        return skip(format!(
            "the value of {value_date} (record {}) is not verified yet",
            record.id
        ));
    }
    if let Some((id, on)) = live_distribution_on_or_after(tx, deal.id, value_date).await? {
        return skip(if on == value_date {
            format!("distribution {id} is already prepared for {value_date}")
        } else {
            format!(
                "distribution {id} of the later date {on} exists: its mark would be out of order"
            )
        });
    }
    let currency = stored_currency(&deal.currency)?;
    let investments = investments_of(tx, deal.id).await?;
    let last = match last_mark_before(tx, deal.id, value_date).await? {
        Some((on, mark_minor)) => Some(MarkAfter {
            date: on,
            mark: money(mark_minor, currency)?,
        }),
        None => None,
    };
    let mark = high_water_mark_on(
        currency,
        last,
        &capital_of(&investments, currency)?,
        value_date,
    )?;
    let value = money(record.value_minor, currency)?;
    let active: Vec<_> = investments
        .iter()
        .filter(|i| i.invested_on <= value_date)
        .collect();
    let claims = active
        .iter()
        .map(|i| {
            Ok(Investment {
                id: i.id,
                amount: money(i.amount_minor, currency)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let terms = ProfitShareTerms::new(
        stored_rate(deal.partner_commission_rate)?,
        stored_rate(deal.platform_fee_rate)?,
    )?;
    let share = share_profit(&terms, mark, value, &claims)?;
    if share.profit.is_zero() {
        return skip(format!(
            "the value {value} is not above the high-water mark {mark}: no profit"
        ));
    }
    let shares = active
        .iter()
        .zip(&share.shares)
        .map(|(i, amount)| {
            Ok(NewShare {
                investment_id: i.id,
                investor_id: i.investor_id,
                amount_minor: minor(*amount)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let distribution = NewDistribution {
        program_id: session.program.id,
        deal_id: deal.id,
        value_date,
        performance_record_id: record.id,
        currency: currency.code(),
        value_minor: record.value_minor,
        high_water_mark_minor: minor(mark)?,
        profit_minor: minor(share.profit)?,
        partner_commission_minor: minor(share.partner_commission)?,
        platform_fee_minor: minor(share.platform_fee)?,
        investor_pool_minor: minor(share.investor_pool)?,
        partner_commission_rate: deal.partner_commission_rate,
        platform_fee_rate: deal.platform_fee_rate,
        flagged: record.flagged,
        prepared_by: session.user(),
        round: next_round(tx, deal.id, value_date).await?,
    };
    let Some(id) = insert_distribution(tx, &distribution, &shares, clock.now()).await? else {
        return skip(format!(
            "a distribution for {value_date} was prepared meanwhile"
        ));
    };
    let after = json!({
        "deal_id": deal.id, "date": value_date.to_string(), "profit": share.profit.to_string(),
        "high_water_mark": mark.to_string(), "flagged": record.flagged,
    });
    audit(
        tx,
        clock,
        session,
        "distribution.prepare",
        format!("distribution:{id}"),
        after,
        None,
    )
    .await?;
    Ok(Ok((id, share.profit.to_string())))
}

pub async fn prepare_distribution(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    deal: &str,
    date_text: &str,
    key: &str,
) -> Result<Created, Error> {
    session
        .actor
        .require(Role::Officer, "prepare distributions")?;
    let value_date = date("date", date_text)?;
    let mut tx = begin(store).await?;
    let deal = deal_by_key(&mut tx, session, deal).await?;
    let request = json!({ "deal_id": deal.id, "date": value_date.to_string() });
    if let Some(done) = claim(
        &mut tx,
        clock,
        key,
        "distribution.prepare",
        session.user(),
        &request,
    )
    .await?
    {
        return Ok(done);
    }
    match prepare_in_tx(&mut tx, clock, session, &deal, value_date).await? {
        Ok((id, _)) => finish(tx, key, Created { id }).await,
        Err(NotPrepared::Skip(why)) => Err(Error::new(
            Code::Conflict,
            format!(
                "deal {}: nothing to prepare for {value_date}: {why}",
                deal.name
            ),
        )),
    }
}

/// Approves a reviewed set of distributions at once: an approver who prepared none of them.
/// A flagged one needs `override_reason`, which is recorded in the audit log.
pub async fn approve_distributions(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    ids: &[i64],
    override_reason: Option<&str>,
    key: &str,
) -> Result<Items<Created>, Error> {
    session
        .actor
        .require(Role::Approver, "approve distributions")?;
    check_set(ids)?;
    let ids = &in_lock_order(ids);
    let reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
    let mut tx = begin(store).await?;
    let request = json!({ "ids": ids, "override_reason": reason });
    if let Some(done) = claim(
        &mut tx,
        clock,
        key,
        "distribution.approve",
        session.user(),
        &request,
    )
    .await?
    {
        return Ok(done);
    }
    let mut items = Vec::with_capacity(ids.len());
    for &id in ids {
        let d = locked(&mut tx, session, id).await?;
        DistributionStatus::parse(&d.status)?.after(DistributionAction::Approve)?;
        let maker = UserName::parse(&d.prepared_by)?;
        check_maker_checker(&maker, &session.actor.user, &format!("distribution {id}"))?;
        let used_reason = if d.flagged {
            Some(reason.ok_or_else(|| {
                Error::new(
                    Code::Conflict,
                    format!("distribution {id} is flagged by the circuit breaker: approving it needs an override reason"),
                )
            })?)
        } else {
            None
        };
        mark_approved(&mut tx, id, session.user(), used_reason, clock.now()).await?;
        let action = if used_reason.is_some() {
            "distribution.approve_override"
        } else {
            "distribution.approve"
        };
        audit(
            &mut tx,
            clock,
            session,
            action,
            format!("distribution:{id}"),
            json!({ "status": "approved" }),
            used_reason,
        )
        .await?;
        items.push(Created { id });
    }
    finish(tx, key, Items { items }).await
}

pub(crate) fn check_set(ids: &[i64]) -> Result<(), Error> {
    if ids.is_empty() || ids.len() > MAX_DISTRIBUTIONS_PER_CALL {
        return Err(Error::invalid(
            "id",
            format!("give 1 to {MAX_DISTRIBUTIONS_PER_CALL} distributions"),
        ));
    }
    let mut seen = std::collections::HashSet::with_capacity(ids.len());
    if let Some(twice) = ids.iter().find(|id| !seen.insert(**id)) {
        return Err(Error::invalid(
            "id",
            format!("distribution {twice} is given twice"),
        ));
    }
    Ok(())
}

/// The ids in ascending order: every job that locks several distributions locks them in
/// this one order, so two of them can never wait for each other.
pub(crate) fn in_lock_order(ids: &[i64]) -> Vec<i64> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted
}

pub(crate) async fn locked(
    tx: &mut Tx<'_>,
    session: &Session,
    id: i64,
) -> Result<DistributionRecord, Error> {
    lock_distribution(tx, session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("id", format!("no distribution {id}")))
}

/// Cancels a distribution that is not posted yet, with a reason.
pub async fn cancel_distribution(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    reason: &str,
    key: &str,
) -> Result<Created, Error> {
    session
        .actor
        .require_any(&[Role::Officer, Role::Approver], "cancel distributions")?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 4000 {
        return Err(Error::invalid(
            "reason",
            "say why, in 1 to 4,000 characters",
        ));
    }
    let mut tx = begin(store).await?;
    let request = json!({ "id": id, "reason": reason });
    if let Some(done) = claim(
        &mut tx,
        clock,
        key,
        "distribution.cancel",
        session.user(),
        &request,
    )
    .await?
    {
        return Ok(done);
    }
    let d = locked(&mut tx, session, id).await?;
    DistributionStatus::parse(&d.status)?.after(DistributionAction::Cancel)?;
    // A later distribution builds on this one's mark; a pending reversal holds no mark.
    if d.kind == "distribution"
        && let Some((later, on)) = live_distribution_on_or_after(
            &mut tx,
            d.deal_id,
            d.value_date.succ_opt().unwrap_or(d.value_date),
        )
        .await?
    {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "distribution {later} of {on} builds on this one's high-water mark: cancel it first"
            ),
        ));
    }
    store_cancel(&mut tx, id, session.user(), reason, clock.now()).await?;
    audit(
        &mut tx,
        clock,
        session,
        "distribution.cancel",
        format!("distribution:{id}"),
        json!({ "status": "cancelled" }),
        Some(reason),
    )
    .await?;
    finish(tx, key, Created { id }).await
}

/// Prepares the reversal of a posted distribution, with the reason: a correction is a new
/// distribution that undoes the old one once a second person approves it and it is posted,
/// never an edit of what was posted. The date can then be prepared again.
pub async fn reverse_distribution(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    reason: &str,
    key: &str,
) -> Result<Created, Error> {
    session
        .actor
        .require(Role::Officer, "reverse distributions")?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 4000 {
        return Err(Error::invalid(
            "reason",
            "say why, in 1 to 4,000 characters",
        ));
    }
    let mut tx = begin(store).await?;
    let request = json!({ "id": id, "reason": reason });
    if let Some(done) = claim(
        &mut tx,
        clock,
        key,
        "distribution.reverse",
        session.user(),
        &request,
    )
    .await?
    {
        return Ok(done);
    }
    let d = locked(&mut tx, session, id).await?;
    if d.kind != "distribution"
        || DistributionStatus::parse(&d.status)? != DistributionStatus::Posted
    {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "only a posted distribution is reversed; {id} is a {} {}",
                d.status, d.kind
            ),
        ));
    }
    let next_day = d.value_date.succ_opt().unwrap_or(d.value_date);
    if let Some((later, on)) = live_distribution_on_or_after(&mut tx, d.deal_id, next_day).await? {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "distribution {later} of {on} builds on this one's high-water mark: reverse it first"
            ),
        ));
    }
    let reversal = insert_reversal(&mut tx, id, session.user(), reason, clock.now())
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Conflict,
                format!("distribution {id} already has a reversal under way or done"),
            )
        })?;
    let after = json!({ "reverses": id, "status": "prepared" });
    audit(
        &mut tx,
        clock,
        session,
        "distribution.reverse",
        format!("distribution:{reversal}"),
        after,
        Some(reason),
    )
    .await?;
    finish(tx, key, Created { id: reversal }).await
}

fn rate_text(rate: Decimal) -> String {
    rate.normalize().to_string()
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

pub(crate) fn distribution_view(
    d: DistributionRecord,
    shares: Vec<DistributionShare>,
) -> Result<DistributionView, Error> {
    let currency = stored_currency(&d.currency)?;
    let capital: i128 = shares.iter().map(|s| i128::from(s.investment_minor)).sum();
    Ok(DistributionView {
        shares: shares
            .into_iter()
            .map(|s| {
                Ok(ShareView {
                    investment_id: s.investment_id,
                    investor_id: s.investor_id,
                    investor: s.investor_name,
                    investment: amount(s.investment_minor, currency)?,
                    share_percent: share_percent(s.investment_minor, capital),
                    amount: amount(s.amount_minor, currency)?,
                    payout_status: s.payout_status,
                })
            })
            .collect::<Result<_, Error>>()?,
        id: d.id,
        deal_id: d.deal_id,
        deal: d.deal_name,
        date: d.value_date.to_string(),
        status: d.status,
        value: amount(d.value_minor, currency)?,
        high_water_mark: amount(d.high_water_mark_minor, currency)?,
        new_high_water_mark: amount(d.new_high_water_mark_minor, currency)?,
        profit: amount(d.profit_minor, currency)?,
        partner_commission: amount(d.partner_commission_minor, currency)?,
        platform_fee: amount(d.platform_fee_minor, currency)?,
        investor_pool: amount(d.investor_pool_minor, currency)?,
        partner_commission_rate: rate_text(d.partner_commission_rate),
        platform_fee_rate: rate_text(d.platform_fee_rate),
        flagged: d.flagged,
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
    })
}

/// A distribution with every share: the whole calculation, for review before approval.
pub async fn show_distribution(
    store: &Store,
    session: &Session,
    id: i64,
) -> Result<DistributionView, Error> {
    let mut conn = store.acquire().await?;
    let d = find_distribution(&mut conn, session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("id", format!("no distribution {id}")))?;
    let shares = shares_of(&mut conn, id).await?;
    distribution_view(d, shares)
}

pub async fn list_distributions(
    store: &Store,
    session: &Session,
    deal: Option<&str>,
) -> Result<Items<DistributionView>, Error> {
    let mut conn = store.acquire().await?;
    let deal_id = match deal {
        Some(key) => Some(deal_by_key(&mut conn, session, key).await?.id),
        None => None,
    };
    let rows = prorata_store::deals::list_distributions(
        &mut conn,
        session.program.id,
        deal_id,
        MAX_LIST_ROWS,
    )
    .await?;
    Ok(Items {
        items: rows
            .into_iter()
            .map(|d| distribution_view(d, Vec::new()))
            .collect::<Result<_, _>>()?,
    })
}
