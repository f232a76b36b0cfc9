//! The audit log: verifying its hash chain and reading it.

use prorata_app::Error;
use prorata_app::audit::{AuditEntryView, ChainView};
use prorata_app::input::optional_date;
use prorata_app::responses::Items;
use tauri::State;

use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn verify_audit(desk: State<'_, Desk>) -> Result<ChainView, Error> {
    let (store, session) = desk.signed_in().await?;
    prorata_app::audit::verify_audit(&store, &session).await
}

#[tauri::command]
#[specta::specta]
pub async fn audit_log(
    desk: State<'_, Desk>,
    since: Option<String>,
    actor: Option<String>,
) -> Result<Items<AuditEntryView>, Error> {
    let (store, session) = desk.signed_in().await?;
    let since = optional_date("since", since.as_deref())?;
    let actor = actor.filter(|actor| !actor.is_empty());
    prorata_app::audit::audit_log(&store, &session, since, actor.as_deref()).await
}
