//! Payout batches, their items and the files executing one wrote.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use prorata_domain::payout::{BatchStatus, PayoutItemStatus, WithdrawalStatus};
use sqlx::PgConnection;

use super::{PayoutStoreError, Tx, WithdrawalRecord};
use crate::states::Stored;

/// A batch as stored, with its bank account's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRecord {
    pub id: i64,
    pub bank_id: i64,
    pub bank_name: String,
    /// The debtor account's number, its last four characters only: the number is sealed.
    pub bank_account_last4: String,
    pub currency: String,
    pub status: BatchStatus,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub rejected_by: Option<String>,
    pub reject_reason: Option<String>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub executed_by: Option<String>,
    pub executed_at: Option<DateTime<Utc>>,
}

/// An item of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRecord {
    pub id: i64,
    pub batch_id: i64,
    pub withdrawal_id: i64,
    pub currency: String,
    pub amount_minor: i64,
    pub status: PayoutItemStatus,
    pub reference: String,
    pub bank_reference: Option<String>,
    pub failure_reason: Option<String>,
    pub confirmed_by: Option<String>,
    pub payment_entry_id: Option<i64>,
}

/// A file executing a batch wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRecord {
    pub name: String,
    pub sha256: Vec<u8>,
    pub size_bytes: i64,
    pub written_at: DateTime<Utc>,
}

/// An item to add: its withdrawal, amount and the reference the bank carries back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    pub withdrawal_id: i64,
    pub amount_minor: i64,
    pub reference: String,
}

pub async fn insert_batch(
    tx: &mut Tx<'_>,
    program_id: i64,
    bank_id: i64,
    currency: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<i64, PayoutStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO payout_batches (program_id, bank_id, currency, status, created_by, created_at)
         VALUES ($1, $2, $3, 'draft', $4, $5) RETURNING id",
        program_id,
        bank_id,
        currency,
        by,
        at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The program's batch with this id.
pub async fn find_batch(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<BatchRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        BatchRecord,
        r#"SELECT p.id, p.bank_id, b.name AS bank_name,
                  b.account_number_last4 AS bank_account_last4, p.currency,
                  p.status AS "status: Stored<BatchStatus>", p.created_by, p.created_at,
                  p.submitted_at, p.approved_by, p.approved_at, p.rejected_by, p.reject_reason,
                  p.cancelled_by, p.cancel_reason, p.executed_by, p.executed_at
           FROM payout_batches p JOIN bank_accounts b ON b.id = p.bank_id
           WHERE p.program_id = $1 AND p.id = $2"#,
        program_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// The batch, locked until the transaction ends: its changes happen one at a time.
pub async fn lock_batch(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<BatchRecord>, PayoutStoreError> {
    let locked = sqlx::query_scalar!(
        "SELECT id FROM payout_batches WHERE program_id = $1 AND id = $2 FOR UPDATE",
        program_id,
        id
    )
    .fetch_optional(&mut *conn)
    .await?;
    match locked {
        Some(id) => find_batch(conn, program_id, id).await,
        None => Ok(None),
    }
}

/// The program's batches, newest first, at most `limit`.
pub async fn list_batches(
    conn: &mut PgConnection,
    program_id: i64,
    limit: i64,
) -> Result<Vec<BatchRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        BatchRecord,
        r#"SELECT p.id, p.bank_id, b.name AS bank_name,
                  b.account_number_last4 AS bank_account_last4, p.currency,
                  p.status AS "status: Stored<BatchStatus>", p.created_by, p.created_at,
                  p.submitted_at, p.approved_by, p.approved_at, p.rejected_by, p.reject_reason,
                  p.cancelled_by, p.cancel_reason, p.executed_by, p.executed_at
           FROM payout_batches p JOIN bank_accounts b ON b.id = p.bank_id
           WHERE p.program_id = $1 ORDER BY p.id DESC LIMIT $2"#,
        program_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// How many items added at once make the planner's statistics worth refreshing.
pub const REFRESH_STATISTICS_FROM_ITEMS: usize = 1_000;

/// Refreshes the planner's statistics of the tables a large batch reads and grows, counting
/// the rows of the caller's transaction: the checks PostgreSQL runs for each item, when the
/// batch is executed and confirmed, otherwise plan for the tables as they last saw them
/// (one payee's requests, a few entries) and read every row of a table for each item.
pub async fn refresh_statistics(conn: &mut PgConnection) -> Result<(), PayoutStoreError> {
    // Only a table's owner may ANALYZE it: the owner's function does it for the application.
    sqlx::query!(
        "SELECT store_refresh_statistics(ARRAY['payout_items', 'withdrawals', 'ledger_entries',
             'ledger_postings', 'ledger_hold_resolutions'])"
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds items to a draft batch in one statement.
pub async fn insert_items(
    tx: &mut Tx<'_>,
    program_id: i64,
    batch_id: i64,
    currency: &str,
    items: &[NewItem],
) -> Result<(), PayoutStoreError> {
    let withdrawals: Vec<i64> = items.iter().map(|i| i.withdrawal_id).collect();
    let amounts: Vec<i64> = items.iter().map(|i| i.amount_minor).collect();
    let references: Vec<String> = items.iter().map(|i| i.reference.clone()).collect();
    sqlx::query!(
        "INSERT INTO payout_items (program_id, batch_id, withdrawal_id, currency, amount_minor, status, reference)
         SELECT $1, $2, w, $3, a, 'queued', r FROM UNNEST($4::int8[], $5::int8[], $6::text[]) AS t(w, a, r)",
        program_id,
        batch_id,
        currency,
        &withdrawals,
        &amounts,
        &references
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The batch's items in the order they were added.
pub async fn items_of(
    conn: &mut PgConnection,
    batch_id: i64,
) -> Result<Vec<ItemRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        ItemRecord,
        r#"SELECT id, batch_id, withdrawal_id, currency, amount_minor,
                  status AS "status: Stored<PayoutItemStatus>", reference, bank_reference,
                  failure_reason, confirmed_by, payment_entry_id
           FROM payout_items WHERE batch_id = $1 ORDER BY id"#,
        batch_id
    )
    .fetch_all(conn)
    .await?)
}

/// The program's item with this id. Not locked: a confirmation locks the batch first, then
/// its items (the one lock order).
pub async fn find_item(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<ItemRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        ItemRecord,
        r#"SELECT id, batch_id, withdrawal_id, currency, amount_minor,
                  status AS "status: Stored<PayoutItemStatus>", reference, bank_reference,
                  failure_reason, confirmed_by, payment_entry_id
           FROM payout_items WHERE program_id = $1 AND id = $2"#,
        program_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// The batch's items carrying these references (the `EndToEndId`s the bank reports back),
/// locked in id order.
pub async fn lock_items_by_reference(
    conn: &mut PgConnection,
    batch_id: i64,
    references: &[&str],
) -> Result<Vec<ItemRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        ItemRecord,
        r#"SELECT id, batch_id, withdrawal_id, currency, amount_minor,
                  status AS "status: Stored<PayoutItemStatus>", reference, bank_reference,
                  failure_reason, confirmed_by, payment_entry_id
           FROM payout_items WHERE batch_id = $1 AND reference = ANY($2) ORDER BY id FOR UPDATE"#,
        batch_id,
        references as &[&str]
    )
    .fetch_all(conn)
    .await?)
}

/// These withdrawals' holds, the withdrawals locked in id order: withdrawal id to its hold.
pub async fn lock_withdrawal_holds(
    conn: &mut PgConnection,
    program_id: i64,
    ids: &[i64],
) -> Result<HashMap<i64, i64>, PayoutStoreError> {
    let rows = sqlx::query!(
        "SELECT id, hold_entry_id FROM withdrawals
         WHERE program_id = $1 AND id = ANY($2) ORDER BY id FOR UPDATE",
        program_id,
        ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.hold_entry_id)).collect())
}

/// The withdrawals of the batch's live items, in item order: what its files pay.
pub async fn withdrawals_of_batch(
    conn: &mut PgConnection,
    batch_id: i64,
) -> Result<Vec<WithdrawalRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        WithdrawalRecord,
        r#"SELECT w.id, w.payee_account_id, a.code AS payee_code, w.currency, w.amount_minor,
                  w.status AS "status: Stored<WithdrawalStatus>", w.hold_entry_id, w.bank_name,
                  w.account_name_sealed, w.account_number_sealed, w.account_number_last4,
                  w.is_iban, w.requested_by, w.requested_at, w.decided_by, w.decided_at,
                  w.reject_reason, w.cancelled_by, w.cancelled_at, w.allocation_id
           FROM payout_items i
           JOIN withdrawals w ON w.id = i.withdrawal_id
           JOIN ledger_accounts a ON a.id = w.payee_account_id
           WHERE i.batch_id = $1 AND i.status <> 'released' ORDER BY i.id"#,
        batch_id
    )
    .fetch_all(conn)
    .await?)
}

/// The files executing the batch recorded, by name.
pub async fn files_of(
    conn: &mut PgConnection,
    batch_id: i64,
) -> Result<Vec<FileRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        FileRecord,
        "SELECT name, sha256, size_bytes, written_at FROM payout_files WHERE batch_id = $1 ORDER BY name",
        batch_id
    )
    .fetch_all(conn)
    .await?)
}

/// Which of these withdrawals are already in a live batch, and which batch.
pub async fn live_batches_of(
    conn: &mut PgConnection,
    withdrawal_ids: &[i64],
) -> Result<Vec<(i64, i64)>, PayoutStoreError> {
    let rows = sqlx::query!(
        "SELECT withdrawal_id, batch_id FROM payout_items
         WHERE withdrawal_id = ANY($1) AND status <> 'released' ORDER BY withdrawal_id",
        withdrawal_ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.withdrawal_id, r.batch_id))
        .collect())
}

/// These withdrawals of the program, locked in id order (the one lock order), so that no
/// decision on them runs while they join a batch.
pub async fn lock_withdrawals(
    conn: &mut PgConnection,
    program_id: i64,
    ids: &[i64],
) -> Result<Vec<(i64, WithdrawalStatus, String, i64)>, PayoutStoreError> {
    let rows = sqlx::query!(
        r#"SELECT id, status AS "status: Stored<WithdrawalStatus>", currency, amount_minor
           FROM withdrawals WHERE program_id = $1 AND id = ANY($2) ORDER BY id FOR UPDATE"#,
        program_id,
        ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, r.status.into(), r.currency, r.amount_minor))
        .collect())
}

/// The program's name, which a payment file gives as its initiating party.
pub async fn program_name(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<String, PayoutStoreError> {
    Ok(
        sqlx::query_scalar!("SELECT name FROM programs WHERE id = $1", program_id)
            .fetch_one(conn)
            .await?,
    )
}

/// Per batch of the program: how many live items it has and their sum, in one query.
pub async fn batch_totals(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<HashMap<i64, (i64, i64)>, PayoutStoreError> {
    let rows = sqlx::query!(
        r#"SELECT batch_id, count(*) AS "items!", coalesce(sum(amount_minor), 0)::int8 AS "total!"
           FROM payout_items WHERE program_id = $1 AND status <> 'released' GROUP BY batch_id"#,
        program_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.batch_id, (r.items, r.total)))
        .collect())
}
