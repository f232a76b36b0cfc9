//! `prorata event calculate`: the deal's holdings at the end of the snapshot date (the
//! distribution date unless given), and the total allocated by units with the allocation
//! rule. The deal's register is locked first, so no movement lands between the read and the
//! allocations; afterwards PostgreSQL refuses any movement dated on or before the snapshot.

use chrono::NaiveDate;
use prorata_domain::lp::{self, EventAction, HolderUnits, UnitAllocation};
use prorata_domain::{Money, Units};
use prorata_store::Store;
use prorata_store::events::{NewAllocation, Snapshot, insert_allocations, mark_calculated};
use prorata_store::units::{holdings_as_of, lock_register};
use rust_decimal::Decimal;
use serde_json::json;

use super::read::locked_event;
use crate::clock::Clock;
use crate::input;
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::Changed;
use crate::session::Session;
use crate::{Error, stored};

const CALCULATE: OperationSpec = OperationSpec {
    name: "event.calculated",
    roles: lp::EVENT_KEEPERS,
    purpose: "calculate distribution events",
};

/// Snapshots the holdings and writes the allocations; the event becomes calculated.
pub async fn calculate_event(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    snapshot_date: Option<&str>,
    idempotency_key: &str,
) -> Result<Changed, Error> {
    let mut op = Operation::begin(store, clock, session, CALCULATE, idempotency_key).await?;
    let given = input::optional_date("snapshot_date", snapshot_date)?;
    let request = json!({ "id": id, "snapshot_date": given.map(|d| d.to_string()) });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let event = locked_event(&mut op, id).await?;
    event.status.after(EventAction::Calculate)?;
    let snapshot = given.unwrap_or(event.distribution_date);
    let today = clock.now().date_naive();
    if snapshot > today {
        return Err(Error::invalid(
            "snapshot_date",
            format!("{snapshot} is after today ({today}): the holdings on it are not known yet"),
        ));
    }
    lock_register(op.tx(), event.deal_id).await?;
    let currency = stored::currency(&event.currency)?;
    let total = stored::money(event.total_minor, currency)?;
    let (total_units, allocations) = allocate(&mut op, event.deal_id, total, snapshot).await?;
    let rows: Vec<NewAllocation> = allocations
        .iter()
        .map(|a| {
            Ok(NewAllocation {
                investor_id: a.investor_id,
                units: a.units.as_decimal(),
                amount_minor: stored::minor_units(a.amount)?,
            })
        })
        .collect::<Result<_, Error>>()?;
    insert_allocations(op.tx(), session.program.id, id, &rows).await?;
    let per_unit = amount_per_unit(total, total_units);
    let taken = Snapshot {
        date: snapshot,
        total_units: total_units.as_decimal(),
        amount_per_unit: per_unit,
        by: session.user(),
        at: clock.now(),
    };
    mark_calculated(op.tx(), id, taken).await?;
    let after = json!({
        "status": "calculated", "snapshot_date": snapshot.to_string(),
        "total_units": total_units.to_string(), "amount_per_unit": per_unit.to_string(),
        "allocations": rows.len(),
    });
    let change = Change::new(CALCULATE.name, format!("event:{id}"), after)
        .from(json!({ "status": event.status.as_str() }));
    op.record(change).await?;
    op.finish(Changed { id }).await
}

/// The holdings at the end of `snapshot`, and the total allocated over them.
async fn allocate(
    op: &mut Operation<'_>,
    deal_id: i64,
    total: Money,
    snapshot: NaiveDate,
) -> Result<(Units, Vec<UnitAllocation>), Error> {
    let held = holdings_as_of(op.tx(), deal_id, Some(snapshot)).await?;
    let holders: Vec<HolderUnits> = held
        .iter()
        .map(|h| {
            Ok(HolderUnits {
                investor_id: h.investor_id,
                units: stored::units(h.units)?,
            })
        })
        .collect::<Result<_, Error>>()?;
    Ok(lp::allocate_by_units(total, snapshot, &holders)?)
}

/// `total / units`, half-up at 7 places, computed on integers: (minor · 10^14) over
/// (units' ten-millionths · 10^scale), so nothing is lost before the one rounding.
fn amount_per_unit(total: Money, units: Units) -> Decimal {
    let scale = total.currency().minor_unit_scale();
    let numerator = total.minor_units() * 10i128.pow(14);
    let denominator = units.minor_units() * 10i128.pow(scale);
    assert!(
        denominator > 0 && numerator >= 0,
        "units are held and the total is positive"
    );
    let places_7 = (2 * numerator + denominator) / (2 * denominator);
    Decimal::from_i128_with_scale(places_7, 7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use prorata_domain::Currency;

    #[test]
    fn the_amount_per_unit_is_rounded_once_half_up_at_seven_places() {
        let usd = Currency::from_code("USD").expect("USD");
        let jpy = Currency::from_code("JPY").expect("JPY");
        let per_unit = |total: &str, c: Currency, units: &str| {
            amount_per_unit(
                Money::parse(total, c).expect("money"),
                Units::parse(units).expect("units"),
            )
            .to_string()
        };
        assert_eq!(per_unit("1000.00", usd, "600"), "1.6666667");
        assert_eq!(per_unit("1000", jpy, "3"), "333.3333333");
        assert_eq!(per_unit("0.01", usd, "0.0000001"), "100000.0000000");
    }
}
