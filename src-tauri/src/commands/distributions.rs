//! Distributions: preparing, reviewing, approving, posting and cancelling, and the daily run.

use prorata_app::Error;
use prorata_app::deals::{self, DailyRunReport, DistributionView};
use prorata_app::responses::{Approved, Cancelled, Created, Items, Posted};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::commands::id::{Id, widen};
use crate::commands::second_factor::second_factor;
use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn list_distributions(
    desk: State<'_, Desk>,
    deal: Option<String>,
) -> Result<Items<DistributionView>, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::list_distributions(&store, &session, deal.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn show_distribution(desk: State<'_, Desk>, id: Id) -> Result<DistributionView, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::show_distribution(&store, &session, id.0).await
}

#[tauri::command]
#[specta::specta]
pub async fn prepare_distribution(
    desk: State<'_, Desk>,
    deal: String,
    date: String,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::prepare_distribution(
        &store,
        &desk.clock,
        &session,
        &deal,
        &date,
        &idempotency_key,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn approve_distributions(
    desk: State<'_, Desk>,
    ids: Vec<Id>,
    override_reason: Option<String>,
    code: Option<String>,
    idempotency_key: String,
) -> Result<Items<Approved>, Error> {
    let (store, session) = desk.signed_in().await?;
    let reason = override_reason.as_deref();
    let data_key = desk.data_key();
    let factor = second_factor(code.as_deref(), data_key.as_deref());
    let key = &idempotency_key;
    let clock = &desk.clock;
    deals::approve_distributions(&store, clock, &session, &widen(&ids), reason, factor, key).await
}

#[tauri::command]
#[specta::specta]
pub async fn post_distributions(
    desk: State<'_, Desk>,
    ids: Vec<Id>,
    idempotency_key: String,
) -> Result<Items<Posted>, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::post_distributions(
        &store,
        &desk.clock,
        &session,
        &widen(&ids),
        &idempotency_key,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_distribution(
    desk: State<'_, Desk>,
    id: Id,
    reason: String,
    idempotency_key: String,
) -> Result<Cancelled, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::cancel_distribution(
        &store,
        &desk.clock,
        &session,
        id.0,
        &reason,
        &idempotency_key,
    )
    .await
}

/// How far the daily run has come: deals done out of all of them.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
pub struct DailyProgress {
    pub done: u32,
    pub total: u32,
}

#[tauri::command]
#[specta::specta]
pub async fn run_daily(
    desk: State<'_, Desk>,
    date: String,
    idempotency_key: String,
    on_progress: Channel<DailyProgress>,
) -> Result<DailyRunReport, Error> {
    let (store, session) = desk.signed_in().await?;
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    // A closed window no longer listens; the run goes on regardless.
    let mut progress = |done: usize, total: usize| {
        let _ = on_progress.send(DailyProgress {
            done: clamp(done),
            total: clamp(total),
        });
    };
    deals::run_daily(
        &store,
        &desk.clock,
        &session,
        &date,
        &idempotency_key,
        &mut progress,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn reverse_distribution(
    desk: State<'_, Desk>,
    id: Id,
    reason: String,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::reverse_distribution(
        &store,
        &desk.clock,
        &session,
        id.0,
        &reason,
        &idempotency_key,
    )
    .await
}
