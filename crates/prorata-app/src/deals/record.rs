//! `prorata performance record`: a deal's value on a date, compared by the circuit breaker
//! with the previous value plus the capital added since.

use chrono::NaiveDate;
use prorata_domain::control::Role;
use prorata_domain::deal::{
    MarkAfter, Movement, business_days_between, high_water_mark_on, movement,
};
use prorata_domain::{Currency, Money, Rate};
use prorata_store::deals::{
    DealRecord, NewPerformance as StoredPerformance, first_investment_date, insert_performance,
    investments_of, next_performance, previous_performance,
};
use prorata_store::{PgConnection, Store};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::deal::deal_by_ref;
use super::invest::capital_of;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::operation::{Operation, OperationSpec};
use crate::session::Session;
use crate::{Code, Error, stored};

const RECORD: OperationSpec = OperationSpec {
    name: "performance.record",
    roles: &[Role::Officer],
    purpose: "record performance",
};

/// A value to record, as given.
#[derive(Debug, Clone, Copy)]
pub struct NewPerformance<'a> {
    /// The deal's id or name.
    pub deal: &'a str,
    pub date: &'a str,
    pub value: &'a str,
    pub market_conditions: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub notation: Notation,
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

/// "+20.00%" from a change ratio of 0.2.
pub(crate) fn percent(ratio: Decimal) -> String {
    let percent = (ratio * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let sign = if percent.is_sign_positive() && !percent.is_zero() {
        "+"
    } else {
        ""
    };
    format!("{sign}{percent:.2}%")
}

/// The circuit breaker's verdict in words: how far the value moved, and the threshold.
pub(crate) fn breaker_words(change: Option<&str>, threshold: Rate) -> String {
    let moved = change.map_or("from zero".to_owned(), |c| format!("by {c}"));
    format!(
        "the value moved {moved}, beyond the deal's circuit-breaker threshold of {}",
        threshold.percent_text()
    )
}

/// What a person should know about a recorded value: a move beyond the deal's threshold (by
/// how much, and the threshold) and business days without a record before it.
pub(crate) fn warnings(
    flagged: bool,
    change: Option<&str>,
    threshold: Rate,
    missed: i32,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if flagged {
        warnings.push(format!(
            "{}: its distribution needs an approver's override with a reason",
            breaker_words(change, threshold)
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

/// How the new value compares: what it is compared with, the breaker's verdict, and the
/// business days without a record before it.
struct Comparison {
    previous: Money,
    moved: Movement,
    missed_business_days: i32,
    /// The date of the later record a value recorded out of order was also compared with,
    /// and whether the step from this value to that one is beyond the threshold.
    later: Option<(NaiveDate, bool)>,
}

/// The value is compared with the previous one plus capital added since (new money is not
/// a move of the deal's value), or with the capital for the first record.
async fn compare(
    conn: &mut PgConnection,
    deal: &DealRecord,
    currency: Currency,
    value_date: NaiveDate,
    value: Money,
) -> Result<Comparison, Error> {
    let first = first_investment_date(conn, deal.id).await?.ok_or_else(|| {
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
    let capital = capital_of(&investments_of(conn, deal.id).await?, currency)?;
    let (since, missed) = match previous_performance(conn, deal.id, value_date).await? {
        Some((on, value_minor)) => {
            let mark = stored::money(value_minor, currency)?;
            let since = MarkAfter { date: on, mark };
            (Some(since), business_days_between(on, value_date))
        }
        None => (None, 0),
    };
    let previous = high_water_mark_on(currency, since, &capital, value_date)?;
    let threshold = stored::rate(deal.circuit_breaker_threshold)?;
    let mut moved = movement(previous, value, threshold)?;
    // Recorded out of order: the later value must follow from this one too (plus capital
    // added in between), or this one is flagged against it.
    let mut later = None;
    if let Some((on, value_minor)) = next_performance(conn, deal.id, value_date).await? {
        let from_this = MarkAfter {
            date: value_date,
            mark: value,
        };
        let expected = high_water_mark_on(currency, Some(from_this), &capital, on)?;
        let next = movement(expected, stored::money(value_minor, currency)?, threshold)?;
        moved.flagged |= next.flagged;
        later = Some((on, next.flagged));
    }
    Ok(Comparison {
        previous,
        moved,
        missed_business_days: i32::try_from(missed).unwrap_or(i32::MAX),
        later,
    })
}

pub async fn record_performance(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewPerformance<'_>,
    idempotency_key: &str,
) -> Result<Recorded, Error> {
    let mut op = Operation::begin(store, clock, session, RECORD, idempotency_key).await?;
    let value_date = input::date("date", new.date)?;
    let market_conditions = input::note("market_conditions", new.market_conditions)?;
    let notes = input::note("notes", new.notes)?;
    let deal = deal_by_ref(op.tx(), session, new.deal).await?;
    let currency = stored::currency(&deal.currency)?;
    let value = input::amount(new.notation, "value", new.value, currency)?;
    let request = json!({
        "deal_id": deal.id, "date": value_date.to_string(), "value": value.to_string(),
        "market_conditions": market_conditions, "notes": notes,
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let c = compare(op.tx(), &deal, currency, value_date, value).await?;
    let record = StoredPerformance {
        program_id: session.program.id,
        deal_id: deal.id,
        value_date,
        value_minor: stored::minor_units(value)?,
        market_conditions: market_conditions.as_deref(),
        notes: notes.as_deref(),
        previous_value_minor: stored::minor_units(c.previous)?,
        change_ratio: c.moved.change_ratio,
        flagged: c.moved.flagged,
        missed_business_days: c.missed_business_days,
        recorded_by: session.user(),
    };
    let id = insert_performance(op.tx(), &record, clock.now())
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
    let after = json!({ "deal_id": deal.id, "date": value_date.to_string(),
                        "value": value.to_string(), "flagged": c.moved.flagged });
    op.audit(format!("performance:{id}"), after).await?;
    let change = c.moved.change_ratio.map(percent);
    let threshold = stored::rate(deal.circuit_breaker_threshold)?;
    let mut warnings = warnings(
        c.moved.flagged,
        change.as_deref(),
        threshold,
        c.missed_business_days,
    );
    if let Some((on, beyond)) = c.later {
        let verdict = if beyond {
            "and the step from this value to it is beyond the threshold"
        } else {
            "and the step to it is within the threshold"
        };
        warnings.push(format!(
            "recorded out of order: the value of the later date {on} was compared too, {verdict}"
        ));
    }
    op.finish(Recorded {
        id,
        flagged: c.moved.flagged,
        warnings,
        change,
    })
    .await
}
