//! Paying people: the withdrawal review queue, payout batches from draft to the bank's files,
//! and each item's confirmation.

use std::path::Path;

use prorata_app::ledger::AccountBalanceView;
use prorata_app::payouts::Payee;
use prorata_app::payouts::{
    self, BankAccountView, BatchView, Confirmation, ExecutedBatch, WithdrawalView,
};
use prorata_app::responses::{Approved, Cancelled, Changed, Confirmed, Created, Items, Rejected};
use prorata_app::{Code, Error};
use serde::Deserialize;
use tauri::State;

use crate::commands::id::{Id, widen};
use crate::commands::second_factor::second_factor;
use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn list_bank_accounts(desk: State<'_, Desk>) -> Result<Items<BankAccountView>, Error> {
    let (store, session) = desk.signed_in().await?;
    payouts::list_bank_accounts(&store, &session).await
}

/// Whose payable: a party of the program.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Investor,
    Partner,
}

/// An investor's or partner's payable in each book: posted, pending and available.
#[tauri::command]
#[specta::specta]
pub async fn payee_balances(
    desk: State<'_, Desk>,
    kind: PartyKind,
    id: Id,
) -> Result<Items<AccountBalanceView>, Error> {
    let (store, session) = desk.signed_in().await?;
    let key = id.0.to_string();
    let payee = match kind {
        PartyKind::Investor => Payee::Investor(&key),
        PartyKind::Partner => Payee::Partner(&key),
    };
    payouts::payee_balances(&store, &session, payee).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_withdrawals(
    desk: State<'_, Desk>,
    status: Option<String>,
) -> Result<Items<WithdrawalView>, Error> {
    let (store, session) = desk.signed_in().await?;
    payouts::list_withdrawals(&store, &session, status.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn approve_withdrawal(
    desk: State<'_, Desk>,
    id: Id,
    idempotency_key: String,
) -> Result<Approved, Error> {
    let (store, session) = desk.signed_in().await?;
    payouts::approve_withdrawal(&store, &desk.clock, &session, id.0, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn reject_withdrawal(
    desk: State<'_, Desk>,
    id: Id,
    reason: String,
    idempotency_key: String,
) -> Result<Rejected, Error> {
    let (store, session) = desk.signed_in().await?;
    payouts::reject_withdrawal(
        &store,
        &desk.clock,
        &session,
        id.0,
        &reason,
        &idempotency_key,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_withdrawal(
    desk: State<'_, Desk>,
    id: Id,
    idempotency_key: String,
) -> Result<Cancelled, Error> {
    let (store, session) = desk.signed_in().await?;
    payouts::cancel_withdrawal(&store, &desk.clock, &session, id.0, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_batches(desk: State<'_, Desk>) -> Result<Items<BatchView>, Error> {
    let (store, session) = desk.signed_in().await?;
    payouts::list_batches(&store, &session).await
}

#[tauri::command]
#[specta::specta]
pub async fn show_batch(desk: State<'_, Desk>, id: Id) -> Result<BatchView, Error> {
    let (store, session) = desk.signed_in().await?;
    payouts::show_batch(&store, &session, id.0).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_batch(
    desk: State<'_, Desk>,
    bank: String,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    payouts::create_batch(&store, &desk.clock, &session, &bank, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_to_batch(
    desk: State<'_, Desk>,
    batch: Id,
    withdrawals: Vec<Id>,
    idempotency_key: String,
) -> Result<Changed, Error> {
    let (store, session) = desk.signed_in().await?;
    let ids = widen(&withdrawals);
    payouts::add_to_batch(
        &store,
        &desk.clock,
        &session,
        batch.0,
        &ids,
        &idempotency_key,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn submit_batch(
    desk: State<'_, Desk>,
    batch: Id,
    idempotency_key: String,
) -> Result<Changed, Error> {
    let (store, session) = desk.signed_in().await?;
    payouts::submit_batch(&store, &desk.clock, &session, batch.0, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn approve_batch(
    desk: State<'_, Desk>,
    batch: Id,
    code: Option<String>,
    idempotency_key: String,
) -> Result<Approved, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let factor = second_factor(code.as_deref(), data_key.as_deref());
    payouts::approve_batch(
        &store,
        &desk.clock,
        &session,
        batch.0,
        factor,
        &idempotency_key,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn reject_batch(
    desk: State<'_, Desk>,
    batch: Id,
    reason: String,
    idempotency_key: String,
) -> Result<Rejected, Error> {
    let (store, session) = desk.signed_in().await?;
    let key = &idempotency_key;
    payouts::reject_batch(&store, &desk.clock, &session, batch.0, &reason, key).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_batch(
    desk: State<'_, Desk>,
    batch: Id,
    reason: String,
    idempotency_key: String,
) -> Result<Cancelled, Error> {
    let (store, session) = desk.signed_in().await?;
    let key = &idempotency_key;
    payouts::cancel_batch(&store, &desk.clock, &session, batch.0, &reason, key).await
}

/// Writes the bank's two files into `folder`, the one the user chose.
#[tauri::command]
#[specta::specta]
pub async fn execute_batch(
    desk: State<'_, Desk>,
    batch: Id,
    folder: String,
    code: Option<String>,
    idempotency_key: String,
) -> Result<ExecutedBatch, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let factor = second_factor(code.as_deref(), data_key.as_deref());
    let (clock, out) = (&desk.clock, Path::new(&folder));
    let key = &idempotency_key;
    payouts::execute_batch(&store, clock, &session, batch.0, out, factor, key).await
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_paid(
    desk: State<'_, Desk>,
    item: Id,
    reference: String,
    idempotency_key: String,
) -> Result<Confirmed, Error> {
    let (store, session) = desk.signed_in().await?;
    let paid = Confirmation::Paid {
        reference: &reference,
    };
    let key = &idempotency_key;
    payouts::confirm_item(&store, &desk.clock, &session, item.0, paid, key).await
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_failed(
    desk: State<'_, Desk>,
    item: Id,
    reason: String,
    idempotency_key: String,
) -> Result<Confirmed, Error> {
    let (store, session) = desk.signed_in().await?;
    let failed = Confirmation::Failed { reason: &reason };
    let key = &idempotency_key;
    payouts::confirm_item(&store, &desk.clock, &session, item.0, failed, key).await
}

/// The folder dialog for the bank's files: the folder chosen, or none when the user closed it.
#[tauri::command]
#[specta::specta]
pub async fn choose_folder(app: tauri::AppHandle, title: String) -> Result<Option<String>, Error> {
    use tauri_plugin_dialog::DialogExt;
    let picked = app.dialog().file().set_title(title).blocking_pick_folder();
    picked
        .map(|folder| folder.into_path())
        .transpose()
        .map(|path| path.map(|p| p.display().to_string()))
        .map_err(|e| {
            Error::new(
                Code::Internal,
                format!("the folder chosen has no path here: {e}"),
            )
        })
}
