//! The audit log: append-only and hash-chained. Each record stores the SHA-256 of the record
//! before it and of its own canonical content, so changing, removing or reordering any
//! record breaks the chain at that record.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::PgConnection;

use super::{ControlStoreError, Tx};

/// The first record links to 32 zero bytes.
const GENESIS: [u8; 32] = [0; 32];
/// Records verified per round trip: verification reads the chain in bounded pages.
const VERIFY_PAGE: i64 = 10_000;

/// What happened, by whom, to what: one audit record to append.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub program_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: Option<String>,
}

/// A stored audit record.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub recorded_at: DateTime<Utc>,
    pub record: AuditRecord,
    pub previous_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// The outcome of recomputing the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub records: u64,
    /// The first broken link: the record's id and what is wrong with it.
    pub first_broken: Option<(i64, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Records of this program and store-wide records (sign-ins before a program is chosen).
    pub program_id: i64,
    pub since: Option<DateTime<Utc>>,
    pub actor: Option<String>,
    pub limit: i64,
}

/// The canonical content of a record: its fields as JSON with sorted keys and the time in
/// microseconds (what PostgreSQL stores), so that what is hashed is exactly what is read back.
fn content_hash(previous_hash: &[u8], recorded_at: DateTime<Utc>, record: &AuditRecord) -> Vec<u8> {
    let content = json!({
        "program_id": record.program_id,
        "recorded_at": recorded_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        "actor": record.actor,
        "action": record.action,
        "object": record.object,
        "before": record.before,
        "after": record.after,
        "reason": record.reason,
    });
    let mut hasher = Sha256::new();
    hasher.update(previous_hash);
    hasher.update(content.to_string().as_bytes());
    hasher.finalize().to_vec()
}

/// Appends a record in the caller's transaction, so it commits with the change it records.
/// Appends are serialised by a transaction-level advisory lock, so the chain has one order.
pub async fn append_audit(
    tx: &mut Tx<'_>,
    record: &AuditRecord,
    at: DateTime<Utc>,
) -> Result<i64, ControlStoreError> {
    let recorded_at = DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at);
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('prorata.audit_log'))")
        .execute(&mut **tx)
        .await?;
    let previous = sqlx::query_scalar!("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?
        .unwrap_or_else(|| GENESIS.to_vec());
    let hash = content_hash(&previous, recorded_at, record);
    let id = sqlx::query_scalar!(
        "INSERT INTO audit_log (program_id, recorded_at, actor, action, object, before, after, reason, previous_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        record.program_id,
        recorded_at,
        record.actor,
        record.action,
        record.object,
        record.before,
        record.after,
        record.reason,
        previous,
        hash
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// An audit_log row as read.
struct AuditRow {
    id: i64,
    program_id: Option<i64>,
    recorded_at: DateTime<Utc>,
    actor: String,
    action: String,
    object: String,
    before: Option<Value>,
    after: Option<Value>,
    reason: Option<String>,
    previous_hash: Vec<u8>,
    hash: Vec<u8>,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> AuditEntry {
        AuditEntry {
            id: r.id,
            recorded_at: r.recorded_at,
            record: AuditRecord {
                program_id: r.program_id,
                actor: r.actor,
                action: r.action,
                object: r.object,
                before: r.before,
                after: r.after,
                reason: r.reason,
            },
            previous_hash: r.previous_hash,
            hash: r.hash,
        }
    }
}

async fn page(
    conn: &mut PgConnection,
    after_id: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, ControlStoreError> {
    let rows = sqlx::query_as!(
        AuditRow,
        "SELECT id, program_id, recorded_at, actor, action, object, before, after, reason, previous_hash, hash
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
        after_id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(AuditEntry::from).collect())
}

/// Recomputes the chain from the first record and names the first broken link.
pub async fn verify_audit_chain(conn: &mut PgConnection) -> Result<ChainReport, ControlStoreError> {
    let mut previous = GENESIS.to_vec();
    let mut last_id = 0;
    let mut records = 0u64;
    loop {
        let entries = page(conn, last_id, VERIFY_PAGE).await?;
        let Some(last) = entries.last() else {
            return Ok(ChainReport {
                records,
                first_broken: None,
            });
        };
        last_id = last.id;
        for entry in entries {
            records += 1;
            if entry.previous_hash != previous {
                let why = "its previous hash is not the hash of the record before it (a record was removed or reordered)";
                return Ok(ChainReport {
                    records,
                    first_broken: Some((entry.id, why.to_owned())),
                });
            }
            if content_hash(&entry.previous_hash, entry.recorded_at, &entry.record) != entry.hash {
                let why = "its content does not match its hash (the record was changed)";
                return Ok(ChainReport {
                    records,
                    first_broken: Some((entry.id, why.to_owned())),
                });
            }
            previous = entry.hash;
        }
    }
}

/// Lists records, newest first, filtered by time and actor.
pub async fn list_audit(
    conn: &mut PgConnection,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, ControlStoreError> {
    let rows = sqlx::query_as!(
        AuditRow,
        "SELECT id, program_id, recorded_at, actor, action, object, before, after, reason, previous_hash, hash
         FROM audit_log
         WHERE (program_id = $4 OR program_id IS NULL)
           AND ($1::timestamptz IS NULL OR recorded_at >= $1) AND ($2::text IS NULL OR actor = $2)
         ORDER BY id DESC LIMIT $3",
        filter.since,
        filter.actor,
        filter.limit,
        filter.program_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(AuditEntry::from).collect())
}
