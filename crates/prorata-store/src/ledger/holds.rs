//! Two-phase holds (post or void a pending entry) and reversals of posted entries.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::Money;
use prorata_domain::ledger::{AccountCode, Leg, Phase, Side};
use sqlx::PgConnection;

use super::Tx;

use super::hold_sets::{HoldChange, resolve_holds};
use super::posting::{Booking, book};
use super::{EntryOutcome, LedgerStoreError, NewEntry};

/// What resolving a hold did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldResolution {
    /// Posted now, replaced by this posted entry.
    Posted(i64),
    /// Voided now: its amounts are available again.
    Voided,
    /// It had already been resolved the same way: nothing was done again.
    AlreadyDone,
}

struct StoredEntry {
    program_id: i64,
    phase: Phase,
    legs: Vec<Leg>,
}

/// Loads an entry and locks it, so that two resolutions or reversals of it queue.
async fn lock_entry(conn: &mut PgConnection, id: i64) -> Result<StoredEntry, LedgerStoreError> {
    let head = sqlx::query!(
        r#"SELECT program_id, phase::text AS "phase!" FROM ledger_entries WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(LedgerStoreError::EntryNotFound(id))?;
    let rows = sqlx::query!(
        r#"SELECT a.code, p.side::text AS "side!", p.amount_minor, p.currency
           FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
           WHERE p.entry_id = $1 ORDER BY p.id"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let corrupt = |what: String| LedgerStoreError::Database(sqlx::Error::Decode(what.into()));
    let mut legs = Vec::with_capacity(rows.len());
    for row in rows {
        let currency = prorata_domain::Currency::from_code(&row.currency)
            .map_err(|e| corrupt(e.to_string()))?;
        legs.push(Leg {
            account: AccountCode::parse(&row.code).map_err(|e| corrupt(e.to_string()))?,
            side: Side::parse(&row.side).map_err(|e| corrupt(e.to_string()))?,
            amount: Money::from_minor_units(i128::from(row.amount_minor), currency)
                .map_err(|e| corrupt(e.to_string()))?,
        });
    }
    Ok(StoredEntry {
        program_id: head.program_id,
        phase: Phase::parse(&head.phase).map_err(|e| corrupt(e.to_string()))?,
        legs,
    })
}

/// Posts a hold: a posted entry with exactly the hold's legs replaces it, in one transaction.
/// Posting it again returns [`HoldResolution::AlreadyDone`]; a voided hold cannot be posted.
pub async fn post_hold(
    tx: &mut Tx<'_>,
    hold_id: i64,
    idempotency_key: &str,
    actor: &str,
    effective_date: NaiveDate,
    recorded_at: DateTime<Utc>,
) -> Result<HoldResolution, LedgerStoreError> {
    let change = HoldChange::Post {
        hold_id,
        idempotency_key: idempotency_key.to_owned(),
    };
    let done = resolve_holds(tx, &[change], actor, effective_date, recorded_at).await?;
    Ok(done[0])
}

/// Voids a hold: its amounts are available again. Voiding it again is
/// [`HoldResolution::AlreadyDone`]; a posted hold cannot be voided.
pub async fn void_hold(
    tx: &mut Tx<'_>,
    hold_id: i64,
    actor: &str,
    recorded_at: DateTime<Utc>,
) -> Result<HoldResolution, LedgerStoreError> {
    let change = HoldChange::Void { hold_id };
    let day = recorded_at.date_naive();
    let done = resolve_holds(tx, &[change], actor, day, recorded_at).await?;
    Ok(done[0])
}

/// Reverses a posted entry with a new entry that mirrors it, every side swapped. An entry is
/// reversed at most once; a hold is voided, not reversed.
pub async fn reverse_entry(
    tx: &mut Tx<'_>,
    entry_id: i64,
    idempotency_key: &str,
    actor: &str,
    effective_date: NaiveDate,
    reason: &str,
    recorded_at: DateTime<Utc>,
) -> Result<EntryOutcome, LedgerStoreError> {
    let conn: &mut PgConnection = tx;
    let original = lock_entry(conn, entry_id).await?;
    if original.phase != Phase::Posted {
        return Err(LedgerStoreError::CannotReverseHold(entry_id));
    }
    let reversal = NewEntry {
        program_id: original.program_id,
        idempotency_key: idempotency_key.to_owned(),
        kind: "reversal".to_owned(),
        phase: Phase::Posted,
        effective_date,
        actor: actor.to_owned(),
        description: reason.to_owned(),
        legs: original
            .legs
            .iter()
            .map(|leg| Leg {
                side: leg.side.opposite(),
                ..leg.clone()
            })
            .collect(),
    };
    let existing = sqlx::query!(
        "SELECT id, idempotency_key FROM ledger_entries WHERE reverses = $1",
        entry_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(existing) = existing
        && existing.idempotency_key != idempotency_key
    {
        return Err(LedgerStoreError::AlreadyReversed {
            id: entry_id,
            by: existing.id,
        });
    }
    let bookings = [Booking {
        entry: &reversal,
        reverses: Some(entry_id),
    }];
    let outcomes = book(conn, &bookings, recorded_at).await?;
    Ok(outcomes[0])
}
