//! `prorata run daily --date D`: prepares the distribution of every active deal that has a
//! verified value for D, in one job that reports its progress and every deal it skipped.
//! Approving them stays a second person's act. It also releases the members' wallet credits
//! that have come due by the day it runs (community revenue's holding period, DESIGN §8), as
//! `wallet release` does, in the transaction that keeps its report.
//!
//! The job works in chunks, each its own transaction, so its progress is durable and a
//! failure loses one chunk at most; a deal is prepared at most once per date (PostgreSQL's
//! unique index says so too), so running the job again only reports what is already done.
//! Its report is kept under the idempotency key: the same key returns it again.

use chrono::NaiveDate;
use prorata_domain::control::Role;
use prorata_domain::deal::DealStatus;
use prorata_store::Store;
use prorata_store::deals::{DealRecord, list_deals, refresh_statistics};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::prepare::{NotPrepared, prepare_in_tx};
use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec, begin_tx, commit};
use crate::revenue::{ReleasedView, release_in_op};
use crate::session::Session;
use crate::{Error, input};

/// Deals prepared per transaction.
const DEALS_PER_CHUNK: usize = 50;
/// The most deals one run takes.
pub const MAX_DEALS_PER_RUN: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PreparedDeal {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub deal: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub distribution_id: i64,
    pub profit: String,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SkippedDeal {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub deal: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DailyRunReport {
    pub date: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deals: i64,
    pub prepared: Vec<PreparedDeal>,
    pub skipped: Vec<SkippedDeal>,
    /// The members' wallet credits this run released, per currency: those due on or before
    /// the day it ran, not held for review.
    pub wallets_released: Vec<ReleasedView>,
}

const RUN_DAILY: OperationSpec = OperationSpec {
    name: "run.daily",
    roles: &[Role::Officer],
    purpose: "run the daily distributions",
};

/// Runs the daily job for `date`; `progress(done, total)` is called after each chunk.
pub async fn run_daily(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    date: &str,
    idempotency_key: &str,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<DailyRunReport, Error> {
    let mut op = Operation::begin(store, clock, session, RUN_DAILY, idempotency_key).await?;
    let value_date = input::date("date", date)?;
    let request = json!({ "date": value_date.to_string() });
    // A replay returns the stored report; a fresh claim is released and taken again with
    // the report at the end, so no transaction stays open for the whole job.
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    op.release().await?;
    let deals = deals_of(store, session).await?;
    let report = prepare_all(store, clock, session, &deals, value_date, progress).await?;
    let mut op = Operation::begin(store, clock, session, RUN_DAILY, idempotency_key).await?;
    if let Some(done) = op.claim(&request).await? {
        // Another run under the same key finished first; its report stands.
        return Ok(done);
    }
    let mut report = report;
    report.wallets_released = release_in_op(&mut op, clock.now().date_naive()).await?;
    let after = json!({
        "date": report.date, "deals": report.deals,
        "prepared": report.prepared.len(), "skipped": report.skipped.len(),
        "wallets_released": &report.wallets_released,
    });
    op.audit(format!("run:daily:{}", report.date), after)
        .await?;
    op.finish(report).await
}

/// Prepares each deal's distribution for the date, a chunk of deals per transaction, each
/// deal locked in ascending id (the deals come in id order).
async fn prepare_all(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    deals: &[DealRecord],
    value_date: NaiveDate,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<DailyRunReport, Error> {
    let mut report = DailyRunReport {
        date: value_date.to_string(),
        deals: i64::try_from(deals.len()).unwrap_or(i64::MAX),
        prepared: Vec::new(),
        skipped: Vec::new(),
        wallets_released: Vec::new(),
    };
    for (index, chunk) in deals.chunks(DEALS_PER_CHUNK).enumerate() {
        let mut tx = begin_tx(store).await?;
        for deal in chunk {
            match prepare_in_tx(&mut tx, store, clock, session, deal.id, value_date).await? {
                Ok(prepared) => report.prepared.push(PreparedDeal {
                    deal_id: deal.id,
                    deal: deal.name.clone(),
                    distribution_id: prepared.id,
                    profit: prepared.profit.to_string(),
                    currency: deal.currency.clone(),
                }),
                Err(NotPrepared(reason)) => report.skipped.push(SkippedDeal {
                    deal_id: deal.id,
                    deal: deal.name.clone(),
                    reason,
                }),
            }
        }
        commit(tx).await?;
        // While the tables are young their statistics lag far behind; refreshing them after
        // chunks 1, 2, 4, 8, … keeps every check on an index at a handful of ANALYZE runs.
        if (index + 1).is_power_of_two() {
            let mut conn = store.acquire().await?;
            refresh_statistics(&mut conn).await?;
        }
        progress(
            (index * DEALS_PER_CHUNK + chunk.len()).min(deals.len()),
            deals.len(),
        );
    }
    Ok(report)
}

/// The program's active deals, in id order.
async fn deals_of(store: &Store, session: &Session) -> Result<Vec<DealRecord>, Error> {
    let mut conn = store.acquire().await?;
    let mut deals = Vec::new();
    let mut after = 0;
    // Bounded: every page moves past its last id, and the run stops at its maximum.
    loop {
        let page = list_deals(&mut conn, session.program.id, after, 1_000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        deals.extend(page.into_iter().filter(|d| d.status == DealStatus::Active));
        if deals.len() > MAX_DEALS_PER_RUN {
            return Err(Error::invalid(
                "deals",
                format!("a run takes at most {MAX_DEALS_PER_RUN} active deals"),
            ));
        }
    }
    Ok(deals)
}
