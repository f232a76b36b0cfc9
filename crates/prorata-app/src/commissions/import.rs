//! `prorata txn import FILE`: a network's export of transactions, one a line, recorded as
//! `txn record` records one, in batches.
//!
//! The whole file is read and checked first (every line parsed, its member found, its
//! commission computed), so a bad line refuses the import before anything is written. Then it
//! is recorded in batches of [`MAX_TRANSACTIONS_PER_BATCH`], each one database transaction
//! under the key of the file's SHA-256 and the batch's number: importing the same file again,
//! or again after an interruption, records only what is missing. Each line's own key is its
//! ledger entry's key, so a transaction also given to `txn record` under that key, or in
//! another file, is recorded once.

use std::collections::HashMap;

use prorata_store::Store;
use prorata_store::commissions::{NetworkMemberRecord, network_members};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::transactions::{
    MAX_TRANSACTIONS_PER_BATCH, NewNetworkTransaction, RECORDERS, Terms, TransactionLine,
    read_line, record_in_op,
};
use crate::Error;
use crate::clock::Clock;
use crate::csv_input::read_rows;
use crate::input::Notation;
use crate::ledger::event_key;
use crate::operation::{Operation, OperationSpec};
use crate::session::Session;

const IMPORT: OperationSpec = OperationSpec {
    name: "network_transactions.imported",
    roles: RECORDERS,
    purpose: "import network transactions",
};

/// The most lines one file may have: a bound on the memory the check of the whole file takes.
pub const MAX_LINES_PER_IMPORT: usize = 1_000_000;

/// The columns a file has, by name in its header line; `reference` may be left out or empty.
const COLUMNS: [&str; 5] = ["key", "member", "service", "amount", "reference"];

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NetworkTransactionsImported {
    /// The file's SHA-256, in hex.
    pub file_sha256: String,
    pub lines: u32,
    /// Recorded now.
    pub recorded: u32,
    /// Recorded before under the same keys and content: nothing done again.
    pub already_recorded: u32,
    pub batches: u32,
}

/// One batch's result, kept under its key.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct BatchResult {
    recorded: u32,
    already_recorded: u32,
}

pub async fn import_network_transactions(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    file: &[u8],
) -> Result<NetworkTransactionsImported, Error> {
    session.actor.require_any(RECORDERS, IMPORT.purpose)?;
    let file_sha256 = {
        use sha2::{Digest, Sha256};
        prorata_store::crypto::to_hex(&Sha256::digest(file))
    };
    let lines = read_file(store, session, file).await?;
    let mut report = NetworkTransactionsImported {
        file_sha256,
        lines: count(lines.len()),
        recorded: 0,
        already_recorded: 0,
        batches: 0,
    };
    for (number, batch) in lines.chunks(MAX_TRANSACTIONS_PER_BATCH).enumerate() {
        let key = format!("network-import:{}:{number}", report.file_sha256);
        let done = import_batch(store, clock, session, &key, number, batch).await?;
        report.recorded += done.recorded;
        report.already_recorded += done.already_recorded;
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
    batch: &[TransactionLine],
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
    };
    let ids: Vec<i64> = recorded
        .iter()
        .filter(|r| !r.replayed)
        .map(|r| r.id)
        .collect();
    op.audit(
        format!("network-import:{number}"),
        json!({ "key": key, "lines": batch.len(), "recorded": ids,
                "already_recorded": result.already_recorded }),
    )
    .await?;
    op.finish(result).await
}

/// Every line of the file read, checked and commissioned before anything is written.
async fn read_file(
    store: &Store,
    session: &Session,
    file: &[u8],
) -> Result<Vec<TransactionLine>, Error> {
    let rows = read_rows(file, &COLUMNS, 4, MAX_LINES_PER_IMPORT)?;
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let members = network_members(&mut conn, program_id, None).await?;
    let by_ref: HashMap<String, &NetworkMemberRecord> = members
        .iter()
        .flat_map(|m| [(m.id.to_string(), m), (m.name.clone(), m)])
        .collect();
    let mut keys: HashMap<String, u64> = HashMap::new();
    let mut lines = Vec::with_capacity(rows.len());
    for row in &rows {
        let origin = format!("line {}", row.line);
        let named = |e: Error| Error::new(e.code, format!("{origin}: {}", e.message));
        let key = row.required(0, &COLUMNS)?;
        if let Some(first) = keys.insert(key.clone(), row.line) {
            return Err(named(Error::invalid(
                "key",
                format!("{key} is also the key of line {first}"),
            )));
        }
        let member_ref = row.required(1, &COLUMNS)?;
        let member = by_ref.get(member_ref.as_str()).ok_or_else(|| {
            named(Error::invalid(
                "member",
                format!("no network member is named {member_ref}"),
            ))
        })?;
        let (service, amount) = (row.required(2, &COLUMNS)?, row.required(3, &COLUMNS)?);
        let reference = row.optional(4);
        let given = NewNetworkTransaction {
            member: &member_ref,
            service: &service,
            amount: &amount,
            reference: reference.as_deref(),
            notation: Notation::Plain,
        };
        let line = read_line(
            given,
            (*member).clone(),
            event_key("network", &key),
            Some(origin.clone()),
        )
        .map_err(named)?;
        lines.push(line);
    }
    // Each line commissioned now, so a line that earns nothing refuses the file by its number.
    let terms = Terms::read(&mut conn, program_id, &lines).await?;
    for line in &lines {
        terms
            .commission(line)
            .map_err(|e| super::transactions::at_line(line, e))?;
    }
    Ok(lines)
}
