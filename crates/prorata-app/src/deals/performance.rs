//! `prorata performance record | verify | list`: a deal's value on a date, recorded by one
//! person and verified by another, compared with the previous value by the circuit breaker.

use prorata_domain::Currency;
use prorata_domain::Money;
use prorata_domain::control::{Role, UserName, check_maker_checker};
use prorata_domain::deal::{
    CapitalIn, MarkAfter, PerformanceStatus, business_days_between, high_water_mark_on, movement,
};
use prorata_store::Store;
use prorata_store::deals::{
    DistributionRecord, NewPerformance as StoredPerformance, PerformanceRecord,
    first_investment_date, insert_performance, investments_of, lock_performance, mark_verified,
    previous_performance,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::registry::{capital_of, deal_by_key};
use super::{
    MAX_LIST_ROWS, MarkPoint, PerformanceView, amount, audit, begin, date, finish, minor, money,
    stored_currency,
};
use crate::clock::Clock;
use crate::control::{Created, Items};
use crate::idempotent::claim;
use crate::session::Session;
use crate::{Code, Error};

/// A value to record, as given.
#[derive(Debug, Clone, Copy)]
pub struct NewPerformance<'a> {
    pub deal: &'a str,
    pub date: &'a str,
    pub value: &'a str,
    pub market_conditions: Option<&'a str>,
    pub notes: Option<&'a str>,
}

/// What recording a value did: its id, whether the breaker flagged it, and warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Recorded {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub flagged: bool,
    pub change: Option<String>,
    pub warnings: Vec<String>,
}

fn text(field: &str, value: Option<&str>) -> Result<Option<String>, Error> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    if value.is_some_and(|v| v.chars().count() > 4000) {
        return Err(Error::invalid(field, "at most 4,000 characters"));
    }
    Ok(value.map(str::to_owned))
}

/// "+20.00%" from a change ratio of 0.2.
fn percent(ratio: Decimal) -> String {
    let percent = (ratio * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let sign = if percent.is_sign_positive() && !percent.is_zero() {
        "+"
    } else {
        ""
    };
    format!("{sign}{percent:.2}%")
}

fn warnings(flagged: bool, change: Option<&str>, missed: i32) -> Vec<String> {
    let mut warnings = Vec::new();
    if flagged {
        let moved = change.map_or("from zero".to_owned(), |c| format!("by {c}"));
        warnings.push(format!(
            "the value moved {moved}, beyond the deal's circuit-breaker threshold: its distribution needs an approver's override with a reason"
        ));
    }
    if missed > 0 {
        let days = if missed == 1 { "day" } else { "days" };
        warnings.push(format!(
            "{missed} business {days} without a record before this one"
        ));
    }
    warnings
}

pub(crate) fn performance_view(
    r: PerformanceRecord,
    currency: Currency,
) -> Result<PerformanceView, Error> {
    let change = r.change_ratio.map(percent);
    Ok(PerformanceView {
        warnings: warnings(r.flagged, change.as_deref(), r.missed_business_days),
        id: r.id,
        deal_id: r.deal_id,
        date: r.value_date.to_string(),
        value: amount(r.value_minor, currency)?,
        previous_value: amount(r.previous_value_minor, currency)?,
        change,
        flagged: r.flagged,
        missed_business_days: i64::from(r.missed_business_days),
        status: r.status,
        recorded_by: r.recorded_by,
        verified_by: r.verified_by,
        market_conditions: r.market_conditions,
        notes: r.notes,
    })
}

pub async fn record_performance(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewPerformance<'_>,
    key: &str,
) -> Result<Recorded, Error> {
    session.actor.require(Role::Officer, "record performance")?;
    let value_date = date("date", new.date)?;
    let market_conditions = text("market_conditions", new.market_conditions)?;
    let notes = text("notes", new.notes)?;
    let mut tx = begin(store).await?;
    let deal = deal_by_key(&mut tx, session, new.deal).await?;
    let currency = stored_currency(&deal.currency)?;
    let value = Money::parse(new.value, currency).map_err(|e| Error::invalid("value", e))?;
    let request = json!({
        "deal_id": deal.id, "date": value_date.to_string(), "value": value.to_string(),
        "market_conditions": market_conditions, "notes": notes,
    });
    if let Some(done) = claim(
        &mut tx,
        clock,
        key,
        "performance.record",
        session.user(),
        &request,
    )
    .await?
    {
        return Ok(done);
    }
    let first = first_investment_date(&mut tx, deal.id)
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Conflict,
                format!(
                    "deal {} has no investment yet: record its capital first",
                    deal.name
                ),
            )
        })?;
    if value_date < first {
        return Err(Error::invalid(
            "date",
            format!("{value_date} is before the deal's first investment, on {first}"),
        ));
    }
    // The value is compared with the previous one plus capital added since (new money is
    // not a move of the deal's value), or with the capital for the first record.
    let capital = capital_of(&investments_of(&mut tx, deal.id).await?, currency)?;
    let (previous, missed) = match previous_performance(&mut tx, deal.id, value_date).await? {
        Some((on, value_minor)) => {
            let since = MarkAfter {
                date: on,
                mark: money(value_minor, currency)?,
            };
            (
                high_water_mark_on(currency, Some(since), &capital, value_date)?,
                business_days_between(on, value_date),
            )
        }
        None => (high_water_mark_on(currency, None, &capital, value_date)?, 0),
    };
    let threshold = prorata_domain::Rate::new(deal.circuit_breaker_threshold)
        .map_err(|e| Error::new(Code::Internal, format!("a stored threshold: {e}")))?;
    let moved = movement(previous, value, threshold)?;
    let missed = i32::try_from(missed).unwrap_or(i32::MAX);
    let stored = StoredPerformance {
        program_id: session.program.id,
        deal_id: deal.id,
        value_date,
        value_minor: minor(value)?,
        market_conditions: market_conditions.as_deref(),
        notes: notes.as_deref(),
        previous_value_minor: minor(previous)?,
        change_ratio: moved.change_ratio,
        flagged: moved.flagged,
        missed_business_days: missed,
        recorded_by: session.user(),
    };
    let id = insert_performance(&mut tx, &stored, clock.now())
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Conflict,
                format!(
                    "deal {} already has a performance record for {value_date}",
                    deal.name
                ),
            )
        })?;
    let change = moved.change_ratio.map(percent);
    let recorded = Recorded {
        id,
        flagged: moved.flagged,
        warnings: warnings(moved.flagged, change.as_deref(), missed),
        change,
    };
    let after = json!({ "deal_id": deal.id, "date": value_date.to_string(), "value": value.to_string(),
                        "flagged": moved.flagged });
    audit(
        &mut tx,
        clock,
        session,
        "performance.record",
        format!("performance:{id}"),
        after,
        None,
    )
    .await?;
    finish(tx, key, recorded).await
}

/// Verifies a recorded value: an approver who did not record it.
pub async fn verify_performance(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    key: &str,
) -> Result<Created, Error> {
    session
        .actor
        .require(Role::Approver, "verify performance")?;
    let mut tx = begin(store).await?;
    let request = json!({ "performance_id": id });
    if let Some(done) = claim(
        &mut tx,
        clock,
        key,
        "performance.verify",
        session.user(),
        &request,
    )
    .await?
    {
        return Ok(done);
    }
    let record = lock_performance(&mut tx, session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("id", format!("no performance record {id}")))?;
    if PerformanceStatus::parse(&record.status)? == PerformanceStatus::Verified {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "performance record {id} is already verified (by {})",
                record.verified_by.unwrap_or_default()
            ),
        ));
    }
    let maker = UserName::parse(&record.recorded_by)?;
    check_maker_checker(
        &maker,
        &session.actor.user,
        &format!("performance record {id}"),
    )?;
    mark_verified(&mut tx, id, session.user(), clock.now()).await?;
    let after = json!({ "status": "verified", "flagged": record.flagged });
    audit(
        &mut tx,
        clock,
        session,
        "performance.verify",
        format!("performance:{id}"),
        after,
        None,
    )
    .await?;
    finish(tx, key, Created { id }).await
}

pub async fn list_performance(
    store: &Store,
    session: &Session,
    deal: &str,
) -> Result<Items<PerformanceView>, Error> {
    let mut conn = store.acquire().await?;
    let deal = deal_by_key(&mut conn, session, deal).await?;
    let currency = stored_currency(&deal.currency)?;
    let records = prorata_store::deals::list_performance(&mut conn, deal.id, MAX_LIST_ROWS).await?;
    Ok(Items {
        items: records
            .into_iter()
            .map(|r| performance_view(r, currency))
            .collect::<Result<_, _>>()?,
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
        .filter(|d| d.status != "cancelled")
        .collect();
    live.sort_by_key(|d| d.value_date);
    let mut next = 0;
    let mut last: Option<MarkAfter> = None;
    let mut points = Vec::with_capacity(records.len());
    for record in records {
        while next < live.len() && live[next].value_date < record.value_date {
            last = Some(MarkAfter {
                date: live[next].value_date,
                mark: money(live[next].new_high_water_mark_minor, currency)?,
            });
            next += 1;
        }
        let mark = high_water_mark_on(currency, last, capital, record.value_date)?;
        points.push(MarkPoint {
            date: record.value_date.to_string(),
            value: amount(record.value_minor, currency)?,
            high_water_mark: mark.to_string(),
            status: record.status.clone(),
        });
    }
    Ok(points)
}
