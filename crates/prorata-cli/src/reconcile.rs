//! `prorata reconcile ledger`: the book's subledgers against its ledger accounts;
//! `prorata reconcile bank --bank BANK`: the account's statement lines matched to its payouts;
//! `prorata reconcile open | resolve | review`: what is left, resolved by hand and reviewed.

use clap::Subcommand;
use prorata_app::clock::SystemClock;
use prorata_app::reconcile::{
    BankReconciliation, LedgerReconciliation, LineResolution, OpenOnAccount, ResolutionView,
    ReviewDecision, bank_reconciliation, open_on_account, reconcile_bank, reconcile_ledger,
    resolve_line, review_resolution, write_reconciliation_csv, write_reconciliation_pdf,
};
use prorata_app::{Code, Error};

use crate::context::Context;
use crate::output::print_json;

#[derive(Debug, Subcommand)]
pub enum ReconcileCommand {
    /// Stored balances against postings; per deal, profit distributed against the last mark
    /// less capital; shares against pools; payables and receivables against what was posted.
    /// Prints the report either way; exits 4 when anything differs.
    Ledger,
    /// Match the account's imported statement lines to the payouts its batches sent and the
    /// remittances it received, by the rules in order (EndToEndId or reference, several lines
    /// for one item, a line for a batch by its id or its total, amount and date): a matched
    /// debit confirms paid, a return failed, a credit a remittance; a line that only might be
    /// something is suggested, never applied
    Bank {
        #[arg(long)]
        bank: String,
        /// Business days a line may be booked after its payment was sent (either side of a
        /// remittance's date) for the date rules
        #[arg(long, default_value_t = prorata_app::reconcile::DEFAULT_WINDOW_BUSINESS_DAYS)]
        window: u32,
    },
    /// The account's reconciliation: its newest statement's closing balance against the
    /// ledger's bank:{id}, what each rule matched, what is open on both sides; written as a
    /// PDF report and as CSV when asked
    Report {
        #[arg(long)]
        bank: String,
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
    },
    /// What is open on the account for a person: lines, sent items and remittances nothing
    /// settles, and the resolutions waiting for an approver
    Open {
        #[arg(long)]
        bank: String,
    },
    /// Resolve an open line by hand, with a reason: match it to a payout item (`--with`) or a
    /// remittance of its exact amount, or set it aside; above the account's review threshold
    /// it waits for an approver
    Resolve {
        line: i64,
        /// The payout item the line pays (a debit) or returns (a return)
        #[arg(long = "with", group = "resolution")]
        item: Option<i64>,
        /// The remittance the line (a credit) settles
        #[arg(long, group = "resolution")]
        remittance: Option<i64>,
        /// Set the line aside: nothing in the book settles it
        #[arg(long, group = "resolution")]
        ignore: bool,
        #[arg(long)]
        reason: String,
    },
    /// Review a resolution waiting for it (approvers; not the one who resolved it)
    Review {
        resolution: i64,
        #[arg(long, group = "decision")]
        approve: bool,
        #[arg(long, group = "decision", requires = "reason")]
        reject: bool,
        #[arg(long)]
        reason: Option<String>,
    },
}

pub async fn run(command: ReconcileCommand, context: &Context) -> Result<(), Error> {
    match command {
        ReconcileCommand::Ledger => {
            let (store, session) = context.sign_in().await?;
            let report = reconcile_ledger(&store, &session).await?;
            if context.json {
                print_json(&report)?;
            } else {
                print_report(&report);
            }
            outcome(&report)
        }
        ReconcileCommand::Report { bank, pdf, csv } => {
            report(context, &bank, (pdf.as_deref(), csv.as_deref())).await
        }
        ReconcileCommand::Open { bank } => {
            let (store, session) = context.sign_in().await?;
            let open = open_on_account(&store, &session, &bank).await?;
            if context.json {
                return print_json(&open);
            }
            print_open(&open);
            Ok(())
        }
        ReconcileCommand::Resolve {
            line,
            item,
            remittance,
            ignore,
            reason,
        } => {
            let resolution = match (item, remittance, ignore) {
                (Some(item), None, false) => LineResolution::Item(item),
                (None, Some(r), false) => LineResolution::Remittance(r),
                (None, None, true) => LineResolution::Ignore,
                _ => {
                    let why = "give one of --with ITEM, --remittance R or --ignore";
                    return Err(Error::invalid("resolution", why));
                }
            };
            resolve(context, line, resolution, &reason).await
        }
        ReconcileCommand::Review {
            resolution,
            approve,
            reject,
            reason,
        } => review(context, resolution, (approve, reject), reason.as_deref()).await,
        ReconcileCommand::Bank { bank, window } => {
            let (store, session) = context.sign_in().await?;
            let key = context.idempotency_key();
            let done =
                reconcile_bank(&store, &SystemClock, &session, &bank, Some(window), &key).await?;
            if context.json {
                return print_json(&done);
            }
            print_bank(&done);
            Ok(())
        }
    }
}

fn print_bank(done: &BankReconciliation) {
    let ids = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    for m in &done.matched {
        let (what, of) = if m.remittances.is_empty() {
            ("item", ids(&m.items))
        } else {
            ("remittance", ids(&m.remittances))
        };
        println!(
            "line {} -> {what} {of}: {} by {} ({})",
            ids(&m.lines),
            m.outcome,
            m.rule,
            m.amount
        );
    }
    for s in &done.suggested {
        let mut might = Vec::new();
        if !s.items.is_empty() {
            might.push(format!("item {}", ids(&s.items)));
        }
        if !s.remittances.is_empty() {
            might.push(format!("remittance {}", ids(&s.remittances)));
        }
        println!(
            "line {} might be {} (not applied)",
            s.line_id,
            might.join(" or ")
        );
    }
    println!(
        "{} matched, {} suggested; {} line(s), {} sent item(s) and {} remittance(s) left unmatched",
        done.matched.len(),
        done.suggested.len(),
        done.unmatched_lines,
        done.unmatched_items,
        done.unmatched_remittances
    );
}

async fn report(
    context: &Context,
    bank: &str,
    (pdf, csv): (Option<&std::path::Path>, Option<&std::path::Path>),
) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let view = bank_reconciliation(&store, &session, bank).await?;
    let mut written = Vec::new();
    if let Some(out) = pdf {
        written.push(write_reconciliation_pdf(&store, &SystemClock, &session, bank, out).await?);
    }
    if let Some(out) = csv {
        written.push(write_reconciliation_csv(&store, &SystemClock, &session, bank, out).await?);
    }
    if context.json {
        return print_json(&serde_json::json!({ "reconciliation": view, "written": written }));
    }
    let cur = &view.currency;
    println!("{} ({}), {cur}", view.bank, view.account_number);
    println!(
        "  ledger {:<24} {:>16}",
        view.ledger_account, view.ledger_balance
    );
    match (
        &view.statement_ref,
        &view.statement_closing,
        &view.difference,
    ) {
        (Some(id), Some(closing), Some(difference)) => {
            println!("  statement {id:<21} {closing:>16}");
            println!("  statement less ledger {difference:>20}");
        }
        (Some(id), _, _) => println!("  statement {id} gives no closing balance"),
        _ => println!("  no statement imported"),
    }
    for m in &view.matched {
        println!(
            "  matched {:<28} {:<9} {:>6} match(es) {:>16}",
            m.label, m.outcome, m.matches, m.amount
        );
    }
    println!(
        "  open: {} line(s) {}, {} sent item(s) {}, {} remittance(s) {}, {} waiting for review",
        view.open.lines.len(),
        view.open_lines_total,
        view.open.items.len(),
        view.open_items_total,
        view.open.remittances.len(),
        view.open_remittances_total,
        view.open.pending_resolutions.len()
    );
    for w in &written {
        println!("wrote {} ({}), sha256 {}", w.file, w.report_id, w.sha256);
    }
    Ok(())
}

async fn resolve(
    context: &Context,
    line: i64,
    resolution: LineResolution,
    reason: &str,
) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    let done = resolve_line(
        &store,
        &SystemClock,
        &session,
        line,
        resolution,
        reason,
        &key,
    )
    .await?;
    print_resolution(context, &done)
}

async fn review(
    context: &Context,
    resolution: i64,
    (approve, reject): (bool, bool),
    reason: Option<&str>,
) -> Result<(), Error> {
    let decision = match (approve, reject, reason) {
        (true, false, _) => ReviewDecision::Approve,
        (false, true, Some(reason)) => ReviewDecision::Reject { reason },
        _ => {
            let why = "give --approve, or --reject with --reason";
            return Err(Error::invalid("decision", why));
        }
    };
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    let done =
        review_resolution(&store, &SystemClock, &session, resolution, decision, &key).await?;
    print_resolution(context, &done)
}

fn print_resolution(context: &Context, done: &ResolutionView) -> Result<(), Error> {
    if context.json {
        return print_json(done);
    }
    let what = match (done.item_id, done.remittance_id) {
        (Some(item), _) => format!("to payout item {item}"),
        (_, Some(r)) => format!("to remittance {r}"),
        _ => "aside".to_owned(),
    };
    println!(
        "resolution {}: line {} ({} {}) {what}: {}",
        done.id, done.line_id, done.amount, done.currency, done.status
    );
    Ok(())
}

fn print_open(open: &OpenOnAccount) {
    let above = open
        .review_above
        .as_deref()
        .unwrap_or("none: every one is reviewed");
    println!(
        "{} ({}); resolutions reviewed above {above}",
        open.bank, open.currency
    );
    println!("lines ({}):", open.lines.len());
    for l in &open.lines {
        let reference = l.end_to_end_id.as_deref().or(l.bank_reference.as_deref());
        println!(
            "  {:>8}  {}  {:<8} {:>14}  {}",
            l.id,
            l.booked_on.as_deref().unwrap_or("-"),
            l.kind,
            l.amount,
            reference.unwrap_or("")
        );
    }
    println!("sent items ({}):", open.items.len());
    for i in &open.items {
        println!(
            "  {:>8}  batch {:<6} {:>14}  {}",
            i.id, i.batch_id, i.amount, i.reference
        );
    }
    println!("remittances ({}):", open.remittances.len());
    for r in &open.remittances {
        let reference = r.reference.as_deref().unwrap_or("");
        println!(
            "  {:>8}  {}  {:>14}  {reference}",
            r.id, r.remitted_on, r.amount
        );
    }
    println!("waiting for review ({}):", open.pending_resolutions.len());
    for r in &open.pending_resolutions {
        println!(
            "  {:>8}  line {} {:>14}  by {}: {}",
            r.id, r.line_id, r.amount, r.resolved_by, r.reason
        );
    }
}

fn print_report(report: &LedgerReconciliation) {
    for check in &report.checks {
        let verdict = if check.differences.is_empty() {
            "ties"
        } else {
            "DIFFERS"
        };
        println!("{verdict:<8} {} ({} checked)", check.name, check.checked);
        for difference in &check.differences {
            println!("         - {difference}");
        }
    }
}

/// A book that does not tie is a conflict (exit 4), after its report is printed.
fn outcome(report: &LedgerReconciliation) -> Result<(), Error> {
    if report.intact {
        return Ok(());
    }
    let differences: usize = report.checks.iter().map(|c| c.differences.len()).sum();
    Err(Error::new(
        Code::Conflict,
        format!("the book does not tie: {differences} difference(s), listed above"),
    ))
}
