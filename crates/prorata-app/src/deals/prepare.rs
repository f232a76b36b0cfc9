//! `prorata distribution prepare`: one day's profit of a deal above its high-water mark,
//! split by the waterfall and over the investments active on that date.

use chrono::NaiveDate;
use prorata_domain::control::Role;
use prorata_domain::deal::{DealStatus, MarkAfter, PerformanceStatus, high_water_mark_on};
use prorata_domain::{Currency, Investment, Money, ProfitShare, ProfitShareTerms, share_profit};
use prorata_store::Store;
use prorata_store::control::{AuditHead, Tx};
use prorata_store::deals::{
    DealRecord, InvestmentRecord, NewDistribution, NewShare, PerformanceRecord,
    insert_distribution, investments_of, last_mark_before, live_distribution_on_or_after,
    next_round, performance_on,
};
use serde_json::json;

use super::deal::deal_by_ref;
use super::invest::capital_of;
use super::lock::{locked_deal, pending_reversal};
use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec, audit_in_tx};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, input, stored};

pub(crate) const PREPARE: OperationSpec = OperationSpec {
    name: "distribution.prepare",
    roles: &[Role::Officer],
    purpose: "prepare distributions",
};

/// Why a deal's distribution for a date was not prepared: a reason to report and move on
/// (the daily run lists it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotPrepared(pub String);

/// A distribution just prepared: its id and profit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prepared {
    pub id: i64,
    pub profit: Money,
    /// The audit record of the preparation.
    pub audit_head: AuditHead,
}

/// The verified value a distribution for `value_date` would be made from, or why there is
/// none to make.
async fn verified_value(
    tx: &mut Tx<'_>,
    deal: &DealRecord,
    value_date: NaiveDate,
) -> Result<Result<PerformanceRecord, NotPrepared>, Error> {
    let skip = |why: String| Ok(Err(NotPrepared(why)));
    if deal.status != DealStatus::Active {
        return skip(format!("the deal is {}", deal.status));
    }
    let Some(record) = performance_on(tx, deal.id, value_date).await? else {
        return skip(format!("no value is recorded for {value_date}"));
    };
    if record.status != PerformanceStatus::Verified {
        return skip(format!(
            "the value of {value_date} (record {}) is not verified yet",
            record.id
        ));
    }
    if let Some(why) = pending_reversal(tx, deal.id).await? {
        return skip(why);
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
    Ok(Ok(record))
}

/// The high-water mark that applies on `value_date`: the last live distribution's new mark
/// (or the capital), plus the capital added since.
async fn mark_on(
    tx: &mut Tx<'_>,
    deal: &DealRecord,
    investments: &[InvestmentRecord],
    currency: Currency,
    value_date: NaiveDate,
) -> Result<Money, Error> {
    let last = match last_mark_before(tx, deal.id, value_date).await? {
        Some((on, mark_minor)) => Some(MarkAfter {
            date: on,
            mark: stored::money(mark_minor, currency)?,
        }),
        None => None,
    };
    let capital = capital_of(investments, currency)?;
    Ok(high_water_mark_on(currency, last, &capital, value_date)?)
}

/// The waterfall and the shares of the investments active on the date, in their order.
fn split(
    deal: &DealRecord,
    active: &[&InvestmentRecord],
    currency: Currency,
    mark: Money,
    value: Money,
) -> Result<(ProfitShare, Vec<NewShare>), Error> {
    let claims = active
        .iter()
        .map(|i| {
            Ok(Investment {
                id: i.id,
                amount: stored::money(i.amount_minor, currency)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let terms = ProfitShareTerms::new(
        stored::rate(deal.partner_commission_rate)?,
        stored::rate(deal.platform_fee_rate)?,
    )?;
    let share = share_profit(&terms, mark, value, &claims)?;
    let shares = active
        .iter()
        .zip(&share.shares)
        .map(|(i, amount)| {
            Ok(NewShare {
                investment_id: i.id,
                investor_id: i.investor_id,
                amount_minor: stored::minor_units(*amount)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok((share, shares))
}

/// Prepares the deal's distribution for `value_date` in the caller's transaction, or says
/// why there is none. Errors are for what must stop the caller, skips for what is normal.
/// The deal is locked first and read afresh: its mark is read and used under the lock.
pub(crate) async fn prepare_in_tx(
    tx: &mut Tx<'_>,
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    deal_id: i64,
    value_date: NaiveDate,
) -> Result<Result<Prepared, NotPrepared>, Error> {
    let deal = &locked_deal(tx, session, deal_id).await?;
    let record = match verified_value(tx, deal, value_date).await? {
        Ok(record) => record,
        Err(skip) => return Ok(Err(skip)),
    };
    let currency = stored::currency(&deal.currency)?;
    let investments = investments_of(tx, deal.id).await?;
    let mark = mark_on(tx, deal, &investments, currency, value_date).await?;
    let value = stored::money(record.value_minor, currency)?;
    let active: Vec<_> = investments
        .iter()
        .filter(|i| i.invested_on <= value_date)
        .collect();
    let (share, shares) = split(deal, &active, currency, mark, value)?;
    if share.profit.is_zero() {
        return Ok(Err(NotPrepared(format!(
            "the value {value} is not above the high-water mark {mark}: no profit"
        ))));
    }
    let distribution = NewDistribution {
        program_id: session.program.id,
        deal_id: deal.id,
        value_date,
        performance_record_id: record.id,
        currency: currency.code(),
        value_minor: record.value_minor,
        high_water_mark_minor: stored::minor_units(mark)?,
        profit_minor: stored::minor_units(share.profit)?,
        partner_commission_minor: stored::minor_units(share.partner_commission)?,
        platform_fee_minor: stored::minor_units(share.platform_fee)?,
        investor_pool_minor: stored::minor_units(share.investor_pool)?,
        partner_commission_rate: deal.partner_commission_rate,
        platform_fee_rate: deal.platform_fee_rate,
        flagged: record.flagged,
        prepared_by: session.user(),
        round: next_round(tx, deal.id, value_date).await?,
    };
    let Some(id) = insert_distribution(tx, &distribution, &shares, clock.now()).await? else {
        return Ok(Err(NotPrepared(format!(
            "a distribution for {value_date} was prepared meanwhile"
        ))));
    };
    let after = json!({
        "deal_id": deal.id, "date": value_date.to_string(), "profit": share.profit.to_string(),
        "high_water_mark": mark.to_string(), "flagged": record.flagged,
    });
    let change = Change::new(PREPARE.name, format!("distribution:{id}"), after);
    let audit_head = audit_in_tx(tx, store, clock, session, change).await?;
    Ok(Ok(Prepared {
        id,
        profit: share.profit,
        audit_head,
    }))
}

pub async fn prepare_distribution(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    deal_ref: &str,
    date: &str,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, PREPARE, idempotency_key).await?;
    let value_date = input::date("date", date)?;
    let deal = deal_by_ref(op.tx(), session, deal_ref).await?;
    let request = json!({ "deal_id": deal.id, "date": value_date.to_string() });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    match prepare_in_tx(op.tx(), store, clock, session, deal.id, value_date).await? {
        Ok(prepared) => {
            op.appended(prepared.audit_head);
            op.finish(Created { id: prepared.id }).await
        }
        Err(NotPrepared(why)) => Err(Error::new(
            Code::Conflict,
            format!(
                "deal {}: nothing to prepare for {value_date}: {why}",
                deal.name
            ),
        )),
    }
}
