//! `prorata reconcile ledger`: the book's subledgers against its ledger accounts;
//! `prorata reconcile bank --bank BANK`: the account's statement lines matched to its payouts.

use clap::Subcommand;
use prorata_app::clock::SystemClock;
use prorata_app::reconcile::{
    BankReconciliation, LedgerReconciliation, reconcile_bank, reconcile_ledger,
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
