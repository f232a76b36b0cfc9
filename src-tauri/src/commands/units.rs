//! LP units: a deal's register, read as of a day, and its movements.

use prorata_app::Error;
use prorata_app::responses::Created;
use prorata_app::units::{self, HoldingsView, UnitMovement, UnitMovementKind};
use tauri::State;

use crate::commands::id::Id;
use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn unit_holdings(
    desk: State<'_, Desk>,
    deal: Id,
    as_of: Option<String>,
) -> Result<HoldingsView, Error> {
    let (store, session) = desk.signed_in().await?;
    units::holdings(&store, &session, &deal.0.to_string(), as_of.as_deref()).await
}

#[tauri::command]
#[specta::specta]
#[allow(
    clippy::too_many_arguments,
    reason = "the movement's fields, as the window sends them"
)]
pub async fn move_units(
    desk: State<'_, Desk>,
    kind: UnitMovementKind,
    deal: Id,
    investor: String,
    from: Option<String>,
    units: String,
    date: String,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    let deal = deal.0.to_string();
    let movement = UnitMovement {
        kind,
        deal: &deal,
        investor: &investor,
        from: from.as_deref(),
        units: &units,
        date: &date,
    };
    units::move_units(&store, &desk.clock, &session, movement, &idempotency_key).await
}
