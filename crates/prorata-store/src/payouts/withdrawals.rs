//! Withdrawal requests: an amount held on a payee's payable, decided by a second person.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use prorata_domain::ledger::BalanceTotals;
use prorata_domain::payout::WithdrawalStatus;
use sqlx::PgConnection;

use super::{PayoutStoreError, Tx};
use crate::states::Stored;

/// Where a request's sealed bank details belong: its program, its hold (unique, never
/// changed) and the field.
pub fn withdrawal_context(program_id: i64, hold_entry_id: i64, field: &str) -> String {
    format!("withdrawals.{field}:{program_id}:{hold_entry_id}")
}

/// A request to store, with the hold that reserves its amount and its sealed details.
#[derive(Debug, Clone)]
pub struct NewWithdrawal<'a> {
    pub program_id: i64,
    pub payee_account_id: i64,
    pub currency: &'a str,
    pub amount_minor: i64,
    pub hold_entry_id: i64,
    pub bank_name: &'a str,
    pub account_name_sealed: &'a [u8],
    pub account_number_sealed: &'a [u8],
    pub account_number_last4: &'a str,
    pub is_iban: bool,
    pub requested_by: &'a str,
    pub requested_at: DateTime<Utc>,
    /// The LP allocation it draws on, if any.
    pub allocation_id: Option<i64>,
}

/// A request as stored, with the code of the payable it draws on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalRecord {
    pub id: i64,
    pub payee_account_id: i64,
    pub payee_code: String,
    pub currency: String,
    pub amount_minor: i64,
    pub status: WithdrawalStatus,
    pub hold_entry_id: i64,
    pub bank_name: String,
    pub account_name_sealed: Vec<u8>,
    pub account_number_sealed: Vec<u8>,
    pub account_number_last4: String,
    pub is_iban: bool,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reject_reason: Option<String>,
    pub cancelled_by: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The LP allocation it draws on, if any.
    pub allocation_id: Option<i64>,
}

pub async fn insert_withdrawal(
    tx: &mut Tx<'_>,
    new: &NewWithdrawal<'_>,
) -> Result<i64, PayoutStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO withdrawals (program_id, payee_account_id, currency, amount_minor, status,
             hold_entry_id, bank_name, account_name_sealed, account_number_sealed,
             account_number_last4, is_iban, requested_by, requested_at, allocation_id)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        new.program_id,
        new.payee_account_id,
        new.currency,
        new.amount_minor,
        new.hold_entry_id,
        new.bank_name,
        new.account_name_sealed,
        new.account_number_sealed,
        new.account_number_last4,
        new.is_iban,
        new.requested_by,
        new.requested_at,
        new.allocation_id,
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The program's request with this id.
pub async fn find_withdrawal(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<WithdrawalRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        WithdrawalRecord,
        r#"SELECT w.id, w.payee_account_id, a.code AS payee_code, w.currency, w.amount_minor,
                  w.status AS "status: Stored<WithdrawalStatus>", w.hold_entry_id, w.bank_name,
                  w.account_name_sealed, w.account_number_sealed, w.account_number_last4,
                  w.is_iban, w.requested_by, w.requested_at, w.decided_by, w.decided_at,
                  w.reject_reason, w.cancelled_by, w.cancelled_at, w.allocation_id
           FROM withdrawals w JOIN ledger_accounts a ON a.id = w.payee_account_id
           WHERE w.program_id = $1 AND w.id = $2"#,
        program_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// The program's request with this id, locked until the transaction ends, so that two
/// decisions on it queue and the second sees the first.
pub async fn lock_withdrawal(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<WithdrawalRecord>, PayoutStoreError> {
    let locked = sqlx::query_scalar!(
        "SELECT id FROM withdrawals WHERE program_id = $1 AND id = $2 FOR UPDATE",
        program_id,
        id
    )
    .fetch_optional(&mut *conn)
    .await?;
    match locked {
        Some(id) => find_withdrawal(conn, program_id, id).await,
        None => Ok(None),
    }
}

/// The program's requests, in one status or all, oldest first (a queue), at most `limit`.
pub async fn list_withdrawals(
    conn: &mut PgConnection,
    program_id: i64,
    status: Option<WithdrawalStatus>,
    limit: i64,
) -> Result<Vec<WithdrawalRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        WithdrawalRecord,
        r#"SELECT w.id, w.payee_account_id, a.code AS payee_code, w.currency, w.amount_minor,
                  w.status AS "status: Stored<WithdrawalStatus>", w.hold_entry_id, w.bank_name,
                  w.account_name_sealed, w.account_number_sealed, w.account_number_last4,
                  w.is_iban, w.requested_by, w.requested_at, w.decided_by, w.decided_at,
                  w.reject_reason, w.cancelled_by, w.cancelled_at, w.allocation_id
           FROM withdrawals w JOIN ledger_accounts a ON a.id = w.payee_account_id
           WHERE w.program_id = $1 AND ($2::text IS NULL OR w.status = $2)
           ORDER BY w.id LIMIT $3"#,
        program_id,
        status.map(WithdrawalStatus::as_str),
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// Records an approval or a rejection (with its reason).
pub async fn mark_decided(
    tx: &mut Tx<'_>,
    id: i64,
    status: WithdrawalStatus,
    by: &str,
    at: DateTime<Utc>,
    reject_reason: Option<&str>,
) -> Result<(), PayoutStoreError> {
    sqlx::query!(
        "UPDATE withdrawals SET status = $2, decided_by = $3, decided_at = $4, reject_reason = $5
         WHERE id = $1",
        id,
        status.as_str(),
        by,
        at,
        reject_reason
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records a cancellation.
pub async fn mark_cancelled(
    tx: &mut Tx<'_>,
    id: i64,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), PayoutStoreError> {
    sqlx::query!(
        "UPDATE withdrawals SET status = 'cancelled', cancelled_by = $2, cancelled_at = $3
         WHERE id = $1",
        id,
        by,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The running totals of these payables, in one query: what the review queue shows beside
/// each request.
pub async fn payee_totals(
    conn: &mut PgConnection,
    account_ids: &[i64],
) -> Result<HashMap<i64, BalanceTotals>, PayoutStoreError> {
    let rows = sqlx::query!(
        "SELECT account_id, posted_debits_minor, posted_credits_minor, pending_debits_minor,
                pending_credits_minor
         FROM ledger_balances WHERE account_id = ANY($1)",
        account_ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let totals = BalanceTotals {
                posted_debits_minor: r.posted_debits_minor,
                posted_credits_minor: r.posted_credits_minor,
                pending_debits_minor: r.pending_debits_minor,
                pending_credits_minor: r.pending_credits_minor,
            };
            (r.account_id, totals)
        })
        .collect())
}
