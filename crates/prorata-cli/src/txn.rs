//! `prorata txn record | import | show | list | reverse`: a distribution network's
//! transactions, each commissioned over its member's upline in one database transaction.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::commissions::{self, NetworkTransactionView, NewNetworkTransaction};
use prorata_app::input::Notation;

use crate::context::Context;
use crate::output::{print_json, read_file};
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum TxnCommand {
    /// Record a member's transaction in a service and book its commissions over the upline
    Record {
        /// The transacting member, by id or name (never an admin)
        #[arg(long)]
        member: String,
        #[arg(long)]
        service: String,
        /// In the member's network's currency, e.g. 1000.00
        #[arg(long)]
        amount: String,
        #[arg(long)]
        reference: Option<String>,
    },
    /// Record a CSV file of transactions (key,member,service,amount[,reference]): checked
    /// whole first, then recorded in batches; a rerun records only what is new
    Import { file: std::path::PathBuf },
    /// A transaction with each upline member's part of its commission
    Show { id: i64 },
    /// The newest transactions, or a member's (by it or earning it a part)
    List {
        #[arg(long)]
        member: Option<String>,
    },
    /// Reverse a transaction's commissions, with the reason
    Reverse {
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

pub async fn run(command: TxnCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    match command {
        TxnCommand::Record {
            member,
            service,
            amount,
            reference,
        } => {
            let new = NewNetworkTransaction {
                member: &member,
                service: &service,
                amount: &amount,
                reference: reference.as_deref(),
                notation: Notation::Plain,
            };
            let done =
                commissions::record_network_transaction(&store, &SystemClock, &session, new, &key)
                    .await?;
            print_created(
                context,
                &done,
                &format!("{service} transaction of {member} recorded"),
            )
        }
        TxnCommand::Import { file } => {
            let bytes = read_file(&file)?;
            let done =
                commissions::import_network_transactions(&store, &SystemClock, &session, &bytes)
                    .await?;
            if context.json {
                return print_json(&done);
            }
            println!(
                "{} line(s): {} recorded, {} recorded before, in {} batch(es)",
                done.lines, done.recorded, done.already_recorded, done.batches
            );
            Ok(())
        }
        TxnCommand::Show { id } => {
            let view = commissions::show_network_transaction(&store, &session, id).await?;
            print_transaction(context, &view)
        }
        TxnCommand::List { member } => {
            let list =
                commissions::list_network_transactions(&store, &session, member.as_deref()).await?;
            if context.json {
                return print_json(&list);
            }
            list.items.iter().for_each(print_line);
            Ok(())
        }
        TxnCommand::Reverse { id, reason } => {
            let done = commissions::reverse_network_transaction(
                &store,
                &SystemClock,
                &session,
                id,
                &reason,
                &key,
            )
            .await?;
            print_created(context, &done, &format!("transaction {id} reversed"))
        }
    }
}

fn print_transaction(context: &Context, view: &NetworkTransactionView) -> Result<(), Error> {
    if context.json {
        return print_json(view);
    }
    print_line(view);
    for c in &view.commissions {
        println!(
            "  {} {} ({}): margin {}, {} {}",
            c.member_id, c.member, c.role, c.margin, c.amount, view.currency
        );
    }
    if let Some(reason) = &view.reversal_reason {
        println!("  reversed: {reason}");
    }
    Ok(())
}

fn print_line(view: &NetworkTransactionView) {
    println!(
        "{} {} {} by {}: {} {}, commission {} ({}){}",
        view.id,
        view.status,
        view.service,
        view.member,
        view.amount,
        view.currency,
        view.commission,
        view.commission_rate,
        view.reference
            .as_deref()
            .map(|r| format!(", reference {r}"))
            .unwrap_or_default()
    );
}
