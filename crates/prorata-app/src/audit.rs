//! `prorata audit verify | log`: the hash-chained audit log, for auditors and admins.

use chrono::NaiveDate;
use prorata_domain::control::Role;
use prorata_store::Store;
use prorata_store::control::{AuditFilter, list_audit, verify_audit_chain};
use serde::Serialize;
use serde_json::Value;

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
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Unknown>))]
    pub before: Option<Value>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Unknown>))]
    pub after: Option<Value>,
    pub reason: Option<String>,
    pub hash: String,
}

/// Recomputes the whole chain. A broken chain is an error naming the first broken record.
pub async fn verify_audit(store: &Store, session: &Session) -> Result<ChainView, Error> {
    session
        .actor
        .require_any(&[Role::Auditor, Role::Admin], "verify the audit log")?;
    let mut conn = store.acquire().await?;
    let report = verify_audit_chain(&mut conn).await?;
    match report.first_broken {
        None => Ok(ChainView {
            records: report.records,
            intact: true,
        }),
        Some((id, problem)) => Err(Error::new(
            Code::Conflict,
            format!("the audit chain is broken at record {id}: {problem}"),
        )),
    }
}

pub async fn audit_log(
    store: &Store,
    session: &Session,
    since: Option<NaiveDate>,
    actor: Option<&str>,
) -> Result<Items<AuditEntryView>, Error> {
    session
        .actor
        .require_any(&[Role::Auditor, Role::Admin], "read the audit log")?;
    let mut conn = store.acquire().await?;
    let filter = AuditFilter {
        program_id: session.program.id,
        since: since
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|start| start.and_utc()),
        actor: actor.map(str::to_owned),
        limit: MAX_LOG_RECORDS,
    };
    let entries = list_audit(&mut conn, &filter).await?;
    Ok(Items {
        items: entries
            .into_iter()
            .map(|e| AuditEntryView {
                id: e.id,
                recorded_at: e.recorded_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
                actor: e.record.actor,
                action: e.record.action,
                object: e.record.object,
                before: e.record.before,
                after: e.record.after,
                reason: e.record.reason,
                hash: e.hash.iter().map(|b| format!("{b:02x}")).collect(),
            })
            .collect(),
    })
}
