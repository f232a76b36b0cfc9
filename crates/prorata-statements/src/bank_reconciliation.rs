//! The bank reconciliation report of one account: its last statement's closing balance
//! against the ledger's `bank:{id}`, what the rules and people matched (by rule), and what is
//! still open on both sides, with the resolutions waiting for review.

use chrono::NaiveDate;
use prorata_domain::Money;

use crate::StatementError;
use crate::digest::Canon;
use crate::fonts::Points;
use crate::layout::{Align, Column, Flow, Page, Row, columns};
use crate::model::Issuer;
use crate::statement::{facts, title_block};
use crate::text;

/// The most open lines, items and remittances a report lists: a bound on its pages.
pub const MAX_RECONCILIATION_LINES: usize = 5_000;

/// What one rule matched, with one outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedByRule {
    /// The rule as a reader says it: `EndToEndId`, `amount and date`, `by hand`.
    pub rule: String,
    pub outcome: String,
    pub matches: i64,
    pub lines: i64,
    pub amount: Money,
}

/// Something open: a statement line, a sent item or a remittance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEntry {
    pub id: i64,
    pub date: Option<NaiveDate>,
    /// `debit`, `credit`, `return`, `sent`, `remitted` …
    pub kind: String,
    pub reference: String,
    pub amount: Money,
}

/// A resolution waiting for an approver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingResolution {
    pub id: i64,
    pub line_id: i64,
    /// `payout item 4`, `remittance 2`, `set aside`.
    pub resolved_as: String,
    pub amount: Money,
    pub resolved_by: String,
    pub reason: String,
}

/// The report as plain data: prorata-app fills it from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankReconciliationReport {
    pub report_id: String,
    pub issuer: Issuer,
    pub bank: String,
    /// `•••• 4321`.
    pub account_number: String,
    pub ledger_account: String,
    pub issued_on: NaiveDate,
    pub ledger_balance: Money,
    /// The newest statement's id and its closing booked balance, where it gave one.
    pub statement: Option<(String, Option<Money>)>,
    pub matched: Vec<MatchedByRule>,
    pub open_lines: Vec<OpenEntry>,
    pub open_items: Vec<OpenEntry>,
    pub open_remittances: Vec<OpenEntry>,
    pub waiting: Vec<WaitingResolution>,
}

impl BankReconciliationReport {
    /// Refuses a report too long to lay out, or an amount in another currency than the
    /// ledger balance's.
    pub fn check(&self) -> Result<(), StatementError> {
        let listed = self.open_lines.len() + self.open_items.len() + self.open_remittances.len();
        if listed + self.waiting.len() > MAX_RECONCILIATION_LINES {
            return Err(StatementError::invalid(format!(
                "a reconciliation report lists at most {MAX_RECONCILIATION_LINES} open entries, not {listed}"
            )));
        }
        let currency = self.ledger_balance.currency();
        let amounts = self
            .matched
            .iter()
            .map(|m| m.amount)
            .chain(self.entries().map(|e| e.amount))
            .chain(self.waiting.iter().map(|w| w.amount))
            .chain(self.statement.iter().filter_map(|(_, closing)| *closing));
        if amounts.into_iter().any(|a| a.currency() != currency) {
            return Err(StatementError::invalid(
                "a reconciliation report's amount is in another currency than its account",
            ));
        }
        Ok(())
    }

    fn entries(&self) -> impl Iterator<Item = &OpenEntry> + Clone {
        self.open_lines
            .iter()
            .chain(&self.open_items)
            .chain(&self.open_remittances)
    }

    pub fn digest(&self) -> [u8; 32] {
        let mut canon = Canon::new("bank_reconciliation");
        canon
            .text("report_id", &self.report_id)
            .text("issuer", &self.issuer.name)
            .text("bank", &self.bank)
            .text("ledger_account", &self.ledger_account)
            .date("issued_on", self.issued_on)
            .money("ledger_balance", self.ledger_balance);
        if let Some((id, closing)) = &self.statement {
            canon.text("statement", id);
            if let Some(closing) = closing {
                canon.money("closing", *closing);
            }
        }
        for m in &self.matched {
            canon
                .text("rule", &m.rule)
                .text("outcome", &m.outcome)
                .id("matches", m.matches)
                .id("lines", m.lines)
                .money("amount", m.amount);
        }
        for e in self.entries() {
            canon
                .id("open", e.id)
                .optional_date("date", e.date)
                .text("kind", &e.kind)
                .text("reference", &e.reference)
                .money("amount", e.amount);
        }
        for w in &self.waiting {
            canon
                .id("waiting", w.id)
                .id("line", w.line_id)
                .text("as", &w.resolved_as)
                .money("amount", w.amount)
                .text("by", &w.resolved_by)
                .text("reason", &w.reason);
        }
        canon.finish()
    }
}

fn cols(spec: &[(&'static str, Points, Align)]) -> Vec<Column> {
    columns(
        spec.iter()
            .map(|&(title, width, align)| Column {
                title,
                width,
                align,
            })
            .collect(),
    )
}

pub(crate) fn pages(report: &BankReconciliationReport) -> Vec<Page> {
    let mut flow = Flow::default();
    title_block(
        &mut flow,
        &report.issuer.name,
        "Bank reconciliation",
        &report.report_id,
    );
    facts(
        &mut flow,
        &[
            (
                "Account",
                format!("{} ({})", report.bank, report.account_number),
            ),
            ("Ledger account", report.ledger_account.clone()),
        ],
        &[("As of", text::date(report.issued_on))],
    );
    balances(&mut flow, report);
    matched(&mut flow, report);
    let open = cols(&[
        ("Id", 44.0, Align::Right),
        ("Date", 62.0, Align::Left),
        ("Kind", 54.0, Align::Left),
        ("Reference", 0.0, Align::Left),
        ("Amount", 80.0, Align::Right),
    ]);
    for (title, entries, none) in [
        (
            "Statement lines nothing settles",
            &report.open_lines,
            "Every booked line is matched.",
        ),
        (
            "Payments sent, not confirmed by the bank",
            &report.open_items,
            "Every payment sent is confirmed.",
        ),
        (
            "Remittances no credit settled",
            &report.open_remittances,
            "Every remittance is settled by a credit.",
        ),
    ] {
        flow.heading(title);
        if entries.is_empty() {
            flow.note(none);
            continue;
        }
        flow.table(&open, &open_rows(entries));
    }
    waiting(&mut flow, report);
    flow.finish()
}

fn balances(flow: &mut Flow, report: &BankReconciliationReport) {
    flow.heading("Balances");
    let cols = cols(&[("", 0.0, Align::Left), ("Amount", 100.0, Align::Right)]);
    let mut rows = vec![Row::line(vec![
        format!("Ledger {}", report.ledger_account),
        text::amount(report.ledger_balance),
    ])];
    match &report.statement {
        Some((id, Some(closing))) => {
            rows.push(Row::line(vec![
                format!("Closing booked balance of statement {id}"),
                text::amount(*closing),
            ]));
            let difference = closing
                .checked_sub(report.ledger_balance)
                .expect("amounts of one currency subtract");
            rows.push(Row::total(vec![
                "Statement less ledger".to_owned(),
                text::amount(difference),
            ]));
        }
        Some((id, None)) => rows.push(Row::line(vec![
            format!("Statement {id} gives no closing balance"),
            String::new(),
        ])),
        None => rows.push(Row::line(vec![
            "No statement imported".to_owned(),
            String::new(),
        ])),
    }
    flow.table(&cols, &rows);
}

fn matched(flow: &mut Flow, report: &BankReconciliationReport) {
    flow.heading("Matched, by rule");
    if report.matched.is_empty() {
        flow.note("Nothing is matched yet.");
        return;
    }
    let cols = cols(&[
        ("Rule", 0.0, Align::Left),
        ("Outcome", 70.0, Align::Left),
        ("Matches", 56.0, Align::Right),
        ("Lines", 56.0, Align::Right),
        ("Amount", 90.0, Align::Right),
    ]);
    let rows: Vec<Row> = report
        .matched
        .iter()
        .map(|m| {
            Row::line(vec![
                m.rule.clone(),
                m.outcome.clone(),
                m.matches.to_string(),
                m.lines.to_string(),
                text::amount(m.amount),
            ])
        })
        .collect();
    flow.table(&cols, &rows);
}

fn open_rows(entries: &[OpenEntry]) -> Vec<Row> {
    let mut total = Money::zero(entries[0].amount.currency());
    let mut rows: Vec<Row> = entries
        .iter()
        .map(|e| {
            total = total.checked_add(e.amount).expect("a report's totals fit");
            Row::line(vec![
                e.id.to_string(),
                e.date.map(text::date).unwrap_or_default(),
                e.kind.clone(),
                e.reference.clone(),
                text::amount(e.amount),
            ])
        })
        .collect();
    rows.push(Row::total(vec![
        "Total".to_owned(),
        String::new(),
        String::new(),
        format!("{} open", entries.len()),
        text::amount(total),
    ]));
    rows
}

fn waiting(flow: &mut Flow, report: &BankReconciliationReport) {
    flow.heading("Resolved by hand, waiting for an approver");
    if report.waiting.is_empty() {
        flow.note("No resolution waits for review.");
        return;
    }
    let cols = cols(&[
        ("Line", 44.0, Align::Right),
        ("Resolved as", 90.0, Align::Left),
        ("By", 50.0, Align::Left),
        ("Reason", 0.0, Align::Left),
        ("Amount", 80.0, Align::Right),
    ]);
    let rows: Vec<Row> = report
        .waiting
        .iter()
        .map(|w| {
            Row::line(vec![
                w.line_id.to_string(),
                w.resolved_as.clone(),
                w.resolved_by.clone(),
                w.reason.clone(),
                text::amount(w.amount),
            ])
        })
        .collect();
    flow.table(&cols, &rows);
}
