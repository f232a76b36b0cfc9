//! The state changes of a batch and its items, each one statement for the whole batch.

use chrono::{DateTime, Utc};
use prorata_domain::payout::BatchStatus;

use super::{FileRecord, PayoutStoreError, Tx};

/// Who did what to a batch, and when.
#[derive(Debug, Clone, Copy)]
pub struct BatchAct<'a> {
    pub batch_id: i64,
    pub by: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn mark_submitted(tx: &mut Tx<'_>, act: BatchAct<'_>) -> Result<(), PayoutStoreError> {
    sqlx::query!(
        "UPDATE payout_batches SET status = 'pending_approval', submitted_at = $2 WHERE id = $1",
        act.batch_id,
        act.at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn mark_batch_approved(
    tx: &mut Tx<'_>,
    act: BatchAct<'_>,
) -> Result<(), PayoutStoreError> {
    sqlx::query!(
        "UPDATE payout_batches SET status = 'approved', approved_by = $2, approved_at = $3 WHERE id = $1",
        act.batch_id,
        act.by,
        act.at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Rejects or cancels a batch with its reason and releases its items, whose withdrawals
/// may then join another batch.
pub async fn mark_batch_closed(
    tx: &mut Tx<'_>,
    act: BatchAct<'_>,
    status: BatchStatus,
    reason: &str,
) -> Result<(), PayoutStoreError> {
    assert!(matches!(
        status,
        BatchStatus::Rejected | BatchStatus::Cancelled
    ));
    sqlx::query!(
        "UPDATE payout_batches SET status = $2,
             rejected_by = CASE WHEN $2 = 'rejected' THEN $3 END,
             rejected_at = CASE WHEN $2 = 'rejected' THEN $4::timestamptz END,
             reject_reason = CASE WHEN $2 = 'rejected' THEN $5 END,
             cancelled_by = CASE WHEN $2 = 'cancelled' THEN $3 END,
             cancelled_at = CASE WHEN $2 = 'cancelled' THEN $4::timestamptz END,
             cancel_reason = CASE WHEN $2 = 'cancelled' THEN $5 END
         WHERE id = $1",
        act.batch_id,
        status.as_str(),
        act.by,
        act.at,
        reason
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE payout_items SET status = 'released' WHERE batch_id = $1 AND status = 'queued'",
        act.batch_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records the files, marks the batch executed and its items and their withdrawals sent:
/// all in the caller's transaction, so either every file is recorded or none is.
pub async fn mark_executed(
    tx: &mut Tx<'_>,
    program_id: i64,
    act: BatchAct<'_>,
    files: &[FileRecord],
) -> Result<(), PayoutStoreError> {
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let hashes: Vec<Vec<u8>> = files.iter().map(|f| f.sha256.clone()).collect();
    let sizes: Vec<i64> = files.iter().map(|f| f.size_bytes).collect();
    sqlx::query!(
        "INSERT INTO payout_files (program_id, batch_id, name, sha256, size_bytes, written_at)
         SELECT $1, $2, n, h, s, $3 FROM UNNEST($4::text[], $5::bytea[], $6::int8[]) AS t(n, h, s)",
        program_id,
        act.batch_id,
        act.at,
        &names,
        &hashes,
        &sizes
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE payout_batches SET status = 'executed', executed_by = $2, executed_at = $3 WHERE id = $1",
        act.batch_id,
        act.by,
        act.at
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE payout_items SET status = 'sent' WHERE batch_id = $1 AND status = 'queued'",
        act.batch_id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE withdrawals SET status = 'sent'
         WHERE id IN (SELECT withdrawal_id FROM payout_items WHERE batch_id = $1 AND status = 'sent')",
        act.batch_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What the bank did with an item.
#[derive(Debug, Clone, Copy)]
pub enum ItemOutcome<'a> {
    Paid {
        bank_reference: &'a str,
        payment_entry_id: i64,
    },
    Failed {
        reason: &'a str,
    },
}

/// Confirms an item and its withdrawal as paid or failed.
pub async fn mark_item_confirmed(
    tx: &mut Tx<'_>,
    item_id: i64,
    withdrawal_id: i64,
    outcome: ItemOutcome<'_>,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), PayoutStoreError> {
    let (status, reference, entry, reason) = match outcome {
        ItemOutcome::Paid {
            bank_reference,
            payment_entry_id,
        } => ("paid", Some(bank_reference), Some(payment_entry_id), None),
        ItemOutcome::Failed { reason } => ("failed", None, None, Some(reason)),
    };
    sqlx::query!(
        "UPDATE payout_items SET status = $2, bank_reference = $3, payment_entry_id = $4,
             failure_reason = $5, confirmed_by = $6, confirmed_at = $7
         WHERE id = $1",
        item_id,
        status,
        reference,
        entry,
        reason,
        by,
        at
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE withdrawals SET status = $2 WHERE id = $1",
        withdrawal_id,
        status
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
