//! `prorata revenue import FILE`: a gateway's or an organiser's export of revenue
//! transactions, one a line, recorded as `revenue record` records one, in batches.
//!
//! The whole file is read and checked first (every line parsed, its community found, its day
//! not after today, a schedule in effect on it, its split computed), so a bad line refuses
//! the import before anything is written. Then it is recorded in batches of
//! [`MAX_TRANSACTIONS_PER_BATCH`], each one database transaction under the key of the file's
//! SHA-256 and the batch's number: importing the same file again, or again after an
//! interruption, records only what is missing. Each line's own key is its ledger entry's key,
//! so a transaction also given to `revenue record` under that key, or in another file, is
//! recorded once.

use std::collections::HashMap;

use prorata_domain::revenue_split::REVENUE_RECORDERS;
use prorata_store::Store;
use prorata_store::revenue::CommunityRecord;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::read::community_by_ref;
use super::record::{
    MAX_TRANSACTIONS_PER_BATCH, NewRevenue, RevenueLine, Terms, check_not_after_today, read_line,
    record_in_op,
};
use crate::Error;
use crate::clock::Clock;
use crate::csv_input::read_rows;
use crate::input::Notation;
use crate::ledger::event_key;
use crate::operation::{Operation, OperationSpec};
use crate::session::Session;

const IMPORT: OperationSpec = OperationSpec {
    name: "revenue.imported",
    roles: REVENUE_RECORDERS,
    purpose: "import community revenue",
};

/// The most lines one file may have: a bound on the memory the check of the whole file takes.
pub const MAX_LINES_PER_IMPORT: usize = 1_000_000;

/// The columns a file has, by name in its header line; `gateway` and `reference` may be
/// left out or empty.
const COLUMNS: [&str; 7] = [
    "key",
    "community",
    "source",
    "gross",
    "date",
    "gateway",
    "reference",
];

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevenueImported {
    /// The file's SHA-256, in hex.
    pub file_sha256: String,
    pub lines: u32,
    /// Recorded now.
    pub recorded: u32,
    /// Recorded before under the same keys and content: nothing done again.
    pub already_recorded: u32,
    /// Recorded now and held for review as far above their community's usual.
    pub held_for_review: u32,
    pub batches: u32,
}

/// One batch's result, kept under its key.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct BatchResult {
    recorded: u32,
    already_recorded: u32,
    held_for_review: u32,
}

pub async fn import_revenue(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    file: &[u8],
) -> Result<RevenueImported, Error> {
    session
        .actor
        .require_any(REVENUE_RECORDERS, IMPORT.purpose)?;
    let file_sha256 = {
        use sha2::{Digest, Sha256};
        prorata_store::crypto::to_hex(&Sha256::digest(file))
    };
    let lines = read_file(store, clock, session, file).await?;
    let mut report = RevenueImported {
        file_sha256,
        lines: count(lines.len()),
        recorded: 0,
        already_recorded: 0,
        held_for_review: 0,
        batches: 0,
    };
    for (number, batch) in lines.chunks(MAX_TRANSACTIONS_PER_BATCH).enumerate() {
        let key = format!("revenue-import:{}:{number}", report.file_sha256);
        let done = import_batch(store, clock, session, &key, number, batch).await?;
        report.recorded += done.recorded;
        report.already_recorded += done.already_recorded;
        report.held_for_review += done.held_for_review;
        report.batches += 1;
    }
    Ok(report)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).expect("bounded by MAX_LINES_PER_IMPORT")
}

async fn import_batch(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    key: &str,
    number: usize,
    batch: &[RevenueLine],
) -> Result<BatchResult, Error> {
    let mut op = Operation::begin(store, clock, session, IMPORT, key).await?;
    let request = json!({ "batch": number, "lines": batch.len(),
                          "first": batch.first().map(|l| &l.origin) });
    // A batch imported before (this file again, or a run resumed after an interruption)
    // records nothing now.
    if let Some(BatchResult { .. }) = op.claim(&request).await? {
        return Ok(BatchResult {
            already_recorded: count(batch.len()),
            ..BatchResult::default()
        });
    }
    let recorded = record_in_op(&mut op, clock, batch).await?;
    let result = BatchResult {
        recorded: count(recorded.iter().filter(|r| !r.replayed).count()),
        already_recorded: count(recorded.iter().filter(|r| r.replayed).count()),
        held_for_review: count(recorded.iter().filter(|r| r.held).count()),
    };
    let ids: Vec<i64> = recorded
        .iter()
        .filter(|r| !r.replayed)
        .map(|r| r.id)
        .collect();
    let held: Vec<i64> = recorded.iter().filter(|r| r.held).map(|r| r.id).collect();
    op.audit(
        format!("revenue-import:{number}"),
        json!({ "key": key, "lines": batch.len(), "recorded": ids, "held_for_review": held,
                "already_recorded": result.already_recorded }),
    )
    .await?;
    op.finish(result).await
}

/// Every line of the file read and checked, and split, before anything is written.
async fn read_file(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    file: &[u8],
) -> Result<Vec<RevenueLine>, Error> {
    let rows = parse(file)?;
    let mut conn = store.acquire().await?;
    let mut communities: HashMap<String, CommunityRecord> = HashMap::new();
    let mut keys: HashMap<String, u64> = HashMap::new();
    let mut lines = Vec::with_capacity(rows.len());
    for row in &rows {
        let origin = format!("line {}", row.line);
        let named = |e: Error| Error::new(e.code, format!("{origin}: {}", e.message));
        if let Some(first) = keys.insert(row.key.clone(), row.line) {
            return Err(named(Error::invalid(
                "key",
                format!("{} is also the key of line {first}", row.key),
            )));
        }
        let community = match communities.get(&row.community) {
            Some(c) => c.clone(),
            None => {
                let c = community_by_ref(&mut conn, session, &row.community)
                    .await
                    .map_err(named)?;
                communities.insert(row.community.clone(), c.clone());
                c
            }
        };
        let line = read_line(
            row.as_new(),
            community,
            event_key("revenue", &row.key),
            Some(origin.clone()),
        )
        .map_err(named)?;
        check_not_after_today(&line, clock).map_err(named)?;
        lines.push(line);
    }
    Terms::read(&mut conn, session.program.id, &lines)
        .await?
        .split_all(&lines)?;
    Ok(lines)
}

/// A line of the file as written.
#[derive(Debug)]
struct Row {
    line: u64,
    key: String,
    community: String,
    source: String,
    gross: String,
    date: String,
    gateway: Option<String>,
    reference: Option<String>,
}

impl Row {
    fn as_new(&self) -> NewRevenue<'_> {
        NewRevenue {
            community: &self.community,
            source: &self.source,
            gross: &self.gross,
            date: &self.date,
            gateway: self.gateway.as_deref(),
            reference: self.reference.as_deref(),
            notation: Notation::Plain,
        }
    }
}

fn parse(file: &[u8]) -> Result<Vec<Row>, Error> {
    read_rows(file, &COLUMNS, 5, MAX_LINES_PER_IMPORT)?
        .into_iter()
        .map(|row| {
            Ok(Row {
                line: row.line,
                key: row.required(0, &COLUMNS)?,
                community: row.required(1, &COLUMNS)?,
                source: row.required(2, &COLUMNS)?,
                gross: row.required(3, &COLUMNS)?,
                date: row.required(4, &COLUMNS)?,
                gateway: row.optional(5),
                reference: row.optional(6),
            })
        })
        .collect()
}
