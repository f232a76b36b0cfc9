//! The investor statement laid out as a fund administrator's capital account statement: the
//! issuer and investor blocks, the period, a summary box, then the detail tables that make
//! the summary (profit by deal with subtotals, LP allocations, withdrawals).

use std::collections::BTreeMap;

use prorata_domain::Money;

use crate::fonts::{Points, Weight};
use crate::layout::{
    Align, CONTENT_WIDTH, Column, Flow, MARGIN, Mark, PAGE_WIDTH, Page, ROW_HEIGHT, Row, Tone,
    columns,
};
use crate::model::{InvestorStatement, ProfitLine, StatementSummary, WithdrawalLine};
use crate::text;
use crate::{StatementError, sum};

const RIGHT: Points = PAGE_WIDTH - MARGIN;

pub(crate) fn pages(
    statement: &InvestorStatement,
    summary: &StatementSummary,
) -> Result<Vec<Page>, StatementError> {
    let mut flow = Flow::default();
    header(&mut flow, statement);
    summary_box(&mut flow, statement, summary);
    profit_table(&mut flow, statement)?;
    allocations_table(&mut flow, statement);
    withdrawals_table(&mut flow, statement, summary);
    flow.advance(10.0);
    flow.note(&format!(
        "The closing balance is the balance of ledger account {} at the end of {}.",
        statement.account_code,
        text::date(statement.to)
    ));
    flow.note("Amounts in brackets are taken from your balance. Share % is your part of the investor pool.");
    Ok(flow.finish())
}

/// The issuer and the document's name on the left and right, then the investor and the
/// period beneath.
pub(crate) fn title_block(flow: &mut Flow, issuer: &str, title: &str, document_id: &str) {
    flow.text(MARGIN, 16.0, Weight::Bold, Tone::Ink, Align::Left, issuer);
    flow.text(RIGHT, 14.0, Weight::Bold, Tone::Ink, Align::Right, title);
    flow.advance(14.0);
    flow.text(
        RIGHT,
        8.5,
        Weight::Regular,
        Tone::Muted,
        Align::Right,
        document_id,
    );
    flow.advance(10.0);
    flow.rule(1.0);
}

/// Label / value pairs, the labels muted, in two columns of the page.
pub(crate) fn facts(flow: &mut Flow, left: &[(&str, String)], right: &[(&str, String)]) {
    let start = flow.y();
    for (column, pairs) in [(MARGIN, left), (MARGIN + CONTENT_WIDTH / 2.0 + 10.0, right)] {
        let mut y = start;
        for (label, value) in pairs {
            y += 13.0;
            let label_mark = |x, weight, tone, text: String| Mark::Text {
                x,
                y,
                size: 9.0,
                weight,
                tone,
                align: Align::Left,
                text,
            };
            flow.mark(label_mark(
                column,
                Weight::Regular,
                Tone::Muted,
                (*label).to_owned(),
            ));
            flow.mark(label_mark(
                column + 78.0,
                Weight::Bold,
                Tone::Ink,
                value.clone(),
            ));
        }
    }
    let rows = left.len().max(right.len());
    flow.advance(13.0 * rows as Points + 6.0);
}

fn header(flow: &mut Flow, s: &InvestorStatement) {
    title_block(flow, &s.issuer.name, "Investor statement", &s.statement_id);
    facts(
        flow,
        &[
            ("Investor", s.recipient.name.clone()),
            ("Investor no.", s.recipient.investor_id.to_string()),
            ("Currency", text::currency_label(s.currency)),
        ],
        &[
            (
                "Period",
                format!("{} – {}", text::date(s.from), text::date(s.to)),
            ),
            ("Issued", text::date(s.issued_on)),
            ("Statement", s.statement_id.clone()),
        ],
    );
}

fn summary_box(flow: &mut Flow, s: &InvestorStatement, summary: &StatementSummary) {
    let day_before = s.from.pred_opt().unwrap_or(s.from);
    let lines: [(String, Money, bool); 5] = [
        (
            format!("Opening balance at {}", text::date(day_before)),
            summary.opening_balance,
            false,
        ),
        ("Profit credited".to_owned(), summary.profit_credited, false),
        (
            "LP allocations credited".to_owned(),
            summary.allocations_credited,
            false,
        ),
        (
            "Withdrawals paid".to_owned(),
            negate(summary.withdrawals_paid),
            false,
        ),
        (
            format!("Closing balance at {}", text::date(s.to)),
            summary.closing_balance,
            true,
        ),
    ];
    flow.heading("Summary");
    let top = flow.y() + 4.0;
    flow.mark(Mark::Band {
        x: MARGIN,
        y: top,
        width: CONTENT_WIDTH,
        height: ROW_HEIGHT * 8.0 + 10.0,
    });
    for (label, amount, total) in lines {
        summary_line(flow, &label, amount, total);
    }
    flow.advance(6.0);
    summary_line(
        flow,
        "Memo: withdrawals pending",
        summary.withdrawals_pending,
        false,
    );
    summary_line(
        flow,
        "Memo: available to withdraw",
        summary.available,
        false,
    );
    flow.advance(10.0);
}

fn summary_line(flow: &mut Flow, label: &str, amount: Money, total: bool) {
    if total {
        flow.advance(3.0);
        let y = flow.y() + 2.0;
        flow.mark(Mark::Rule {
            x: MARGIN + 10.0,
            y,
            width: CONTENT_WIDTH - 20.0,
            thickness: 0.5,
        });
    }
    flow.advance(ROW_HEIGHT);
    let weight = if total { Weight::Bold } else { Weight::Regular };
    flow.text(MARGIN + 10.0, 9.5, weight, Tone::Ink, Align::Left, label);
    let shown = text::amount_with_symbol(amount);
    flow.text(RIGHT - 10.0, 9.5, weight, Tone::Ink, Align::Right, &shown);
}

fn negate(money: Money) -> Money {
    Money::from_minor_units(-money.minor_units(), money.currency()).unwrap_or(money)
}

fn profit_table(flow: &mut Flow, s: &InvestorStatement) -> Result<(), StatementError> {
    flow.heading("Profit credited");
    if s.profit.is_empty() {
        flow.note("No distribution was credited in this period.");
        return Ok(());
    }
    let cols = columns(vec![
        Column {
            title: "Date",
            width: 66.0,
            align: Align::Left,
        },
        Column {
            title: "Deal",
            width: 0.0,
            align: Align::Left,
        },
        Column {
            title: "Deal profit",
            width: 82.0,
            align: Align::Right,
        },
        Column {
            title: "Investor pool",
            width: 82.0,
            align: Align::Right,
        },
        Column {
            title: "Share %",
            width: 58.0,
            align: Align::Right,
        },
        Column {
            title: "Amount",
            width: 82.0,
            align: Align::Right,
        },
    ]);
    flow.table(&cols, &profit_rows(s)?);
    Ok(())
}

/// Deals in order of their id, each deal's lines by date and its subtotal, then the total:
/// the subtotals add up to the total, and the total is the summary's.
fn profit_rows(s: &InvestorStatement) -> Result<Vec<Row>, StatementError> {
    let total_row = |label: String, amount: Money| {
        Row::total(vec![
            String::new(),
            label,
            String::new(),
            String::new(),
            String::new(),
            text::amount(amount),
        ])
    };
    let mut by_deal: BTreeMap<i64, Vec<&ProfitLine>> = BTreeMap::new();
    for line in &s.profit {
        by_deal.entry(line.deal_id).or_default().push(line);
    }
    let mut rows = Vec::with_capacity(s.profit.len() + by_deal.len() + 1);
    for lines in by_deal.values_mut() {
        lines.sort_by_key(|l| (l.value_date, l.distribution_id));
        rows.extend(lines.iter().map(|l| {
            let deal = if l.reversal {
                format!("{} (reversal)", l.deal_name)
            } else {
                l.deal_name.clone()
            };
            Row::line(vec![
                text::date(l.value_date),
                deal,
                text::amount(l.deal_profit),
                text::amount(l.investor_pool),
                text::percent_of(l.amount.minor_units(), l.investor_pool.minor_units(), 4),
                text::amount(l.amount),
            ])
        }));
        let subtotal = sum(s.currency, lines.iter().map(|l| l.amount))?;
        rows.push(total_row(
            format!("Subtotal {}", lines[0].deal_name),
            subtotal,
        ));
    }
    let total = sum(s.currency, s.profit.iter().map(|l| l.amount))?;
    rows.push(total_row("Total profit credited".to_owned(), total));
    Ok(rows)
}

fn allocations_table(flow: &mut Flow, s: &InvestorStatement) {
    flow.heading("LP allocations credited");
    if s.allocations.is_empty() {
        flow.note("No LP allocation was credited in this period.");
        return;
    }
    let cols = columns(vec![
        Column {
            title: "Date",
            width: 66.0,
            align: Align::Left,
        },
        Column {
            title: "Deal",
            width: 150.0,
            align: Align::Left,
        },
        Column {
            title: "Event",
            width: 0.0,
            align: Align::Left,
        },
        Column {
            title: "Amount",
            width: 82.0,
            align: Align::Right,
        },
    ]);
    let rows: Vec<Row> = s
        .allocations
        .iter()
        .map(|l| {
            Row::line(vec![
                text::date(l.date),
                l.deal_name.clone(),
                l.event_title.clone(),
                text::amount(l.amount),
            ])
        })
        .collect();
    flow.table(&cols, &rows);
}

fn withdrawals_table(flow: &mut Flow, s: &InvestorStatement, summary: &StatementSummary) {
    flow.heading("Withdrawals");
    if s.withdrawals_paid.is_empty() && s.withdrawals_pending.is_empty() {
        flow.note("No withdrawal was paid in this period, and none is pending at its end.");
        return;
    }
    let cols = columns(vec![
        Column {
            title: "Reference",
            width: 62.0,
            align: Align::Left,
        },
        Column {
            title: "Requested",
            width: 66.0,
            align: Align::Left,
        },
        Column {
            title: "Paid",
            width: 66.0,
            align: Align::Left,
        },
        Column {
            title: "Bank account",
            width: 0.0,
            align: Align::Left,
        },
        Column {
            title: "Amount",
            width: 82.0,
            align: Align::Right,
        },
    ]);
    let row = |l: &WithdrawalLine| {
        Row::line(vec![
            format!("W-{}", l.withdrawal_id),
            text::date(l.requested_on),
            l.paid_on.map_or_else(|| "Pending".to_owned(), text::date),
            l.bank_account.clone(),
            text::amount(l.amount),
        ])
    };
    let mut rows: Vec<Row> = s.withdrawals_paid.iter().map(row).collect();
    rows.push(Row::total(vec![
        String::new(),
        String::new(),
        String::new(),
        "Total paid".to_owned(),
        text::amount(summary.withdrawals_paid),
    ]));
    if !s.withdrawals_pending.is_empty() {
        rows.extend(s.withdrawals_pending.iter().map(row));
        rows.push(Row::total(vec![
            String::new(),
            String::new(),
            String::new(),
            "Total pending".to_owned(),
            text::amount(summary.withdrawals_pending),
        ]));
    }
    flow.table(&cols, &rows);
}
