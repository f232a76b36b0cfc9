//! `prorata reconcile ledger`: the book's subledgers against its ledger accounts;
//! `prorata reconcile bank --bank BANK`: the account's statement lines matched to its payouts.

use clap::Subcommand;
use prorata_app::clock::SystemClock;
use prorata_app::reconcile::{LedgerReconciliation, reconcile_bank, reconcile_ledger};
use prorata_app::{Code, Error};

use crate::context::Context;
use crate::output::print_json;

#[derive(Debug, Subcommand)]
pub enum ReconcileCommand {
    /// Stored balances against postings; per deal, profit distributed against the last mark
    /// less capital; shares against pools; payables and receivables against what was posted.
    /// Prints the report either way; exits 4 when anything differs.
    Ledger,
    /// Match the account's imported statement lines to the payouts its batches sent, by
    /// EndToEndId: a debit of the exact amount confirms paid, a return confirms failed
    Bank {
        #[arg(long)]
        bank: String,
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
        ReconcileCommand::Bank { bank } => {
            let (store, session) = context.sign_in().await?;
            let done = reconcile_bank(&store, &SystemClock, &session, &bank).await?;
            if context.json {
                return print_json(&done);
            }
            for m in &done.matched {
                println!(
                    "line {} -> item {} by {} ({})",
                    m.line_id, m.item_id, m.rule, m.amount
                );
            }
            println!(
                "{} matched; {} line(s) and {} sent item(s) left unmatched",
                done.matched.len(),
                done.unmatched_lines,
                done.unmatched_items
            );
            Ok(())
        }
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
