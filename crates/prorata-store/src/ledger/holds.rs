//! Two-phase holds (post or void a pending entry) and reversals of posted entries.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::Money;
use prorata_domain::ledger::{AccountCode, Leg, Phase, Side};
use sqlx::PgConnection;

use super::Tx;

use super::posting::{Booking, apply_legs, book, insert_postings, lock_accounts, wanted_accounts};
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
    kind: String,
    phase: Phase,
    description: String,
    legs: Vec<Leg>,
}

/// Loads an entry and locks it, so that two resolutions or reversals of it queue.
async fn lock_entry(conn: &mut PgConnection, id: i64) -> Result<StoredEntry, LedgerStoreError> {
    let head = sqlx::query!(
        r#"SELECT program_id, kind, phase::text AS "phase!", description FROM ledger_entries WHERE id = $1 FOR UPDATE"#,
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
        kind: head.kind,
        phase: Phase::parse(&head.phase).map_err(|e| corrupt(e.to_string()))?,
        description: head.description,
        legs,
    })
}

/// Locks a hold and returns it if it is unresolved; `None` if it was already resolved as
/// `outcome` (a replay, nothing to do); an error if it is not a hold or went the other way.
async fn unresolved_hold(
    conn: &mut PgConnection,
    hold_id: i64,
    outcome: &str,
) -> Result<Option<StoredEntry>, LedgerStoreError> {
    let hold = lock_entry(conn, hold_id).await?;
    if hold.phase != Phase::Pending {
        return Err(LedgerStoreError::NotAHold(hold_id));
    }
    let resolved = sqlx::query_scalar!(
        r#"SELECT outcome::text AS "outcome!" FROM ledger_hold_resolutions WHERE pending_entry_id = $1"#,
        hold_id
    )
    .fetch_optional(conn)
    .await?;
    match resolved {
        None => Ok(Some(hold)),
        Some(done) if done == outcome => Ok(None),
        Some(done) => Err(LedgerStoreError::HoldAlreadyResolved {
            id: hold_id,
            outcome: done,
        }),
    }
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
    let conn: &mut PgConnection = tx;
    let Some(hold) = unresolved_hold(conn, hold_id, "posted").await? else {
        return Ok(HoldResolution::AlreadyDone);
    };
    let entry = NewEntry {
        program_id: hold.program_id,
        idempotency_key: idempotency_key.to_owned(),
        kind: hold.kind,
        phase: Phase::Posted,
        effective_date,
        actor: actor.to_owned(),
        description: hold.description,
        legs: hold.legs,
    };
    let wanted = wanted_accounts(&entry.legs);
    let mut accounts = lock_accounts(conn, entry.program_id, &wanted).await?;
    // Posting a hold moves amounts from pending to posted: what is available does not change.
    apply_legs(&mut accounts, &entry.legs, Phase::Posted)?;
    let posted_id = sqlx::query_scalar!(
        r#"INSERT INTO ledger_entries
               (idempotency_key, request_digest, kind, phase, effective_date, recorded_at, actor, description, program_id)
           VALUES ($1, sha256(convert_to($1 || ':post-hold:' || $7::int8::text, 'UTF8')), $2, 'posted', $3, $4, $5, $6, $8)
           RETURNING id"#,
        entry.idempotency_key,
        entry.kind,
        effective_date,
        recorded_at,
        actor,
        entry.description,
        hold_id,
        entry.program_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    // The resolution releases the hold's amounts before the posted legs are added, so the
    // same money never counts as both held and paid.
    sqlx::query!(
        "INSERT INTO ledger_hold_resolutions (pending_entry_id, outcome, posted_entry_id, resolved_at, actor)
         VALUES ($1, 'posted', $2, $3, $4)",
        hold_id,
        posted_id,
        recorded_at,
        actor
    )
    .execute(&mut *conn)
    .await?;
    insert_postings(conn, &[(posted_id, &entry)], &accounts).await?;
    Ok(HoldResolution::Posted(posted_id))
}

/// Voids a hold: its amounts are available again. Voiding it again is
/// [`HoldResolution::AlreadyDone`]; a posted hold cannot be voided.
pub async fn void_hold(
    tx: &mut Tx<'_>,
    hold_id: i64,
    actor: &str,
    recorded_at: DateTime<Utc>,
) -> Result<HoldResolution, LedgerStoreError> {
    let conn: &mut PgConnection = tx;
    let Some(hold) = unresolved_hold(conn, hold_id, "voided").await? else {
        return Ok(HoldResolution::AlreadyDone);
    };
    lock_accounts(conn, hold.program_id, &wanted_accounts(&hold.legs)).await?;
    sqlx::query!(
        "INSERT INTO ledger_hold_resolutions (pending_entry_id, outcome, resolved_at, actor)
         VALUES ($1, 'voided', $2, $3)",
        hold_id,
        recorded_at,
        actor
    )
    .execute(conn)
    .await?;
    Ok(HoldResolution::Voided)
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
