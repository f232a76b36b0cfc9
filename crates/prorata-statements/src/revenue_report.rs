//! The monthly community revenue report: per currency, each month's gross, GST collected,
//! gateway charges, platform earnings, net to members and wallet payouts, with the period's
//! totals; then the communities that earned the most.

use chrono::NaiveDate;
use prorata_domain::{Currency, Money};

use crate::StatementError;
use crate::digest::Canon;
use crate::fonts::Points;
use crate::layout::{Align, Column, Flow, Page, Row, columns};
use crate::model::Issuer;
use crate::statement::{facts, title_block};
use crate::text;

/// The most months and communities a report lists: a bound on its pages.
pub const MAX_REPORT_LINES: usize = 2_000;

/// One month of one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueMonthLine {
    /// `2026-11`.
    pub month: String,
    pub transactions: i64,
    pub gross: Money,
    pub gst_collected: Money,
    pub gateway_charges: Money,
    pub platform_earnings: Money,
    pub net: Money,
    pub paid_out: Money,
}

/// A community's revenue over the period, in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommunityLine {
    pub community: String,
    pub transactions: i64,
    pub gross: Money,
    pub net: Money,
}

/// The report as plain data: prorata-app fills it from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueReport {
    pub report_id: String,
    pub issuer: Issuer,
    /// The first and last months, `2026-01`.
    pub from: String,
    pub to: String,
    pub issued_on: NaiveDate,
    /// Per currency (in code order), its months (oldest first).
    pub currencies: Vec<(Currency, Vec<RevenueMonthLine>)>,
    /// Per currency, the top communities (the most gross first).
    pub top_communities: Vec<(Currency, Vec<CommunityLine>)>,
}

impl RevenueReport {
    /// Refuses a report too long to lay out, or a line in another currency than its table's.
    pub fn check(&self) -> Result<(), StatementError> {
        let lines: usize = self.currencies.iter().map(|(_, m)| m.len()).sum::<usize>()
            + self
                .top_communities
                .iter()
                .map(|(_, c)| c.len())
                .sum::<usize>();
        if lines > MAX_REPORT_LINES {
            return Err(StatementError::invalid(format!(
                "a revenue report lists at most {MAX_REPORT_LINES} lines, not {lines}: ask for fewer months"
            )));
        }
        let stray = self.currencies.iter().any(|(ccy, months)| {
            months.iter().any(|m| {
                [
                    m.gross,
                    m.gst_collected,
                    m.gateway_charges,
                    m.platform_earnings,
                    m.net,
                    m.paid_out,
                ]
                .iter()
                .any(|a| a.currency() != *ccy)
            })
        }) || self.top_communities.iter().any(|(ccy, lines)| {
            lines
                .iter()
                .any(|c| c.gross.currency() != *ccy || c.net.currency() != *ccy)
        });
        if stray {
            return Err(StatementError::invalid(
                "a revenue report's line is in another currency than its table",
            ));
        }
        Ok(())
    }

    pub fn digest(&self) -> [u8; 32] {
        let mut canon = Canon::new("revenue_report");
        canon
            .text("report_id", &self.report_id)
            .text("issuer", &self.issuer.name)
            .text("from", &self.from)
            .text("to", &self.to)
            .date("issued_on", self.issued_on);
        for (currency, months) in &self.currencies {
            canon.text("currency", currency.code());
            for m in months {
                canon
                    .text("month", &m.month)
                    .id("transactions", m.transactions)
                    .money("gross", m.gross)
                    .money("gst_collected", m.gst_collected)
                    .money("gateway_charges", m.gateway_charges)
                    .money("platform_earnings", m.platform_earnings)
                    .money("net", m.net)
                    .money("paid_out", m.paid_out);
            }
        }
        for (currency, lines) in &self.top_communities {
            canon.text("top.currency", currency.code());
            for c in lines {
                canon
                    .text("top.community", &c.community)
                    .id("top.transactions", c.transactions)
                    .money("top.gross", c.gross)
                    .money("top.net", c.net);
            }
        }
        canon.finish()
    }
}

/// Each month column: its title and width on the page (0: the rest of the line).
const MONTH_COLUMNS: [(&str, Points); 8] = [
    ("Month", 0.0),
    ("Count", 38.0),
    ("Gross", 68.0),
    ("GST", 58.0),
    ("Gateway", 58.0),
    ("Platform", 58.0),
    ("Net", 68.0),
    ("Paid out", 60.0),
];

pub(crate) fn pages(report: &RevenueReport) -> Vec<Page> {
    let mut flow = Flow::default();
    title_block(
        &mut flow,
        &report.issuer.name,
        "Community revenue",
        &report.report_id,
    );
    facts(
        &mut flow,
        &[("Months", format!("{} to {}", report.from, report.to))],
        &[("Issued", text::date(report.issued_on))],
    );
    let cols = columns(
        MONTH_COLUMNS
            .iter()
            .map(|&(title, width)| Column {
                title,
                width,
                align: if width == 0.0 {
                    Align::Left
                } else {
                    Align::Right
                },
            })
            .collect(),
    );
    if report.currencies.is_empty() {
        flow.note("No revenue was recorded and no wallet was paid out in these months.");
    }
    for (currency, months) in &report.currencies {
        flow.heading(&format!(
            "Revenue by month, {}",
            text::currency_label(*currency)
        ));
        flow.table(&cols, &month_rows(*currency, months));
    }
    top_communities(&mut flow, report);
    flow.advance(10.0);
    flow.note("GST is on the gross and on the platform's fee; gateway charges are the gateways' fees with their GST.");
    flow.note("Paid out: members' wallet withdrawals the bank confirmed paid in the month.");
    flow.finish()
}

fn month_rows(currency: Currency, months: &[RevenueMonthLine]) -> Vec<Row> {
    let zero = Money::zero(currency);
    let mut total = [zero; 6];
    let mut count = 0;
    let mut rows: Vec<Row> = months
        .iter()
        .map(|m| {
            let amounts = [
                m.gross,
                m.gst_collected,
                m.gateway_charges,
                m.platform_earnings,
                m.net,
                m.paid_out,
            ];
            for (sum, amount) in total.iter_mut().zip(amounts) {
                *sum = sum.checked_add(amount).expect("a report's totals fit");
            }
            count += m.transactions;
            let mut cells = vec![m.month.clone(), m.transactions.to_string()];
            cells.extend(amounts.map(text::amount));
            Row::line(cells)
        })
        .collect();
    let mut cells = vec!["Total".to_owned(), count.to_string()];
    cells.extend(total.map(text::amount));
    rows.push(Row::total(cells));
    rows
}

fn top_communities(flow: &mut Flow, report: &RevenueReport) {
    let cols = columns(vec![
        Column {
            title: "Community",
            width: 0.0,
            align: Align::Left,
        },
        Column {
            title: "Count",
            width: 50.0,
            align: Align::Right,
        },
        Column {
            title: "Gross",
            width: 100.0,
            align: Align::Right,
        },
        Column {
            title: "Net",
            width: 100.0,
            align: Align::Right,
        },
    ]);
    for (currency, lines) in &report.top_communities {
        flow.heading(&format!(
            "Top earning communities, {}",
            text::currency_label(*currency)
        ));
        let rows: Vec<Row> = lines
            .iter()
            .map(|c| {
                Row::line(vec![
                    c.community.clone(),
                    c.transactions.to_string(),
                    text::amount(c.gross),
                    text::amount(c.net),
                ])
            })
            .collect();
        flow.table(&cols, &rows);
    }
}
