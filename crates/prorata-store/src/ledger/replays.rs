//! Replays: an entry booked again under its idempotency key returns the first booking when
//! its content (the request digest) is the same, and is a conflict when it is not.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use sqlx::PgConnection;

use super::posting::Booking;
use super::{EntryOutcome, LedgerStoreError};

/// The SHA-256 of everything that makes an entry what it is, with separators that cannot
/// occur in the fields, so two different entries never share a digest by concatenation.
pub(super) fn request_digest(booking: &Booking<'_>) -> Vec<u8> {
    let entry = booking.entry;
    let mut hasher = Sha256::new();
    let reverses = booking
        .reverses
        .map(|id| id.to_string())
        .unwrap_or_default();
    let program = entry.program_id.to_string();
    for field in [
        program.as_str(),
        entry.kind.as_str(),
        entry.phase.as_str(),
        &entry.effective_date.to_string(),
        &entry.actor,
        &entry.description,
        &reverses,
    ] {
        hasher.update(field.as_bytes());
        hasher.update([0x1f]);
    }
    for leg in &entry.legs {
        let line = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1e}",
            leg.account,
            leg.side.as_str(),
            leg.amount.currency(),
            leg.amount.minor_units()
        );
        hasher.update(line.as_bytes());
    }
    hasher.finalize().to_vec()
}

pub(super) async fn find_replays(
    conn: &mut PgConnection,
    program_id: i64,
    bookings: &[Booking<'_>],
    digests: &[Vec<u8>],
) -> Result<Vec<Option<EntryOutcome>>, LedgerStoreError> {
    let keys: Vec<String> = bookings
        .iter()
        .map(|b| b.entry.idempotency_key.clone())
        .collect();
    let rows = sqlx::query!(
        // A lateral probe per key fenced by OFFSET 0, not `= ANY($1)` or a join: a generic plan
        // cached while the ledger was small then still probes the key index once the table is
        // large, instead of scanning every entry ever booked.
        r#"SELECT e.id AS "id!", e.idempotency_key AS "idempotency_key!", e.request_digest AS "request_digest!"
           FROM unnest($1::text[]) AS k(key)
           CROSS JOIN LATERAL (
               SELECT id, idempotency_key, request_digest FROM ledger_entries
               WHERE program_id = $2 AND idempotency_key = k.key
               OFFSET 0
           ) AS e"#,
        &keys,
        program_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let stored: HashMap<String, (i64, Vec<u8>)> = rows
        .into_iter()
        .map(|row| (row.idempotency_key, (row.id, row.request_digest)))
        .collect();
    keys.iter()
        .zip(digests)
        .map(|(key, digest)| match stored.get(key) {
            None => Ok(None),
            Some((id, stored_digest)) if stored_digest == digest => {
                Ok(Some(EntryOutcome::Replayed(*id)))
            }
            Some(_) => Err(LedgerStoreError::IdempotencyConflict(key.clone())),
        })
        .collect()
}

pub(super) async fn replay_after_race(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
    digest: &[u8],
) -> Result<EntryOutcome, LedgerStoreError> {
    let row = sqlx::query!(
        "SELECT id, request_digest FROM ledger_entries WHERE program_id = $1 AND idempotency_key = $2",
        program_id,
        key
    )
    .fetch_one(conn)
    .await?;
    if row.request_digest == digest {
        Ok(EntryOutcome::Replayed(row.id))
    } else {
        Err(LedgerStoreError::IdempotencyConflict(key.to_owned()))
    }
}
