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

/// One item as the bank reported it.
#[derive(Debug, Clone, Copy)]
pub struct ConfirmedItem<'a> {
    pub item_id: i64,
    pub withdrawal_id: i64,
    pub outcome: ItemOutcome<'a>,
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
    let item = ConfirmedItem {
        item_id,
        withdrawal_id,
        outcome,
    };
    mark_items_confirmed(tx, &[item], by, at).await
}

/// Confirms items and their withdrawals as paid or failed: two statements for the set.
pub async fn mark_items_confirmed(
    tx: &mut Tx<'_>,
    items: &[ConfirmedItem<'_>],
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), PayoutStoreError> {
    let n = items.len();
    let (mut ids, mut withdrawals, mut statuses) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut references, mut entries, mut reasons) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for item in items {
        ids.push(item.item_id);
        withdrawals.push(item.withdrawal_id);
        match item.outcome {
            ItemOutcome::Paid {
                bank_reference,
                payment_entry_id,
            } => {
                statuses.push("paid");
                references.push(Some(bank_reference));
                entries.push(Some(payment_entry_id));
                reasons.push(None);
            }
            ItemOutcome::Failed { reason } => {
                statuses.push("failed");
                references.push(None);
                entries.push(None);
                reasons.push(Some(reason));
            }
        }
    }
    sqlx::query!(
        "UPDATE payout_items i SET status = t.status, bank_reference = t.reference,
             payment_entry_id = t.entry, failure_reason = t.reason, confirmed_by = $6, confirmed_at = $7
         FROM UNNEST($1::int8[], $2::text[], $3::text[], $4::int8[], $5::text[])
              AS t(id, status, reference, entry, reason)
         WHERE i.id = t.id",
        &ids,
        &statuses as &[&str],
        &references as &[Option<&str>],
        &entries as &[Option<i64>],
        &reasons as &[Option<&str>],
        by,
        at
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE withdrawals w SET status = t.status
         FROM UNNEST($1::int8[], $2::text[]) AS t(id, status) WHERE w.id = t.id",
        &withdrawals,
        &statuses as &[&str]
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
