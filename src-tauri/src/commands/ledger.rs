//! The ledger of the session's program: trial balance, account statements and balances,
//! and the consistency check.

use prorata_app::Error;
use prorata_app::input::{optional_currency, optional_date};
use prorata_app::ledger::{
    AccountBalanceView, AccountStatementView, LedgerAccountView, LedgerCheck, TrialBalanceView,
};
use tauri::State;

use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn trial_balance(
    desk: State<'_, Desk>,
    as_of: Option<String>,
) -> Result<TrialBalanceView, Error> {
    let (store, session) = desk.signed_in().await?;
    let as_of = optional_date("as_of", as_of.as_deref())?;
    prorata_app::ledger::trial_balance(&store, &session, as_of).await
}

#[tauri::command]
#[specta::specta]
pub async fn account_statement(
    desk: State<'_, Desk>,
    account: String,
    currency: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<AccountStatementView, Error> {
    let (store, session) = desk.signed_in().await?;
    let currency = optional_currency("currency", currency.as_deref())?;
    let from = optional_date("from", from.as_deref())?;
    let to = optional_date("to", to.as_deref())?;
    prorata_app::ledger::account_statement(&store, &session, &account, currency, from, to).await
}

#[tauri::command]
#[specta::specta]
pub async fn account_balance(
    desk: State<'_, Desk>,
    account: String,
    currency: Option<String>,
    as_of: Option<String>,
) -> Result<AccountBalanceView, Error> {
    let (store, session) = desk.signed_in().await?;
    let currency = optional_currency("currency", currency.as_deref())?;
    let as_of = optional_date("as_of", as_of.as_deref())?;
    prorata_app::ledger::account_balance(&store, &session, &account, currency, as_of).await
}

#[tauri::command]
#[specta::specta]
pub async fn verify_ledger(desk: State<'_, Desk>) -> Result<LedgerCheck, Error> {
    let (store, session) = desk.signed_in().await?;
    prorata_app::ledger::verify_ledger(&store, &session).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_accounts(desk: State<'_, Desk>) -> Result<Vec<LedgerAccountView>, Error> {
    let (store, session) = desk.signed_in().await?;
    prorata_app::ledger::list_accounts(&store, &session).await
}
