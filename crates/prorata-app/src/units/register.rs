//! `prorata units issue | transfer | redeem`: a movement of a deal's LP units, dated, never
//! before the deal's latest, never taking a holding below zero. The deal's register is locked
//! (its row) before the holdings are read, so two movements of one deal take turns and two
//! redemptions at once can never both spend the same units; PostgreSQL books the movement
//! into the holdings and checks both rules again.

use prorata_domain::Units;
use prorata_domain::lp::{self, LpError, UnitMovementKind};
use prorata_store::Store;
use prorata_store::deals::find_investor;
use prorata_store::events::latest_snapshot;
use prorata_store::units::{NewUnitMovement, holdings_now, insert_movement, lock_register};
use serde_json::json;

use crate::clock::Clock;
use crate::deals::deal_by_ref;
use crate::input;
use crate::operation::{Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Error, stored};

const MOVE_UNITS: OperationSpec = OperationSpec {
    name: "units.moved",
    roles: lp::REGISTRARS,
    purpose: "keep the register of LP units",
};

/// A movement as asked: `investor` receives (issue, transfer) or gives back (redeem);
/// `from` gives, in a transfer.
#[derive(Debug, Clone, Copy)]
pub struct UnitMovement<'a> {
    pub kind: UnitMovementKind,
    pub deal: &'a str,
    pub investor: &'a str,
    pub from: Option<&'a str>,
    pub units: &'a str,
    pub date: &'a str,
}

/// Records the movement; its id.
pub async fn move_units(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    movement: UnitMovement<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, MOVE_UNITS, idempotency_key).await?;
    let units = Units::parse(movement.units.trim()).map_err(|e| Error::invalid("units", e))?;
    let date = input::date("date", movement.date)?;
    let deal = deal_by_ref(op.tx(), session, movement.deal).await?;
    let investor = investor_named(&mut op, "investor", movement.investor).await?;
    let from = match (movement.kind, movement.from) {
        (UnitMovementKind::Transfer, Some(from)) => {
            Some(investor_named(&mut op, "from", from).await?)
        }
        (UnitMovementKind::Transfer, None) => {
            return Err(Error::invalid(
                "from",
                "a transfer names who gives the units",
            ));
        }
        (_, _) => None,
    };
    if from.as_ref().is_some_and(|(id, _)| *id == investor.0) {
        return Err(LpError::TransferToSelf(investor.1.clone()).into());
    }
    let request = json!({
        "kind": movement.kind.as_str(), "deal_id": deal.id, "investor_id": investor.0,
        "from_investor_id": from.as_ref().map(|f| f.0), "units": units.to_string(), "date": date.to_string(),
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    lp::check_in_order(lock_register(op.tx(), deal.id).await?, date)?;
    lp::check_after_snapshot(latest_snapshot(op.tx(), deal.id).await?, date)?;
    let ids: Vec<i64> = [Some(investor.0), from.as_ref().map(|f| f.0)]
        .into_iter()
        .flatten()
        .collect();
    let held = holdings_now(op.tx(), deal.id, &ids).await?;
    let holding = |id: i64| -> Result<Units, Error> {
        held.get(&id)
            .map_or(Ok(Units::zero()), |units| stored::units(*units))
    };
    match (&from, movement.kind) {
        (_, UnitMovementKind::Redeem) => {
            lp::given(&investor.1, holding(investor.0)?, units)?;
        }
        (Some((giver, name)), _) => {
            lp::given(name, holding(*giver)?, units)?;
            lp::received(holding(investor.0)?, units)?;
        }
        (None, _) => {
            lp::received(holding(investor.0)?, units)?;
        }
    }
    let id = insert_movement(
        op.tx(),
        &NewUnitMovement {
            program_id: session.program.id,
            deal_id: deal.id,
            kind: movement.kind,
            investor_id: investor.0,
            from_investor_id: from.as_ref().map(|f| f.0),
            units: units.as_decimal(),
            moved_on: date,
            recorded_by: session.user(),
            recorded_at: clock.now(),
        },
    )
    .await?;
    op.audit(format!("units:{id}"), request).await?;
    op.finish(Created { id }).await
}

async fn investor_named(
    op: &mut Operation<'_>,
    field: &str,
    key: &str,
) -> Result<(i64, String), Error> {
    let program_id = op.session().program.id;
    find_investor(op.tx(), program_id, key.trim())
        .await?
        .map(|p| (p.id, p.name))
        .ok_or_else(|| Error::invalid(field, format!("no investor is called or numbered {key}")))
}
