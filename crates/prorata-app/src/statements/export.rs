//! `prorata export distributions|shares|withdrawals|ledger|allocations|events|revenue --out FILE.csv`: the program's
//! rows as RFC 4180 CSV with a header, amounts as decimal strings at their currency's scale,
//! read a page at a time and written whole or not at all (mode 0600). Each export is recorded
//! on the audit log: who took which rows out.

use std::path::Path;

use chrono::NaiveDate;

use prorata_domain::payout::masked_last_four;
use prorata_domain::statement;
use prorata_statements::exports::{CsvExport, ExportKind};
use prorata_store::events::{allocations_page, list_events};
use prorata_store::revenue::revenue_transactions;
use prorata_store::statements::{distributions_page, postings_page, shares_page, withdrawals_page};
use prorata_store::{PgConnection, Store};
use serde::{Deserialize, Serialize};

use super::issue::destination;
use crate::clock::Clock;
use crate::events::allocation_view;
use crate::operation::{Change, Operation, OperationSpec};
use crate::revenue::{review_word, status_word};
use crate::session::Session;
use crate::{Error, files, stored};

const EXPORT: OperationSpec = OperationSpec {
    name: "export.written",
    roles: statement::READERS,
    purpose: "export the program's records",
};

/// Rows read per page.
const PAGE_ROWS: i64 = 5_000;

/// The most events an export writes.
const EVENTS_LIMIT: i64 = 100_000;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Exported {
    pub kind: String,
    pub file: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub rows: i64,
}

/// Writes the program's `kind` rows to `out`.
pub async fn export(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    kind: &str,
    out: &Path,
) -> Result<Exported, Error> {
    let kind = ExportKind::parse(kind.trim()).ok_or_else(|| {
        let known: Vec<&str> = ExportKind::ALL.iter().map(|k| k.as_str()).collect();
        Error::invalid(
            "kind",
            format!("\"{kind}\" is not an export: one of {}", known.join(", ")),
        )
    })?;
    let (dir, name) = destination(out)?;
    let mut op = Operation::begin_unkeyed(store, clock, session, EXPORT).await?;
    let mut file = files::Partial::create(dir, name)?;
    let mut csv = CsvExport::start(kind, file.writer()).map_err(super::issue::rendering_error)?;
    let program_id = session.program.id;
    let mut conn = prorata_store::reconcile::begin_snapshot(store).await?;
    match kind {
        ExportKind::Distributions => distributions(&mut conn, program_id, &mut csv).await?,
        ExportKind::Shares => shares(&mut conn, program_id, &mut csv).await?,
        ExportKind::Withdrawals => withdrawals(&mut conn, program_id, &mut csv).await?,
        ExportKind::Ledger => ledger(&mut conn, program_id, &mut csv).await?,
        ExportKind::Allocations => allocations(&mut conn, program_id, &mut csv).await?,
        ExportKind::Events => events(&mut conn, program_id, &mut csv).await?,
        ExportKind::Revenue => revenue(&mut conn, program_id, &mut csv).await?,
        ExportKind::RevenueMonths => revenue_months(&mut conn, program_id, &mut csv).await?,
    }
    let (_, rows) = csv.finish().map_err(super::issue::rendering_error)?;
    file.finish()?;
    let rows = i64::try_from(rows).unwrap_or(i64::MAX);
    let record = Change::new(
        EXPORT.name,
        format!("export:{}", kind.as_str()),
        serde_json::json!({ "kind": kind.as_str(), "rows": rows, "file": name }),
    );
    op.record(record).await?;
    op.commit().await?;
    Ok(Exported {
        kind: kind.as_str().to_owned(),
        file: out.display().to_string(),
        rows,
    })
}

/// Writes the program's `kind` rows into `folder` as `{kind}-{today}.csv`: the window's form.
pub async fn export_into(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    kind: &str,
    folder: &Path,
) -> Result<Exported, Error> {
    files::refuse_unusable("folder", folder)?;
    let name = format!("{}-{}.csv", kind.trim(), clock.now().date_naive());
    export(store, clock, session, kind, &folder.join(name)).await
}

type Csv<'w> = CsvExport<&'w mut std::io::BufWriter<std::fs::File>>;

fn put(csv: &mut Csv<'_>, fields: Vec<String>) -> Result<(), Error> {
    csv.row(&fields).map_err(super::issue::rendering_error)
}

fn text(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

async fn distributions(
    conn: &mut PgConnection,
    program_id: i64,
    csv: &mut Csv<'_>,
) -> Result<(), Error> {
    let mut after = 0;
    loop {
        let page = distributions_page(conn, program_id, after, PAGE_ROWS).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.id;
        for d in page {
            let currency = stored::currency(&d.currency)?;
            let amount = |minor| stored::amount(minor, currency);
            put(
                csv,
                vec![
                    d.id.to_string(),
                    d.deal_id.to_string(),
                    d.deal,
                    d.value_date.to_string(),
                    d.kind,
                    d.status,
                    d.currency.clone(),
                    amount(d.value_minor)?,
                    amount(d.high_water_mark_minor)?,
                    amount(d.profit_minor)?,
                    d.partner_commission_rate.normalize().to_string(),
                    amount(d.partner_commission_minor)?,
                    d.platform_fee_rate.normalize().to_string(),
                    amount(d.platform_fee_minor)?,
                    amount(d.investor_pool_minor)?,
                    d.prepared_by,
                    text(d.approved_by),
                    text(d.posted_by),
                    text(d.journal_entry_id),
                ],
            )?;
        }
    }
}

async fn shares(conn: &mut PgConnection, program_id: i64, csv: &mut Csv<'_>) -> Result<(), Error> {
    let mut after = (0, 0);
    loop {
        let page = shares_page(conn, program_id, after, PAGE_ROWS).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = (last.distribution_id, last.investment_id);
        for s in page {
            let amount = stored::amount(s.amount_minor, stored::currency(&s.currency)?)?;
            put(
                csv,
                vec![
                    s.distribution_id.to_string(),
                    s.investment_id.to_string(),
                    s.deal,
                    s.value_date.to_string(),
                    s.distribution_kind,
                    s.distribution_status,
                    s.investor_id.to_string(),
                    s.investor,
                    s.currency,
                    amount,
                    s.payout_status,
                ],
            )?;
        }
    }
}

async fn withdrawals(
    conn: &mut PgConnection,
    program_id: i64,
    csv: &mut Csv<'_>,
) -> Result<(), Error> {
    let mut after = 0;
    loop {
        let page = withdrawals_page(conn, program_id, after, PAGE_ROWS).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.id;
        for w in page {
            let amount = stored::amount(w.amount_minor, stored::currency(&w.currency)?)?;
            put(
                csv,
                vec![
                    w.id.to_string(),
                    w.status,
                    w.payee,
                    w.currency,
                    amount,
                    w.bank_name,
                    masked_last_four(&w.account_number_last4),
                    w.requested_by,
                    w.requested_at.to_rfc3339(),
                    text(w.decided_by),
                    text(w.decided_at.map(|t| t.to_rfc3339())),
                    text(w.reject_reason),
                ],
            )?;
        }
    }
}

async fn ledger(conn: &mut PgConnection, program_id: i64, csv: &mut Csv<'_>) -> Result<(), Error> {
    let mut after = 0;
    loop {
        let page = postings_page(conn, program_id, after, PAGE_ROWS).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.posting_id;
        for p in page {
            let amount = stored::amount(p.amount_minor, stored::currency(&p.currency)?)?;
            put(
                csv,
                vec![
                    p.posting_id.to_string(),
                    p.entry_id.to_string(),
                    p.effective_date.to_string(),
                    p.kind,
                    p.phase,
                    p.account,
                    p.currency,
                    p.side,
                    amount,
                    p.description,
                    text(p.reverses),
                ],
            )?;
        }
    }
}

async fn allocations(
    conn: &mut PgConnection,
    program_id: i64,
    csv: &mut Csv<'_>,
) -> Result<(), Error> {
    let mut after = 0;
    loop {
        let page = allocations_page(conn, program_id, after, PAGE_ROWS).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.id;
        for a in &page {
            let v = allocation_view(a)?;
            put(
                csv,
                vec![
                    v.id.to_string(),
                    v.event_id.to_string(),
                    v.event_title,
                    v.event_status.as_str().to_owned(),
                    v.deal,
                    v.investor_id.to_string(),
                    v.investor,
                    v.currency,
                    v.units,
                    v.ownership,
                    v.amount,
                    v.withdrawn,
                    v.pending,
                    v.available,
                    v.status.as_str().to_owned(),
                ],
            )?;
        }
    }
}

async fn events(conn: &mut PgConnection, program_id: i64, csv: &mut Csv<'_>) -> Result<(), Error> {
    // Events are few: the program's list is bounded, as `event list` is.
    let all = list_events(conn, program_id, None, EVENTS_LIMIT).await?;
    for e in all.iter().rev() {
        let currency = stored::currency(&e.currency)?;
        let amount = |minor| stored::amount(minor, currency);
        put(
            csv,
            vec![
                e.id.to_string(),
                e.deal_name.clone(),
                e.kind.as_str().to_owned(),
                e.title.clone(),
                e.status.as_str().to_owned(),
                e.currency.clone(),
                e.distribution_date.to_string(),
                text(e.snapshot_date),
                text(e.total_units),
                amount(e.allocated_minor)?,
                amount(e.withdrawn_minor)?,
                amount(e.pending_minor)?,
                amount(e.available_minor)?,
            ],
        )?;
    }
    Ok(())
}

async fn revenue(conn: &mut PgConnection, program_id: i64, csv: &mut Csv<'_>) -> Result<(), Error> {
    let mut after = 0;
    loop {
        let page = revenue_transactions(conn, program_id, None, None, after, PAGE_ROWS).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.id;
        for t in page {
            let currency = stored::currency(&t.currency)?;
            let amount = |minor| stored::amount(minor, currency);
            let (review, status) = (review_word(&t), status_word(&t));
            put(
                csv,
                vec![
                    t.id.to_string(),
                    t.occurred_on.to_string(),
                    t.community_id.to_string(),
                    t.community,
                    t.source.as_str().to_owned(),
                    t.gateway,
                    text(t.reference),
                    t.currency.clone(),
                    amount(t.gross_minor)?,
                    amount(t.gst_minor)?,
                    amount(t.gateway_fee_minor)?,
                    amount(t.gateway_fee_gst_minor)?,
                    amount(t.platform_fee_minor)?,
                    amount(t.platform_fee_gst_minor)?,
                    amount(t.net_minor)?,
                    t.fee_schedule_id.to_string(),
                    review.to_owned(),
                    status.to_owned(),
                    t.entry_id.to_string(),
                    t.recorded_by,
                ],
            )?;
        }
    }
}

/// Every month with revenue or wallet payouts, per currency, the oldest first.
async fn revenue_months(
    conn: &mut PgConnection,
    program_id: i64,
    csv: &mut Csv<'_>,
) -> Result<(), Error> {
    let (first, last) = (
        NaiveDate::from_ymd_opt(1, 1, 1).expect("a day"),
        NaiveDate::from_ymd_opt(9999, 12, 1).expect("a day"),
    );
    for m in prorata_store::revenue::revenue_by_month(conn, program_id, first, last).await? {
        let m = crate::revenue::month_view(m)?;
        put(
            csv,
            vec![
                m.month,
                m.currency,
                m.transactions.to_string(),
                m.gross,
                m.gst_collected,
                m.gateway_charges,
                m.platform_earnings,
                m.net,
                m.paid_out,
            ],
        )?;
    }
    Ok(())
}
