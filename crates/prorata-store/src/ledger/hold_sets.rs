//! Resolving holds as a set: each posted (a posted entry with exactly its legs replaces it)
//! or voided (its amounts are available again), a few statements whatever the set's size.
//! Posting or voiding one hold is a set of one.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::Money;
use prorata_domain::ledger::{AccountCode, Leg, Phase, Side};
use sqlx::PgConnection;

use super::Tx;
use super::holds::HoldResolution;
use super::posting::{
    MAX_ENTRIES_PER_BATCH, apply_legs, insert_postings, lock_accounts, wanted_accounts,
};
use super::{LedgerStoreError, NewEntry};

/// What to do with one hold of a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoldChange {
    /// Post it: a posted entry booked under this key replaces it.
    Post {
        hold_id: i64,
        idempotency_key: String,
    },
    /// Void it: its amounts are available again.
    Void { hold_id: i64 },
}

impl HoldChange {
    pub fn hold_id(&self) -> i64 {
        match self {
            HoldChange::Post { hold_id, .. } | HoldChange::Void { hold_id } => *hold_id,
        }
    }

    fn outcome(&self) -> &'static str {
        match self {
            HoldChange::Post { .. } => "posted",
            HoldChange::Void { .. } => "voided",
        }
    }
}

/// A hold's head, locked.
struct HoldHead {
    program_id: i64,
    kind: String,
    description: String,
}

/// Locks the holds in id order (so that two sets queue instead of deadlocking) and returns
/// their heads; refuses an id that is not an entry, or not a hold.
async fn lock_holds(
    conn: &mut PgConnection,
    ids: &[i64],
) -> Result<HashMap<i64, HoldHead>, LedgerStoreError> {
    let rows = sqlx::query!(
        r#"SELECT id, program_id, kind, phase::text AS "phase!", description
           FROM ledger_entries WHERE id = ANY($1) ORDER BY id FOR UPDATE"#,
        ids
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut heads = HashMap::with_capacity(rows.len());
    for r in rows {
        if r.phase != Phase::Pending.as_str() {
            return Err(LedgerStoreError::NotAHold(r.id));
        }
        let head = HoldHead {
            program_id: r.program_id,
            kind: r.kind,
            description: r.description,
        };
        heads.insert(r.id, head);
    }
    if let Some(&missing) = ids.iter().find(|id| !heads.contains_key(id)) {
        return Err(LedgerStoreError::EntryNotFound(missing));
    }
    Ok(heads)
}

/// The legs of these entries, in posting order.
async fn legs_of(
    conn: &mut PgConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Leg>>, LedgerStoreError> {
    let rows = sqlx::query!(
        r#"SELECT p.entry_id, a.code, p.side::text AS "side!", p.amount_minor, p.currency
           FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
           WHERE p.entry_id = ANY($1) ORDER BY p.entry_id, p.id"#,
        ids
    )
    .fetch_all(&mut *conn)
    .await?;
    let corrupt = |what: String| LedgerStoreError::Database(sqlx::Error::Decode(what.into()));
    let mut legs: HashMap<i64, Vec<Leg>> = HashMap::with_capacity(ids.len());
    for row in rows {
        let currency = prorata_domain::Currency::from_code(&row.currency)
            .map_err(|e| corrupt(e.to_string()))?;
        legs.entry(row.entry_id).or_default().push(Leg {
            account: AccountCode::parse(&row.code).map_err(|e| corrupt(e.to_string()))?,
            side: Side::parse(&row.side).map_err(|e| corrupt(e.to_string()))?,
            amount: Money::from_minor_units(i128::from(row.amount_minor), currency)
                .map_err(|e| corrupt(e.to_string()))?,
        });
    }
    Ok(legs)
}

/// How each hold was resolved before, if it was.
async fn resolved_before(
    conn: &mut PgConnection,
    ids: &[i64],
) -> Result<HashMap<i64, String>, LedgerStoreError> {
    let rows = sqlx::query!(
        r#"SELECT pending_entry_id, outcome::text AS "outcome!" FROM ledger_hold_resolutions
           WHERE pending_entry_id = ANY($1)"#,
        ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.pending_entry_id, r.outcome))
        .collect())
}

fn check_set(changes: &[HoldChange]) -> Result<(), LedgerStoreError> {
    if changes.len() > MAX_ENTRIES_PER_BATCH {
        return Err(LedgerStoreError::BatchTooLarge {
            what: "holds",
            count: changes.len(),
            max: MAX_ENTRIES_PER_BATCH,
        });
    }
    let mut holds = HashSet::with_capacity(changes.len());
    let mut keys = HashSet::with_capacity(changes.len());
    for change in changes {
        if !holds.insert(change.hold_id()) {
            let id = change.hold_id();
            return Err(LedgerStoreError::Refused(format!(
                "hold {id} is named twice in one set"
            )));
        }
        if let HoldChange::Post {
            idempotency_key, ..
        } = change
            && (idempotency_key.is_empty()
                || idempotency_key.len() > 200
                || !keys.insert(idempotency_key.as_str()))
        {
            return Err(LedgerStoreError::Refused(format!(
                "the key {idempotency_key:?} is empty, too long or repeated in one set"
            )));
        }
    }
    Ok(())
}

/// Resolves a set of holds in the caller's transaction: per change in order, what was done.
/// A hold already resolved the same way is [`HoldResolution::AlreadyDone`]; one resolved the
/// other way refuses the whole set, and so does a hold of another program than the first's.
pub async fn resolve_holds(
    tx: &mut Tx<'_>,
    changes: &[HoldChange],
    actor: &str,
    effective_date: NaiveDate,
    recorded_at: DateTime<Utc>,
) -> Result<Vec<HoldResolution>, LedgerStoreError> {
    check_set(changes)?;
    let conn: &mut PgConnection = tx;
    let mut ids: Vec<i64> = changes.iter().map(HoldChange::hold_id).collect();
    ids.sort_unstable();
    let heads = lock_holds(conn, &ids).await?;
    let before = resolved_before(conn, &ids).await?;
    let mut fresh = Vec::with_capacity(changes.len());
    for change in changes {
        let id = change.hold_id();
        match before.get(&id) {
            None => fresh.push(change),
            Some(done) if done == change.outcome() => {}
            Some(done) => {
                return Err(LedgerStoreError::HoldAlreadyResolved {
                    id,
                    outcome: done.clone(),
                });
            }
        }
    }
    let Some(first) = fresh.first() else {
        return Ok(vec![HoldResolution::AlreadyDone; changes.len()]);
    };
    let program_id = heads[&first.hold_id()].program_id;
    if let Some(other) = fresh
        .iter()
        .find(|c| heads[&c.hold_id()].program_id != program_id)
    {
        return Err(LedgerStoreError::Refused(format!(
            "hold {} belongs to another program: a set resolves holds of one program",
            other.hold_id()
        )));
    }
    let at = Resolved {
        program_id,
        actor,
        effective_date,
        recorded_at,
    };
    let posted = resolve_fresh(conn, &heads, &fresh, &at).await?;
    Ok(changes
        .iter()
        .map(|change| match (change, posted.get(&change.hold_id())) {
            (HoldChange::Post { .. }, Some(&entry)) => HoldResolution::Posted(entry),
            (HoldChange::Void { hold_id }, _) if !before.contains_key(hold_id) => {
                HoldResolution::Voided
            }
            _ => HoldResolution::AlreadyDone,
        })
        .collect())
}

/// Who resolves, when, in which program.
struct Resolved<'a> {
    program_id: i64,
    actor: &'a str,
    effective_date: NaiveDate,
    recorded_at: DateTime<Utc>,
}

/// Writes the posted entries' rows, then the resolutions (which release the holds' amounts),
/// then the posted entries' postings: the same money is never counted both as held and as
/// paid. Returns each posted hold's new entry.
async fn resolve_fresh(
    conn: &mut PgConnection,
    heads: &HashMap<i64, HoldHead>,
    fresh: &[&HoldChange],
    at: &Resolved<'_>,
) -> Result<HashMap<i64, i64>, LedgerStoreError> {
    let fresh_ids: Vec<i64> = fresh.iter().map(|c| c.hold_id()).collect();
    let mut legs = legs_of(conn, &fresh_ids).await?;
    let wanted = wanted_accounts(legs.values().flatten());
    let mut accounts = lock_accounts(conn, at.program_id, &wanted).await?;
    let mut entries = Vec::new();
    for change in fresh {
        if let HoldChange::Post {
            hold_id,
            idempotency_key,
        } = change
        {
            let head = &heads[hold_id];
            let entry = NewEntry {
                program_id: at.program_id,
                idempotency_key: idempotency_key.clone(),
                kind: head.kind.clone(),
                phase: Phase::Posted,
                effective_date: at.effective_date,
                actor: at.actor.to_owned(),
                description: head.description.clone(),
                legs: legs.remove(hold_id).unwrap_or_default(),
            };
            // Posting a hold moves amounts from pending to posted: what is available does
            // not change, so no account can go below zero here.
            apply_legs(&mut accounts, &entry.legs, Phase::Posted)?;
            entries.push((*hold_id, entry));
        }
    }
    let posted = insert_posted_rows(conn, &entries, at).await?;
    insert_resolutions(conn, fresh, &posted, at).await?;
    let booked: Vec<(i64, &NewEntry)> = entries
        .iter()
        .map(|(hold_id, entry)| (posted[hold_id], entry))
        .collect();
    insert_postings(conn, &booked, &accounts).await?;
    Ok(posted)
}

async fn insert_posted_rows(
    conn: &mut PgConnection,
    entries: &[(i64, NewEntry)],
    at: &Resolved<'_>,
) -> Result<HashMap<i64, i64>, LedgerStoreError> {
    if entries.is_empty() {
        return Ok(HashMap::new());
    }
    let holds: Vec<i64> = entries.iter().map(|(id, _)| *id).collect();
    let keys: Vec<String> = entries
        .iter()
        .map(|(_, e)| e.idempotency_key.clone())
        .collect();
    let kinds: Vec<String> = entries.iter().map(|(_, e)| e.kind.clone()).collect();
    let descriptions: Vec<String> = entries.iter().map(|(_, e)| e.description.clone()).collect();
    let rows = sqlx::query!(
        r#"INSERT INTO ledger_entries
               (idempotency_key, request_digest, kind, phase, effective_date, recorded_at, actor, description, program_id)
           SELECT k, sha256(convert_to(k || ':post-hold:' || h::text, 'UTF8')), kind, 'posted', $5, $6, $7, d, $8
           FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::text[]) AS t(k, h, kind, d)
           RETURNING id, idempotency_key"#,
        &keys,
        &holds,
        &kinds,
        &descriptions,
        at.effective_date,
        at.recorded_at,
        at.actor,
        at.program_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let by_key: HashMap<String, i64> = rows
        .into_iter()
        .map(|r| (r.idempotency_key, r.id))
        .collect();
    Ok(entries
        .iter()
        .map(|(hold, e)| (*hold, by_key[&e.idempotency_key]))
        .collect())
}

async fn insert_resolutions(
    conn: &mut PgConnection,
    fresh: &[&HoldChange],
    posted: &HashMap<i64, i64>,
    at: &Resolved<'_>,
) -> Result<(), LedgerStoreError> {
    let holds: Vec<i64> = fresh.iter().map(|c| c.hold_id()).collect();
    let outcomes: Vec<&str> = fresh.iter().map(|c| c.outcome()).collect();
    let entries: Vec<i64> = holds
        .iter()
        .map(|id| posted.get(id).copied().unwrap_or(0))
        .collect();
    sqlx::query!(
        "INSERT INTO ledger_hold_resolutions (pending_entry_id, outcome, posted_entry_id, resolved_at, actor)
         SELECT h, o::ledger_hold_outcome, NULLIF(e, 0), $4, $5
         FROM UNNEST($1::int8[], $2::text[], $3::int8[]) AS t(h, o, e)",
        &holds,
        &outcomes as &[&str],
        &entries,
        at.recorded_at,
        at.actor
    )
    .execute(conn)
    .await?;
    Ok(())
}
