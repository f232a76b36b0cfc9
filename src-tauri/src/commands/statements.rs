//! Statements: the issued documents, one investor's statement issued and shown, a month's
//! statements with their progress, each document saved where the user chooses, and a month
//! e-mailed.

use std::path::Path;

use prorata_app::Error;
use prorata_app::responses::Items;
use prorata_app::statements::{
    self, DocumentView, Exported, IssuedDocument, PeriodRunReport, SendReport, StatementPermits,
    StatementRequest,
};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::commands::id::Id;
use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn list_statements(
    desk: State<'_, Desk>,
    investor: Option<Id>,
) -> Result<Items<DocumentView>, Error> {
    let (store, session) = desk.signed_in().await?;
    let investor = investor.map(|id| id.0.to_string());
    statements::list_statements(&store, &session, investor.as_deref()).await
}

/// What the signed-in user may do with statements.
#[tauri::command]
#[specta::specta]
pub async fn statement_permits(desk: State<'_, Desk>) -> Result<StatementPermits, Error> {
    let (_, session) = desk.signed_in().await?;
    Ok(statements::statement_permits(&session))
}

#[tauri::command]
#[specta::specta]
pub async fn issue_statement(
    desk: State<'_, Desk>,
    investor: String,
    from: String,
    to: String,
    currency: Option<String>,
    idempotency_key: String,
) -> Result<IssuedDocument, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let data_key = statements::unlocked(data_key.as_deref())?;
    let request = StatementRequest {
        investor: &investor,
        from: &from,
        to: &to,
        currency: currency.as_deref(),
    };
    let (clock, key) = (&desk.clock, &idempotency_key);
    statements::issue_statement(&store, clock, &session, request, None, key, data_key).await
}

/// An issued document's bytes, for the preview.
#[tauri::command]
#[specta::specta]
pub async fn statement_pdf(desk: State<'_, Desk>, id: Id) -> Result<Vec<u8>, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let data_key = statements::unlocked(data_key.as_deref())?;
    statements::statement_pdf(&store, &session, id.0, data_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_statement(
    desk: State<'_, Desk>,
    id: Id,
    folder: String,
) -> Result<String, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let data_key = statements::unlocked(data_key.as_deref())?;
    statements::save_statement(&store, &session, id.0, Path::new(&folder), data_key).await
}

/// How far a month's run has come: payables done out of all of them.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
pub struct StatementProgress {
    pub done: u32,
    pub total: u32,
}

#[tauri::command]
#[specta::specta]
pub async fn issue_period(
    desk: State<'_, Desk>,
    period: String,
    currency: Option<String>,
    folder: String,
    idempotency_key: String,
    on_progress: Channel<StatementProgress>,
) -> Result<PeriodRunReport, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let data_key = statements::unlocked(data_key.as_deref())?;
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    // A closed window no longer listens; the run goes on regardless.
    let mut progress = |done: usize, total: usize| {
        let _ = on_progress.send(StatementProgress {
            done: clamp(done),
            total: clamp(total),
        });
    };
    let (clock, out, key) = (&desk.clock, Path::new(&folder), &idempotency_key);
    let currency = currency.as_deref();
    statements::issue_period(
        &store,
        clock,
        &session,
        &period,
        currency,
        out,
        key,
        data_key,
        &mut progress,
    )
    .await
}

/// The program's distributions, shares, withdrawals or ledger as CSV, into a folder chosen.
#[tauri::command]
#[specta::specta]
pub async fn export_records(
    desk: State<'_, Desk>,
    kind: String,
    folder: String,
) -> Result<Exported, Error> {
    let (store, session) = desk.signed_in().await?;
    statements::export_into(&store, &desk.clock, &session, &kind, Path::new(&folder)).await
}

#[tauri::command]
#[specta::specta]
pub async fn send_statements(desk: State<'_, Desk>, period: String) -> Result<SendReport, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let data_key = statements::unlocked(data_key.as_deref())?;
    statements::send_period(
        &store,
        &desk.clock,
        &session,
        &period,
        data_key,
        &mut |_, _| {},
    )
    .await
}
