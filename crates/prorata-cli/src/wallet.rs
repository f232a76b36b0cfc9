//! `prorata wallet release | lock | unlock | list | show`: community members' wallets.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::revenue::{self, WalletView};

use crate::context::Context;
use crate::output::print_json;
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum WalletCommand {
    /// Release every credit whose holding period has passed, as available (officers, admins)
    Release {
        /// Release what is due on or before this day (today unless given)
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Lock a member's wallet: nothing is withdrawn from it until it is unlocked
    Lock {
        member: String,
        #[arg(long)]
        reason: String,
    },
    /// Unlock a member's wallet (an approver or admin who did not lock it)
    Unlock {
        member: String,
        #[arg(long)]
        reason: String,
    },
    /// Every member's wallet: pending, available, open or locked
    List {
        #[arg(long)]
        community: Option<String>,
    },
    /// A member's wallet with every lock and unlock
    Show { member: String },
}

pub async fn run(command: WalletCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    match command {
        WalletCommand::Release { as_of } => {
            let done = revenue::release_wallet_credits(
                &store,
                &SystemClock,
                &session,
                as_of.as_deref(),
                &key,
            )
            .await?;
            if context.json {
                return print_json(&done);
            }
            println!("wallet credits released up to {}", done.as_of);
            for r in &done.released {
                println!("  {} credit(s), {} {}", r.credits, r.amount, r.currency);
            }
            Ok(())
        }
        WalletCommand::Lock { member, reason } => {
            let done = revenue::set_wallet_lock(
                &store,
                &SystemClock,
                &session,
                &member,
                true,
                &reason,
                &key,
            )
            .await?;
            print_created(context, &done, &format!("the wallet of {member} is locked"))
        }
        WalletCommand::Unlock { member, reason } => {
            let done = revenue::set_wallet_lock(
                &store,
                &SystemClock,
                &session,
                &member,
                false,
                &reason,
                &key,
            )
            .await?;
            print_created(
                context,
                &done,
                &format!("the wallet of {member} is unlocked"),
            )
        }
        WalletCommand::List { community } => {
            let list = revenue::list_wallets(&store, &session, community.as_deref()).await?;
            if context.json {
                return print_json(&list);
            }
            for w in &list.items {
                print_wallet(w);
            }
            Ok(())
        }
        WalletCommand::Show { member } => {
            let view = revenue::show_wallet(&store, &session, &member).await?;
            print_wallet_history(context, &view)
        }
    }
}

fn print_wallet_history(context: &Context, view: &WalletView) -> Result<(), Error> {
    if context.json {
        return print_json(view);
    }
    print_wallet(view);
    for l in &view.locks {
        let act = if l.locked { "locked" } else { "unlocked" };
        println!("  {act} by {} at {}: {}", l.acted_by, l.acted_at, l.reason);
    }
    for m in &view.history {
        let due = m
            .available_on
            .as_ref()
            .map(|d| format!(", available on {d}"))
            .unwrap_or_default();
        let of = if m.kind == "credit" {
            "of revenue"
        } else {
            "withdrawal"
        };
        println!(
            "  {} {:<10} {:>14} {} {of} {} ({}{due})",
            m.date, m.kind, m.amount, view.currency, m.id, m.status
        );
    }
    Ok(())
}

fn print_wallet(w: &WalletView) {
    println!(
        "{} {} ({} in {}): {}, pending {} {}, available {} {} (credited {}, withdrawn {})",
        w.member_id,
        w.member,
        w.role,
        w.community,
        w.status,
        w.pending,
        w.currency,
        w.available,
        w.currency,
        w.credited,
        w.withdrawn
    );
}
