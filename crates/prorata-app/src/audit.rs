//! `prorata audit verify | log`: the hash-chained audit log, for auditors and admins.

use chrono::NaiveDate;
use prorata_domain::control::{AUDIT_READERS, FrontEnd};
use prorata_store::Store;
use prorata_store::control::{AuditFilter, audit_hash_of, list_audit, verify_audit_chain};
use prorata_store::crypto::to_hex;
use serde::Serialize;
use serde_json::Value;

use crate::ledger::{NamedRecord, RecordNames, record_of_object};
use crate::responses::Items;
use crate::session::Session;
use crate::{Code, Error};

/// The most records one `audit log` prints.
pub const MAX_LOG_RECORDS: i64 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChainView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub records: u64,
    pub intact: bool,
    /// Records from before the chain was keyed: their order is proven, their author is not.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub unkeyed_records: u64,
    /// The last record this workstation had seen before this check, if any.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub seen_up_to: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditEntryView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub recorded_at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    /// The deal, partner or investor the object is, named, when it is one of them.
    pub record: Option<NamedRecord>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Unknown>))]
    pub before: Option<Value>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Unknown>))]
    pub after: Option<Value>,
    pub reason: Option<String>,
    /// The workstation (host name) and front end that wrote the record; none on records from
    /// before the chain was keyed.
    pub workstation: Option<String>,
    pub front_end: Option<FrontEnd>,
    pub hash: String,
}

fn broken(id: i64, problem: &str) -> Error {
    Error::new(
        Code::Conflict,
        format!("the audit chain is broken at record {id}: {problem}"),
    )
}

/// Recomputes the whole chain with the audit key, then compares its end with the head this
/// workstation last saw: a chain that ends before it, or holds another record there, lost
/// records from its end. A broken chain is an error naming the first broken record; an
/// intact one moves this workstation's head forward to its last record.
pub async fn verify_audit(store: &Store, session: &Session) -> Result<ChainView, Error> {
    session
        .actor
        .require_any(AUDIT_READERS, "verify the audit log")?;
    let signing = store.audit_signing();
    let seen = signing.seen_head()?;
    let mut conn = store.acquire().await?;
    let report = verify_audit_chain(&mut conn, signing.key()?).await?;
    if let Some((id, problem)) = report.first_broken {
        return Err(broken(id, &problem));
    }
    if let Some(seen) = &seen {
        let last = report.tail.as_ref().map_or(0, |tail| tail.id);
        if last < seen.id {
            return Err(Error::new(
                Code::Conflict,
                format!(
                    "the audit chain is cut short: records {} to {} are missing at its end (this \
                     workstation saw record {}; the log now ends at {})",
                    last + 1,
                    seen.id,
                    seen.id,
                    if last == 0 {
                        "no record".to_owned()
                    } else {
                        format!("record {last}")
                    },
                ),
            ));
        }
        if audit_hash_of(&mut conn, seen.id).await?.as_deref() != Some(seen.hash.as_slice()) {
            return Err(broken(
                seen.id,
                "it is not the record this workstation saw there (the chain was rewritten from there on)",
            ));
        }
    }
    if let Some(tail) = report.tail {
        signing.note_head(tail)?;
    }
    Ok(ChainView {
        records: report.records,
        intact: true,
        unkeyed_records: report.unkeyed_records,
        seen_up_to: seen.map(|head| head.id),
    })
}

pub async fn audit_log(
    store: &Store,
    session: &Session,
    since: Option<NaiveDate>,
    actor: Option<&str>,
) -> Result<Items<AuditEntryView>, Error> {
    session
        .actor
        .require_any(AUDIT_READERS, "read the audit log")?;
    let mut conn = store.acquire().await?;
    let filter = AuditFilter {
        program_id: session.program.id,
        since: since
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|start| start.and_utc()),
        // User names are lower case, so `Olga` or ` olga ` finds olga's records.
        actor: actor
            .map(|name| name.trim().to_lowercase())
            .filter(|name| !name.is_empty()),
        limit: MAX_LOG_RECORDS,
    };
    let entries = list_audit(&mut conn, &filter).await?;
    let objects = entries
        .iter()
        .filter_map(|e| record_of_object(&e.record.object));
    let names = RecordNames::read_records(&mut conn, session.program.id, objects).await?;
    Ok(Items {
        items: entries
            .into_iter()
            .map(|e| AuditEntryView {
                record: record_of_object(&e.record.object)
                    .and_then(|(kind, id)| names.record(kind, id)),
                id: e.id,
                recorded_at: e.recorded_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
                actor: e.record.actor,
                action: e.record.action,
                object: e.record.object,
                before: e.record.before,
                after: e.record.after,
                reason: e.record.reason,
                workstation: e.workstation,
                front_end: e.front_end,
                hash: to_hex(&e.hash),
            })
            .collect(),
    })
}
