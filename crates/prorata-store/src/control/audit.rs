//! The audit log: append-only and hash-chained. Each record stores the hash of the record
//! before it and a keyed hash (HMAC-SHA-256 under the audit key, derived from the data key)
//! of its own canonical content, so changing, removing or reordering any record breaks the
//! chain at that record, and someone with SQL access but without the passphrase cannot
//! recompute the chain after a change. Records from before the chain was keyed (version 1)
//! carry a plain SHA-256 and may only come first.

use chrono::{DateTime, Utc};
use prorata_domain::control::FrontEnd;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::PgConnection;

use super::{ControlStoreError, Tx};
use crate::crypto::AuditKey;

/// The first record links to 32 zero bytes.
const GENESIS: [u8; 32] = [0; 32];
/// Records verified per round trip: verification reads the chain in bounded pages.
const VERIFY_PAGE: i64 = 10_000;
/// A record hashed with plain SHA-256, before the chain was keyed.
const UNKEYED: i16 = 1;
/// A record signed with HMAC-SHA-256 under the audit key.
const KEYED: i16 = 2;

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

/// Who signs the records written through a store handle, and where they come from.
#[derive(Debug, Clone, Copy)]
pub struct AuditSigner<'s> {
    pub key: &'s AuditKey,
    pub workstation: &'s str,
    pub front_end: FrontEnd,
}

/// The last record of the chain as someone saw it: its id and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    pub id: i64,
    pub hash: Vec<u8>,
}

/// A stored audit record.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub recorded_at: DateTime<Utc>,
    pub record: AuditRecord,
    /// The workstation and front end that wrote it; `None` on records from before keying.
    pub workstation: Option<String>,
    pub front_end: Option<FrontEnd>,
    pub hash_version: i16,
    pub previous_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// The outcome of recomputing the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub records: u64,
    /// Records from before the chain was keyed: they prove order, not who wrote them.
    pub unkeyed_records: u64,
    /// The first broken link: the record's id and what is wrong with it.
    pub first_broken: Option<(i64, String)>,
    /// The last record read.
    pub tail: Option<AuditHead>,
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
fn canonical(
    entry_time: DateTime<Utc>,
    record: &AuditRecord,
    origin: Option<(&str, FrontEnd)>,
) -> String {
    let mut content = json!({
        "program_id": record.program_id,
        "recorded_at": entry_time.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        "actor": record.actor,
        "action": record.action,
        "object": record.object,
        "before": record.before,
        "after": record.after,
        "reason": record.reason,
    });
    if let Some((workstation, front_end)) = origin {
        content["workstation"] = json!(workstation);
        content["front_end"] = json!(front_end.as_str());
    }
    content.to_string()
}

fn unkeyed_hash(previous_hash: &[u8], content: &str) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(previous_hash);
    hasher.update(content.as_bytes());
    hasher.finalize().to_vec()
}

fn keyed_hash(key: &AuditKey, previous_hash: &[u8], content: &str) -> Vec<u8> {
    key.mac(&[b"audit record v2", previous_hash, content.as_bytes()])
        .to_vec()
}

/// Appends a record in the caller's transaction, so it commits with the change it records.
/// Appends are serialised by a transaction-level advisory lock, so the chain has one order.
/// Returns the new head, for the caller to note once the transaction has committed.
pub async fn append_audit(
    tx: &mut Tx<'_>,
    signer: AuditSigner<'_>,
    record: &AuditRecord,
    at: DateTime<Utc>,
) -> Result<AuditHead, ControlStoreError> {
    let recorded_at = DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at);
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('prorata.audit_log'))")
        .execute(&mut **tx)
        .await?;
    let previous = sqlx::query_scalar!("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?
        .unwrap_or_else(|| GENESIS.to_vec());
    let origin = (signer.workstation, signer.front_end);
    let hash = keyed_hash(
        signer.key,
        &previous,
        &canonical(recorded_at, record, Some(origin)),
    );
    let id = sqlx::query_scalar!(
        "INSERT INTO audit_log (program_id, recorded_at, actor, action, object, before, after, reason,
                                workstation, front_end, hash_version, previous_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        record.program_id,
        recorded_at,
        record.actor,
        record.action,
        record.object,
        record.before,
        record.after,
        record.reason,
        signer.workstation,
        signer.front_end.as_str(),
        KEYED,
        previous,
        hash
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(AuditHead { id, hash })
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
    workstation: Option<String>,
    front_end: Option<String>,
    hash_version: i16,
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
            workstation: r.workstation,
            front_end: r.front_end.as_deref().and_then(FrontEnd::parse),
            hash_version: r.hash_version,
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
        "SELECT id, program_id, recorded_at, actor, action, object, before, after, reason,
                workstation, front_end, hash_version, previous_hash, hash
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
        after_id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(AuditEntry::from).collect())
}

/// What is wrong with `entry`, given the hash and version of the record before it.
fn check_entry(
    key: &AuditKey,
    entry: &AuditEntry,
    previous: &[u8],
    previous_version: i16,
    previous_id: i64,
) -> Option<String> {
    if entry.previous_hash != previous {
        return Some(format!(
            "it does not link to record {previous_id} before it (records between were removed, or the order changed)"
        ));
    }
    if entry.hash_version < previous_version {
        return Some("an unkeyed record follows a keyed one (records were rewritten)".to_owned());
    }
    let expected = match entry.hash_version {
        UNKEYED => unkeyed_hash(previous, &canonical(entry.recorded_at, &entry.record, None)),
        KEYED => {
            let (Some(front_end), Some(workstation)) =
                (entry.front_end, entry.workstation.as_deref())
            else {
                return Some("it names no workstation or front end".to_owned());
            };
            let content = canonical(
                entry.recorded_at,
                &entry.record,
                Some((workstation, front_end)),
            );
            keyed_hash(key, previous, &content)
        }
        _ => return Some("its hash version is unknown".to_owned()),
    };
    (expected != entry.hash).then(|| {
        "its content does not match its hash (the record was changed, or signed without the data key)"
            .to_owned()
    })
}

/// Recomputes the chain from the first record and names the first broken link.
pub async fn verify_audit_chain(
    conn: &mut PgConnection,
    key: &AuditKey,
) -> Result<ChainReport, ControlStoreError> {
    let mut report = ChainReport {
        records: 0,
        unkeyed_records: 0,
        first_broken: None,
        tail: None,
    };
    let mut previous = GENESIS.to_vec();
    let mut previous_version = UNKEYED;
    let mut last_id = 0;
    loop {
        let entries = page(conn, last_id, VERIFY_PAGE).await?;
        if entries.is_empty() {
            return Ok(report);
        }
        for entry in entries {
            report.records += 1;
            if let Some(problem) = check_entry(key, &entry, &previous, previous_version, last_id) {
                report.first_broken = Some((entry.id, problem));
                return Ok(report);
            }
            report.unkeyed_records += u64::from(entry.hash_version == UNKEYED);
            previous_version = entry.hash_version;
            last_id = entry.id;
            report.tail = Some(AuditHead {
                id: entry.id,
                hash: entry.hash.clone(),
            });
            previous = entry.hash;
        }
    }
}

/// The record with this id, if it is still there.
pub async fn audit_hash_of(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<Vec<u8>>, ControlStoreError> {
    Ok(
        sqlx::query_scalar!("SELECT hash FROM audit_log WHERE id = $1", id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Lists records, newest first, filtered by time and actor.
pub async fn list_audit(
    conn: &mut PgConnection,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, ControlStoreError> {
    let rows = sqlx::query_as!(
        AuditRow,
        "SELECT id, program_id, recorded_at, actor, action, object, before, after, reason,
                workstation, front_end, hash_version, previous_hash, hash
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
