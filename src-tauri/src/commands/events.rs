//! LP distribution events: a deal's events, one event whole, the acts on it, and an
//! investor's allocations.

use prorata_app::Error;
use prorata_app::events::{self, AllocationView, DealEventsView, EventView, NewEvent};
use prorata_app::input::Notation;
use prorata_app::responses::{Approved, Cancelled, Changed, Closed, Created, Items};
use tauri::State;

use crate::commands::id::Id;
use crate::commands::second_factor::second_factor;
use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn deal_events(desk: State<'_, Desk>, deal: Id) -> Result<DealEventsView, Error> {
    let (store, session) = desk.signed_in().await?;
    events::deal_events(&store, &session, &deal.0.to_string()).await
}

#[tauri::command]
#[specta::specta]
pub async fn show_event(desk: State<'_, Desk>, id: Id) -> Result<EventView, Error> {
    let (store, session) = desk.signed_in().await?;
    events::show_event(&store, &session, id.0).await
}

#[tauri::command]
#[specta::specta]
pub async fn investor_allocations(
    desk: State<'_, Desk>,
    investor: Id,
) -> Result<Items<AllocationView>, Error> {
    let (store, session) = desk.signed_in().await?;
    let investor = investor.0.to_string();
    events::list_allocations(&store, &session, Some(&investor)).await
}

#[tauri::command]
#[specta::specta]
#[allow(
    clippy::too_many_arguments,
    reason = "the event's fields, as the window sends them"
)]
pub async fn create_event(
    desk: State<'_, Desk>,
    deal: Id,
    kind: String,
    title: String,
    description: Option<String>,
    amount: String,
    date: String,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    let deal = deal.0.to_string();
    let new = NewEvent {
        deal: &deal,
        kind: &kind,
        title: &title,
        description: description.as_deref(),
        amount: &amount,
        date: &date,
        notation: Notation::Window,
    };
    events::create_event(&store, &desk.clock, &session, new, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn calculate_event(
    desk: State<'_, Desk>,
    id: Id,
    snapshot_date: Option<String>,
    idempotency_key: String,
) -> Result<Changed, Error> {
    let (store, session) = desk.signed_in().await?;
    let snapshot = snapshot_date.as_deref();
    let key = &idempotency_key;
    events::calculate_event(&store, &desk.clock, &session, id.0, snapshot, key).await
}

#[tauri::command]
#[specta::specta]
pub async fn approve_event(
    desk: State<'_, Desk>,
    id: Id,
    code: Option<String>,
    idempotency_key: String,
) -> Result<Approved, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let factor = second_factor(code.as_deref(), data_key.as_deref());
    events::approve_event(
        &store,
        &desk.clock,
        &session,
        id.0,
        factor,
        &idempotency_key,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn complete_event(
    desk: State<'_, Desk>,
    id: Id,
    idempotency_key: String,
) -> Result<Closed, Error> {
    let (store, session) = desk.signed_in().await?;
    events::complete_event(&store, &desk.clock, &session, id.0, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_event(
    desk: State<'_, Desk>,
    id: Id,
    reason: String,
    idempotency_key: String,
) -> Result<Cancelled, Error> {
    let (store, session) = desk.signed_in().await?;
    events::cancel_event(
        &store,
        &desk.clock,
        &session,
        id.0,
        &reason,
        &idempotency_key,
    )
    .await
}
