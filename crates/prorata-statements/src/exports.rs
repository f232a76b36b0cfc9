//! CSV exports (RFC 4180: a header row, CRLF line ends, fields quoted by the `csv` crate
//! wherever they hold a comma, a quote or a line break), written row by row to any writer so
//! that an export of any size streams. Amounts arrive as decimal strings at their currency's
//! scale: this module never reads a figure.

use std::io::Write;

use crate::StatementError;

const DISTRIBUTIONS_COLUMNS: &[&str] = &[
    "id",
    "deal_id",
    "deal",
    "value_date",
    "kind",
    "status",
    "currency",
    "value",
    "high_water_mark",
    "profit",
    "partner_commission_rate",
    "partner_commission",
    "platform_fee_rate",
    "platform_fee",
    "investor_pool",
    "prepared_by",
    "approved_by",
    "posted_by",
    "journal_entry_id",
];

const SHARES_COLUMNS: &[&str] = &[
    "distribution_id",
    "investment_id",
    "deal",
    "value_date",
    "distribution_kind",
    "distribution_status",
    "investor_id",
    "investor",
    "currency",
    "amount",
    "payout_status",
];

const WITHDRAWALS_COLUMNS: &[&str] = &[
    "id",
    "status",
    "payee",
    "currency",
    "amount",
    "bank_name",
    "bank_account",
    "requested_by",
    "requested_at",
    "decided_by",
    "decided_at",
    "reject_reason",
];

const LEDGER_COLUMNS: &[&str] = &[
    "posting_id",
    "entry_id",
    "effective_date",
    "kind",
    "phase",
    "account",
    "currency",
    "side",
    "amount",
    "description",
    "reverses",
];

const ALLOCATIONS_COLUMNS: &[&str] = &[
    "id",
    "event_id",
    "event",
    "event_status",
    "deal",
    "investor_id",
    "investor",
    "currency",
    "units",
    "ownership",
    "allocated",
    "withdrawn",
    "pending",
    "available",
    "status",
];

const EVENTS_COLUMNS: &[&str] = &[
    "id",
    "deal",
    "type",
    "title",
    "status",
    "currency",
    "distribution_date",
    "snapshot_date",
    "total_units",
    "allocated",
    "withdrawn",
    "pending",
    "available",
];

const REVENUE_COLUMNS: &[&str] = &[
    "id",
    "date",
    "community_id",
    "community",
    "source",
    "gateway",
    "reference",
    "currency",
    "gross",
    "gst",
    "gateway_fee",
    "gateway_fee_gst",
    "platform_fee",
    "platform_fee_gst",
    "net",
    "fee_schedule_id",
    "review",
    "status",
    "journal_entry_id",
    "recorded_by",
];

const REVENUE_MONTHS_COLUMNS: &[&str] = &[
    "month",
    "currency",
    "transactions",
    "gross",
    "gst_collected",
    "gateway_charges",
    "platform_earnings",
    "net",
    "paid_out",
];

/// What can be exported, with its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Distributions,
    Shares,
    Withdrawals,
    Ledger,
    /// Each LP allocation and where its money stands.
    Allocations,
    /// Each LP event with its payment position: allocated, withdrawn, pending, available.
    Events,
    /// Each community revenue transaction with every step of its split.
    Revenue,
    /// Community revenue per month and currency: the monthly report.
    RevenueMonths,
}

impl ExportKind {
    pub const ALL: [ExportKind; 8] = [
        ExportKind::Distributions,
        ExportKind::Shares,
        ExportKind::Withdrawals,
        ExportKind::Ledger,
        ExportKind::Allocations,
        ExportKind::Events,
        ExportKind::Revenue,
        ExportKind::RevenueMonths,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Distributions => "distributions",
            ExportKind::Shares => "shares",
            ExportKind::Withdrawals => "withdrawals",
            ExportKind::Ledger => "ledger",
            ExportKind::Allocations => "allocations",
            ExportKind::Events => "events",
            ExportKind::Revenue => "revenue",
            ExportKind::RevenueMonths => "revenue-months",
        }
    }

    pub fn parse(text: &str) -> Option<ExportKind> {
        ExportKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn header(self) -> &'static [&'static str] {
        match self {
            ExportKind::Distributions => DISTRIBUTIONS_COLUMNS,
            ExportKind::Shares => SHARES_COLUMNS,
            ExportKind::Withdrawals => WITHDRAWALS_COLUMNS,
            ExportKind::Ledger => LEDGER_COLUMNS,
            ExportKind::Allocations => ALLOCATIONS_COLUMNS,
            ExportKind::Events => EVENTS_COLUMNS,
            ExportKind::Revenue => REVENUE_COLUMNS,
            ExportKind::RevenueMonths => REVENUE_MONTHS_COLUMNS,
        }
    }
}

/// An export being written: its header first, then rows of exactly its columns.
#[derive(Debug)]
pub struct CsvExport<W: Write> {
    kind: ExportKind,
    writer: csv::Writer<W>,
    rows: u64,
}

impl<W: Write> CsvExport<W> {
    pub fn start(kind: ExportKind, out: W) -> Result<CsvExport<W>, StatementError> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(kind.header()).map_err(failed)?;
        Ok(CsvExport {
            kind,
            writer,
            rows: 0,
        })
    }

    pub fn row(&mut self, fields: &[String]) -> Result<(), StatementError> {
        assert_eq!(
            fields.len(),
            self.kind.header().len(),
            "a {} row has the header's columns",
            self.kind.as_str()
        );
        self.writer.write_record(fields).map_err(failed)?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes the rows and gives the writer back, with how many rows were written.
    pub fn finish(self) -> Result<(W, u64), StatementError> {
        let rows = self.rows;
        let out = self
            .writer
            .into_inner()
            .map_err(|e| StatementError::Invalid(format!("writing the export: {}", e.error())))?;
        Ok((out, rows))
    }
}

fn failed(error: csv::Error) -> StatementError {
    StatementError::Invalid(format!("writing the export: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_has_its_header_crlf_lines_and_quotes_what_needs_quoting() {
        let mut export = CsvExport::start(ExportKind::Ledger, Vec::new()).expect("started");
        let row: Vec<String> = [
            "1",
            "7",
            "2026-11-24",
            "distribution_posted",
            "posted",
            "investor:3:payable",
            "USD",
            "credit",
            "312.00",
            "deal 1, \"Phones\"",
            "",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        export.row(&row).expect("a row");
        let (bytes, rows) = export.finish().expect("finished");
        assert_eq!(rows, 1);
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert_eq!(
            text,
            "posting_id,entry_id,effective_date,kind,phase,account,currency,side,amount,description,reverses\r\n\
             1,7,2026-11-24,distribution_posted,posted,investor:3:payable,USD,credit,312.00,\"deal 1, \"\"Phones\"\"\",\r\n"
        );
        assert_eq!(ExportKind::parse("shares"), Some(ExportKind::Shares));
        assert_eq!(ExportKind::parse("revenue"), Some(ExportKind::Revenue));
        assert_eq!(
            ExportKind::parse("revenue-months"),
            Some(ExportKind::RevenueMonths)
        );
        assert_eq!(ExportKind::parse("commissions"), None);
    }
}
