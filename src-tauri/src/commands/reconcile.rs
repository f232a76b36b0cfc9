//! Bank reconciliation: an account's statement against the ledger, what the rules and people
//! matched, and what is open on both sides; written as a PDF report or as CSV. Importing,
//! matching and resolving are the command line's.

use prorata_app::Error;
use prorata_app::reconcile::{
    self, BankReconciliationView, ReconciliationFile, ReconciliationWritten,
};
use tauri::State;

use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn bank_reconciliation(
    desk: State<'_, Desk>,
    bank: String,
) -> Result<BankReconciliationView, Error> {
    let (store, session) = desk.signed_in().await?;
    reconcile::bank_reconciliation(&store, &session, &bank).await
}

#[tauri::command]
#[specta::specta]
pub async fn write_bank_reconciliation(
    desk: State<'_, Desk>,
    bank: String,
    folder: String,
    file: ReconciliationFile,
) -> Result<ReconciliationWritten, Error> {
    let (store, session) = desk.signed_in().await?;
    let folder = std::path::Path::new(&folder);
    reconcile::write_reconciliation_into(&store, &desk.clock, &session, &bank, (folder, file)).await
}
