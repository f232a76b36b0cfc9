//! `prorata statement generate --period YYYY-MM --all --out DIR`: every investor's statement
//! of a month, one per currency they are owed in, written into DIR as `{document id}.pdf`.
//!
//! The run works in chunks of payables: each chunk's figures are read in one snapshot with a
//! fixed number of statements, its documents rendered on every core, then recorded and
//! audited in one transaction. A document issued before (by this run under the same key, an
//! earlier run, or one investor's `generate`) is written from its record, never made again,
//! so a run that stopped half way is finished by running it again. Investors with nothing to
//! state (no balance at either end, nothing moved or held) are skipped and reported.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use prorata_statements::{InvestorStatement, Rendered};
use prorata_store::Store;
use prorata_store::crypto::DataKey;
use prorata_store::statements::{
    NewDocument, PayableRecord, document_context, document_sealed, find_document, insert_documents,
    payables,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::issue::{ISSUE_STATEMENT, new_document, period_ending, rendering_error};
use super::sources::{Period, is_empty, statements_of};
use crate::clock::Clock;
use crate::operation::{Change, Operation, audit_in_tx, begin_tx, commit};
use crate::session::{Session, store_error};
use crate::{Error, files, input, stored};

/// Payables read, rendered and recorded per transaction.
const PAYABLES_PER_CHUNK: usize = 100;
/// The most payables one run takes.
pub const MAX_PAYABLES_PER_RUN: usize = 200_000;

/// An investor left out of a run, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SkippedInvestor {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub investor_id: i64,
    pub investor: String,
    pub currency: String,
    pub reason: String,
}

/// What a period's run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PeriodRunReport {
    pub period: String,
    /// Document ids issued by this run.
    pub issued: Vec<String>,
    /// Document ids issued before, written again from their records.
    pub reissued: Vec<String>,
    pub skipped: Vec<SkippedInvestor>,
}

/// Issues the statements of `period` (`YYYY-MM`) of every investor, in `currency` or in each
/// they are owed in; `progress(done, total)` is called after each chunk.
#[allow(
    clippy::too_many_arguments,
    reason = "a use case's store, clock, session, request, destination, key, data key and progress"
)]
pub async fn issue_period(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    period: &str,
    currency: Option<&str>,
    out_dir: &Path,
    idempotency_key: &str,
    data_key: &DataKey,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<PeriodRunReport, Error> {
    files::refuse_unusable("out", out_dir)?;
    let (from, to) = month("period", period)?;
    let period_days = period_ending(from, to, clock.now().date_naive())?;
    let currency = input::optional_currency("currency", currency)?;
    let request = json!({ "period": period.trim(), "currency": currency.map(|c| c.code()) });
    let mut op = Operation::begin(store, clock, session, ISSUE_STATEMENT, idempotency_key).await?;
    if let Some(done) = op.claim::<PeriodRunReport>(&request).await? {
        op.release().await?;
        rewrite(store, session, &done.issued, out_dir, data_key).await?;
        rewrite(store, session, &done.reissued, out_dir, data_key).await?;
        return Ok(done);
    }
    op.release().await?;
    let mut conn = store.acquire().await?;
    let all = payables(
        &mut conn,
        session.program.id,
        None,
        currency.map(|c| c.code()),
    )
    .await?;
    drop(conn);
    if all.len() > MAX_PAYABLES_PER_RUN {
        return Err(Error::invalid(
            "period",
            format!("a run takes at most {MAX_PAYABLES_PER_RUN} payables"),
        ));
    }
    let mut report = PeriodRunReport {
        period: period.trim().to_owned(),
        issued: Vec::new(),
        reissued: Vec::new(),
        skipped: Vec::new(),
    };
    for (index, chunk) in all.chunks(PAYABLES_PER_CHUNK).enumerate() {
        issue_chunk(
            store,
            clock,
            session,
            chunk,
            period_days,
            out_dir,
            data_key,
            &mut report,
        )
        .await?;
        progress(
            (index * PAYABLES_PER_CHUNK + chunk.len()).min(all.len()),
            all.len(),
        );
    }
    let mut op = Operation::begin(store, clock, session, ISSUE_STATEMENT, idempotency_key).await?;
    if let Some(done) = op.claim::<PeriodRunReport>(&request).await? {
        return Ok(done);
    }
    let after = json!({
        "period": report.period, "issued": report.issued.len(),
        "reissued": report.reissued.len(), "skipped": report.skipped.len(),
    });
    op.audit(format!("statements:{}", report.period), after)
        .await?;
    op.finish(report).await
}

/// `YYYY-MM` as its first and last days.
pub(crate) fn month(field: &str, text: &str) -> Result<(NaiveDate, NaiveDate), Error> {
    let text = text.trim();
    let first = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 7)
        .ok_or_else(|| {
            Error::invalid(
                field,
                format!("\"{text}\" is not a month: write it as YYYY-MM, e.g. 2026-11"),
            )
        })?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    let last = next
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| Error::invalid(field, format!("{text} is out of range")))?;
    Ok((first, last))
}

#[allow(
    clippy::too_many_arguments,
    reason = "the run's context, one chunk, and the report it adds to"
)]
async fn issue_chunk(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    chunk: &[PayableRecord],
    period: Period,
    out_dir: &Path,
    data_key: &DataKey,
    report: &mut PeriodRunReport,
) -> Result<(), Error> {
    let mut snapshot = prorata_store::reconcile::begin_snapshot(store).await?;
    let models = statements_of(&mut snapshot, session, chunk, period).await?;
    let ids: Vec<String> = models.iter().map(|m| m.statement_id.clone()).collect();
    let known: BTreeMap<String, ()> = find_document(&mut snapshot, session.program.id, &ids)
        .await?
        .into_iter()
        .map(|r| (r.document_id, ()))
        .collect();
    snapshot.commit().await.map_err(store_error)?;
    let mut fresh = Vec::new();
    for model in models {
        if known.contains_key(&model.statement_id) {
            report.reissued.push(model.statement_id);
        } else if is_empty(&model) {
            report.skipped.push(SkippedInvestor {
                investor_id: model.recipient.investor_id,
                investor: model.recipient.name,
                currency: model.currency.code().to_owned(),
                reason: "nothing to state: no balance, and nothing moved or held in the period"
                    .to_owned(),
            });
        } else {
            fresh.push(model);
        }
    }
    let rendered = render_all(&fresh)?;
    let mut documents = Vec::with_capacity(rendered.len());
    for (model, rendered) in fresh.iter().zip(&rendered) {
        documents.push(NewDocument {
            period: Some((period.from, period.to)),
            closing_balance_minor: Some(stored::minor_units(model.closing_balance)?),
            ..new_document(
                session,
                clock,
                rendered,
                model.recipient.investor_id,
                model.currency.code(),
                data_key,
            )?
        });
    }
    let made = record_chunk(store, clock, session, &documents).await?;
    for rendered in &rendered {
        if made.contains_key(&rendered.document_id) {
            files::write_whole(
                out_dir,
                &format!("{}.pdf", rendered.document_id),
                &rendered.bytes,
            )?;
            report.issued.push(rendered.document_id.clone());
        } else {
            // Another run issued it between this chunk's read and its record: that one stands.
            report.reissued.push(rendered.document_id.clone());
        }
    }
    let again: Vec<String> = report
        .reissued
        .iter()
        .filter(|id| ids.contains(id))
        .cloned()
        .collect();
    rewrite(store, session, &again, out_dir, data_key).await
}

/// Renders the statements on every core the machine has, in their order.
fn render_all(models: &[InvestorStatement]) -> Result<Vec<Rendered>, Error> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 16);
    let per_worker = models.len().div_ceil(workers).max(1);
    let parts: Vec<Result<Vec<Rendered>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = models
            .chunks(per_worker)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|m| prorata_statements::investor_statement(m).map_err(rendering_error))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::new(
                        crate::Code::Internal,
                        "a statement renderer panicked",
                    ))
                })
            })
            .collect()
    });
    let mut all = Vec::with_capacity(models.len());
    for part in parts {
        all.extend(part?);
    }
    Ok(all)
}

/// Records a chunk's documents and audits them in one transaction; returns those recorded
/// now, by document id.
async fn record_chunk(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    documents: &[NewDocument],
) -> Result<BTreeMap<String, i64>, Error> {
    if documents.is_empty() {
        return Ok(BTreeMap::new());
    }
    let mut tx = begin_tx(store).await?;
    let made: BTreeMap<String, i64> = insert_documents(&mut tx, documents)
        .await?
        .into_iter()
        .collect();
    let ids: Vec<&String> = made.keys().collect();
    let change = Change::new(
        ISSUE_STATEMENT.name,
        format!("statements:{}", documents[0].issued_on),
        json!({ "documents": ids }),
    );
    audit_in_tx(&mut tx, store, clock, session, change).await?;
    commit(tx).await?;
    Ok(made)
}

/// Writes documents issued before from their records, as `{document id}.pdf`.
async fn rewrite(
    store: &Store,
    session: &Session,
    document_ids: &[String],
    out_dir: &Path,
    data_key: &DataKey,
) -> Result<(), Error> {
    let program_id = session.program.id;
    for ids in document_ids.chunks(PAYABLES_PER_CHUNK) {
        let mut conn = store.acquire().await?;
        for (id, sealed) in document_sealed(&mut conn, program_id, ids).await? {
            let bytes = data_key.open_bytes(&sealed, &document_context(program_id, &id))?;
            files::write_whole(out_dir, &format!("{id}.pdf"), &bytes)?;
        }
    }
    Ok(())
}
