//! `prorata revenue report --pdf FILE`: the monthly report as a PDF/A-2b document through
//! prorata-statements, written where the user says and put on the record like an export.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use prorata_domain::Currency;
use prorata_domain::statement;
use prorata_statements::{CommunityLine, Issuer, RevenueMonthLine, RevenueReport};
use prorata_store::Store;
use serde::{Deserialize, Serialize};

use super::analytics::{RevenueReportView, revenue_report};
use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec};
use crate::session::Session;
use crate::statements::{destination, rendering_error};
use crate::{Error, files, input, stored};

const WRITE: OperationSpec = OperationSpec {
    name: "revenue.report_written",
    roles: statement::READERS,
    purpose: "write the revenue report",
};

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevenueReportWritten {
    pub report_id: String,
    pub file: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub pages: i64,
    /// The file's SHA-256, in hex.
    pub sha256: String,
}

/// Writes the report of the months `from` to `to` (as `revenue report` reads them) to `out`.
pub async fn write_revenue_report(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    (from, to): (Option<&str>, Option<&str>),
    out: &Path,
) -> Result<RevenueReportWritten, Error> {
    let (dir, name) = destination(out)?;
    let view = revenue_report(store, clock, session, from, to).await?;
    let issued_on = clock.now().date_naive();
    let report = document(session, &view, issued_on)?;
    let rendered =
        prorata_statements::community_revenue_report(&report).map_err(rendering_error)?;
    let mut op = Operation::begin_unkeyed(store, clock, session, WRITE).await?;
    let mut file = files::Partial::create(dir, name)?;
    file.writer()
        .write_all(&rendered.bytes)
        .map_err(|e| Error::invalid("out", format!("{} cannot be written: {e}", out.display())))?;
    file.finish()?;
    let sha256 = prorata_store::crypto::to_hex(&rendered.sha256);
    let record = Change::new(
        WRITE.name,
        format!("revenue-report:{}", report.report_id),
        serde_json::json!({ "from": view.from, "to": view.to, "file": name, "sha256": sha256 }),
    );
    op.record(record).await?;
    op.commit().await?;
    Ok(RevenueReportWritten {
        report_id: report.report_id,
        file: out.display().to_string(),
        pages: i64::try_from(rendered.pages).unwrap_or(i64::MAX),
        sha256,
    })
}

/// Writes the report into `folder` as `revenue-report-{today}.pdf`: the window's form.
pub async fn write_revenue_report_into(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    period: (Option<&str>, Option<&str>),
    folder: &Path,
) -> Result<RevenueReportWritten, Error> {
    files::refuse_unusable("folder", folder)?;
    let name = format!("revenue-report-{}.pdf", clock.now().date_naive());
    write_revenue_report(store, clock, session, period, &folder.join(name)).await
}

/// The report as the document lays it out: each currency's months and top communities.
fn document(
    session: &Session,
    view: &RevenueReportView,
    issued_on: chrono::NaiveDate,
) -> Result<RevenueReport, Error> {
    let money = |amount: &str, currency: Currency| {
        input::amount(input::Notation::Plain, "amount", amount, currency)
    };
    let mut currencies: BTreeMap<String, (Currency, Vec<RevenueMonthLine>)> = BTreeMap::new();
    for m in &view.months {
        let currency = stored::currency(&m.currency)?;
        let line = RevenueMonthLine {
            month: m.month.clone(),
            transactions: m.transactions,
            gross: money(&m.gross, currency)?,
            gst_collected: money(&m.gst_collected, currency)?,
            gateway_charges: money(&m.gateway_charges, currency)?,
            platform_earnings: money(&m.platform_earnings, currency)?,
            net: money(&m.net, currency)?,
            paid_out: money(&m.paid_out, currency)?,
        };
        currencies
            .entry(m.currency.clone())
            .or_insert_with(|| (currency, Vec::new()))
            .1
            .push(line);
    }
    let mut top: BTreeMap<String, (Currency, Vec<CommunityLine>)> = BTreeMap::new();
    for c in &view.top_communities {
        let currency = stored::currency(&c.currency)?;
        let line = CommunityLine {
            community: c.community.clone(),
            transactions: c.transactions,
            gross: money(&c.gross, currency)?,
            net: money(&c.net, currency)?,
        };
        top.entry(c.currency.clone())
            .or_insert_with(|| (currency, Vec::new()))
            .1
            .push(line);
    }
    Ok(RevenueReport {
        report_id: format!(
            "RR-{}-{}-{}-{}",
            session.program.id,
            view.from,
            view.to,
            issued_on.format("%Y%m%d")
        ),
        issuer: Issuer {
            name: session.program.name.clone(),
        },
        from: view.from.clone(),
        to: view.to.clone(),
        issued_on,
        currencies: currencies.into_values().collect(),
        top_communities: top.into_values().collect(),
    })
}
