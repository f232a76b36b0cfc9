//! `prorata ledger trial-balance | balance | statement`.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::ledger::{
    self, AccountBalanceView, AccountStatementView, TrialBalanceAccount, TrialBalanceView,
};

use prorata_app::input::{optional_currency, optional_date};

use crate::context::Context;
use crate::output::{group_thousands, print_json};

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Every account's posted debits and credits; per currency they must be equal
    TrialBalance {
        /// At the end of this day (YYYY-MM-DD) instead of now
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// An account's balance, what holds reserve, and what is available
    Balance {
        /// The account's code, e.g. investor:42:payable
        account: String,
        /// The book to read where the code is kept in more than one currency, e.g. NGN
        #[arg(long, value_name = "CURRENCY")]
        currency: Option<String>,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Check that stored balances equal the postings and the trial balance sums to zero
    Verify,
    /// An account's posted lines with the running balance
    Statement {
        /// The account's code, e.g. platform:fee_income
        account: String,
        /// The book to read where the code is kept in more than one currency, e.g. NGN
        #[arg(long, value_name = "CURRENCY")]
        currency: Option<String>,
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}

pub async fn run(command: LedgerCommand, context: &Context) -> Result<(), Error> {
    let json = context.json;
    // Arguments are checked before the store is opened: a typo costs nothing.
    match command {
        LedgerCommand::Verify => {
            let (store, session) = context.sign_in().await?;
            let check = ledger::verify_ledger(&store, &session).await?;
            if json {
                print_json(&check)
            } else {
                println!(
                    "the ledger is consistent: {} accounts checked",
                    check.accounts
                );
                Ok(())
            }
        }
        LedgerCommand::TrialBalance { as_of } => {
            let as_of = optional_date("as_of", as_of.as_deref())?;
            let (store, session) = context.sign_in().await?;
            let view = ledger::trial_balance(&store, &session, as_of).await?;
            if json {
                print_json(&view)
            } else {
                print_trial_balance(&view)
            }
        }
        LedgerCommand::Balance {
            account,
            currency,
            as_of,
        } => {
            let currency = optional_currency("currency", currency.as_deref())?;
            let as_of = optional_date("as_of", as_of.as_deref())?;
            let (store, session) = context.sign_in().await?;
            let view = ledger::account_balance(&store, &session, &account, currency, as_of).await?;
            if json {
                print_json(&view)
            } else {
                print_balance(&view)
            }
        }
        LedgerCommand::Statement {
            account,
            currency,
            from,
            to,
        } => {
            let currency = optional_currency("currency", currency.as_deref())?;
            let from = optional_date("from", from.as_deref())?;
            let to = optional_date("to", to.as_deref())?;
            let (store, session) = context.sign_in().await?;
            let view =
                ledger::account_statement(&store, &session, &account, currency, from, to).await?;
            if json {
                print_json(&view)
            } else {
                print_statement(&view)
            }
        }
    }
}

fn print_trial_balance(view: &TrialBalanceView) -> Result<(), Error> {
    let widest = |text: fn(&TrialBalanceAccount) -> usize, least: usize| {
        view.accounts.iter().map(text).max().unwrap_or(0).max(least)
    };
    let width = widest(|a| a.account.chars().count(), 7);
    let named = widest(|a| a.name.chars().count(), 4);
    println!(
        "{:<width$}  {:<named$}  {:<8}  {:>20}  {:>20}",
        "ACCOUNT", "NAME", "CURRENCY", "DEBITS", "CREDITS"
    );
    for line in &view.accounts {
        println!(
            "{:<width$}  {:<named$}  {:<8}  {:>20}  {:>20}",
            line.account,
            line.name,
            line.currency,
            group_thousands(&line.debits),
            group_thousands(&line.credits)
        );
    }
    for (currency, debits) in &view.total_debits {
        let credits = &view.total_credits[currency];
        let difference = &view.difference[currency];
        println!(
            "{:<width$}  {:<named$}  {:<8}  {:>20}  {:>20}  difference {}",
            "TOTAL",
            "",
            currency,
            group_thousands(debits),
            group_thousands(credits),
            group_thousands(difference)
        );
    }
    if view.accounts.is_empty() {
        println!("(no accounts yet)");
    }
    Ok(())
}

fn print_balance(view: &AccountBalanceView) -> Result<(), Error> {
    println!("account:   {} ({})", view.account, view.currency);
    println!("balance:   {:>20}", group_thousands(&view.balance));
    println!("pending:   {:>20}", group_thousands(&view.pending));
    println!("available: {:>20}", group_thousands(&view.available));
    Ok(())
}

fn print_statement(view: &AccountStatementView) -> Result<(), Error> {
    println!(
        "{}, {} ({}, normally {})",
        view.account, view.name, view.currency, view.normal_side
    );
    let opening = match &view.from {
        Some(from) => format!("opening balance, before {from}"),
        None => "opening balance".to_owned(),
    };
    println!("{opening}: {}", group_thousands(&view.opening_balance));
    println!(
        "{:<10}  {:>8}  {:<24}  {:>18}  {:>18}  {:>18}",
        "DATE", "ENTRY", "KIND", "DEBIT", "CREDIT", "BALANCE"
    );
    for line in &view.lines {
        let show =
            |amount: &Option<String>| amount.as_deref().map(group_thousands).unwrap_or_default();
        println!(
            "{:<10}  {:>8}  {:<24}  {:>18}  {:>18}  {:>18}",
            line.date,
            line.entry_id,
            line.kind,
            show(&line.debit),
            show(&line.credit),
            group_thousands(&line.balance)
        );
    }
    if view.lines.is_empty() {
        println!("(no posted lines)");
    }
    if view.truncated {
        println!("(more lines than one statement lists: read a shorter period)");
    }
    let closing = match &view.to {
        Some(to) => format!("closing balance, end of {to}"),
        None => "closing balance".to_owned(),
    };
    println!("{closing}: {}", group_thousands(&view.closing_balance));
    Ok(())
}
