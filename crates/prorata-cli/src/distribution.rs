//! `prorata performance record | verify | list`, `distribution prepare | approve | post |
//! cancel | show | list` and `run daily`.

use clap::{Args, Subcommand};
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::deals::{self, DistributionView, NewPerformance};
use prorata_app::input::Notation;
use prorata_app::responses::Items;

use crate::context::Context;
use crate::mfa::with_second_factor;
use crate::output::{group_thousands, print_json};
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum PerformanceCommand {
    /// Record a deal's value on a date (officers)
    Record(Record),
    /// Verify a recorded value (approvers; never the one who recorded it)
    Verify { id: i64 },
    /// A deal's records, oldest first
    List {
        #[arg(long)]
        deal: String,
    },
}

#[derive(Debug, Args)]
pub struct Record {
    #[arg(long)]
    deal: String,
    #[arg(long)]
    date: String,
    #[arg(long)]
    value: String,
    #[arg(long = "market-conditions")]
    market_conditions: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DistributionCommand {
    /// Prepare a deal's distribution for a date from its verified value (officers)
    Prepare {
        #[arg(long)]
        deal: String,
        #[arg(long)]
        date: String,
    },
    /// Approve one or more reviewed distributions at once (approvers; never their preparer)
    Approve {
        #[arg(required = true)]
        ids: Vec<i64>,
        /// Required for a distribution flagged by the circuit breaker; recorded in the audit log
        #[arg(long = "override-reason")]
        override_reason: Option<String>,
    },
    /// Post approved distributions to the ledger
    Post {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Cancel a distribution that is not posted, with a reason
    Cancel {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Correct a posted distribution: prepare its reversal (approved and posted like any
    /// distribution), after which the date can be prepared again
    Reverse {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// The whole calculation of a distribution, share by share
    Show { id: i64 },
    /// Distributions, newest first
    List {
        #[arg(long)]
        deal: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RunCommand {
    /// Prepare the distribution of every active deal with a verified value for the date
    Daily {
        #[arg(long)]
        date: String,
    },
}

pub async fn run_performance(command: PerformanceCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    match command {
        PerformanceCommand::Record(r) => {
            let new = NewPerformance {
                notation: Notation::Plain,
                deal: &r.deal,
                date: &r.date,
                value: &r.value,
                market_conditions: r.market_conditions.as_deref(),
                notes: r.notes.as_deref(),
            };
            let recorded = deals::record_performance(
                &store,
                &SystemClock,
                &session,
                new,
                &context.idempotency_key(),
            )
            .await?;
            for warning in &recorded.warnings {
                eprintln!("warning: {warning}");
            }
            if context.json {
                return print_json(&recorded);
            }
            println!(
                "performance recorded (id {}), change {}",
                recorded.id,
                recorded.change.as_deref().unwrap_or("from zero")
            );
            Ok(())
        }
        PerformanceCommand::Verify { id } => {
            let done = deals::verify_performance(
                &store,
                &SystemClock,
                &session,
                id,
                &context.idempotency_key(),
            )
            .await?;
            print_created(context, &done, &format!("performance record {id} verified"))
        }
        PerformanceCommand::List { deal } => {
            let list = deals::list_performance(&store, &session, &deal).await?;
            if context.json {
                return print_json(&list);
            }
            for r in list.items {
                let flag = if r.flagged { "FLAGGED" } else { "" };
                println!(
                    "{:>6}  {}  {:>18}  {:>9}  {:<9} {}",
                    r.id,
                    r.date,
                    group_thousands(&r.value),
                    r.change.as_deref().unwrap_or("-"),
                    r.status,
                    flag
                );
            }
            Ok(())
        }
    }
}

fn print_distribution(d: &DistributionView) {
    println!(
        "distribution {} of deal {} ({}) for {}: {}",
        d.id, d.deal, d.deal_id, d.date, d.status
    );
    let line = |label: &str, value: &str| {
        println!(
            "  {label:<22} {:>18} {}",
            group_thousands(value),
            d.currency
        )
    };
    line("value", &d.value);
    line("high-water mark", &d.high_water_mark);
    line("profit", &d.profit);
    line(
        &format!("partner ({})", d.partner_commission_rate),
        &d.partner_commission,
    );
    line(
        &format!("platform ({})", d.platform_fee_rate),
        &d.platform_fee,
    );
    line("investor pool", &d.investor_pool);
    if d.flagged {
        let because = d
            .flagged_because
            .as_deref()
            .unwrap_or("the value moved beyond the deal's threshold");
        println!(
            "  FLAGGED by the circuit breaker: {because}; override: {}",
            d.override_reason.as_deref().unwrap_or("none yet")
        );
    }
    for s in &d.shares {
        println!(
            "  {:>6}  {:<30} {:>18}  {:>10}  {:>16}  {}",
            s.investment_id,
            s.investor,
            group_thousands(&s.investment),
            s.share_percent,
            group_thousands(&s.amount),
            s.payout_status
        );
    }
}

/// What a set of distributions came to: the items as JSON, or a line naming them.
fn print_set<T: serde::Serialize>(
    context: &Context,
    done: &Items<T>,
    what: &str,
    ids: &[i64],
) -> Result<(), Error> {
    if context.json {
        return print_json(done);
    }
    println!("{} distribution(s) {what}: {ids:?}", done.items.len());
    Ok(())
}

fn print_distribution_line(d: &DistributionView) {
    println!(
        "{:>6}  {}  {:<30} {:<10} profit {:>16} {}",
        d.id,
        d.date,
        d.deal,
        d.status,
        group_thousands(&d.profit),
        d.currency
    );
}

pub async fn run_distribution(
    command: DistributionCommand,
    context: &Context,
) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    match command {
        DistributionCommand::Prepare { deal, date } => {
            let created =
                deals::prepare_distribution(&store, &SystemClock, &session, &deal, &date, &key)
                    .await?;
            print_created(
                context,
                &created,
                &format!("distribution prepared for {date}"),
            )
        }
        DistributionCommand::Approve {
            ids,
            override_reason,
        } => {
            let (reason, clock) = (override_reason.as_deref(), &SystemClock);
            let done = with_second_factor(&store, async |factor| {
                deals::approve_distributions(&store, clock, &session, &ids, reason, factor, &key)
                    .await
            })
            .await?;
            print_set(context, &done, "approved", &ids)
        }
        DistributionCommand::Post { ids } => {
            let done =
                deals::post_distributions(&store, &SystemClock, &session, &ids, &key).await?;
            print_set(context, &done, "posted to the ledger", &ids)
        }
        DistributionCommand::Cancel { id, reason } => {
            let done =
                deals::cancel_distribution(&store, &SystemClock, &session, id, &reason, &key)
                    .await?;
            print_created(context, &done, &format!("distribution {id} cancelled"))
        }
        DistributionCommand::Reverse { id, reason } => {
            let done =
                deals::reverse_distribution(&store, &SystemClock, &session, id, &reason, &key)
                    .await?;
            print_created(
                context,
                &done,
                &format!("reversal of distribution {id} prepared"),
            )
        }
        DistributionCommand::Show { id } => {
            let d = deals::show_distribution(&store, &session, id).await?;
            if context.json {
                return print_json(&d);
            }
            print_distribution(&d);
            Ok(())
        }
        DistributionCommand::List { deal } => {
            let list = deals::list_distributions(&store, &session, deal.as_deref()).await?;
            if context.json {
                return print_json(&list);
            }
            list.items.iter().for_each(print_distribution_line);
            Ok(())
        }
    }
}

pub async fn run_run(command: RunCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let RunCommand::Daily { date } = command;
    let mut progress =
        |done: usize, total: usize| eprintln!("run daily {date}: {done}/{total} deals");
    let report = deals::run_daily(
        &store,
        &SystemClock,
        &session,
        &date,
        &context.idempotency_key(),
        &mut progress,
    )
    .await?;
    if context.json {
        return print_json(&report);
    }
    println!(
        "run daily {}: {} deals, {} prepared, {} skipped",
        report.date,
        report.deals,
        report.prepared.len(),
        report.skipped.len()
    );
    for p in &report.prepared {
        println!(
            "  prepared  deal {:>6} {:<30} distribution {:>6}  profit {:>16} {}",
            p.deal_id,
            p.deal,
            p.distribution_id,
            group_thousands(&p.profit),
            p.currency
        );
    }
    for s in &report.skipped {
        println!(
            "  skipped   deal {:>6} {:<30} {}",
            s.deal_id, s.deal, s.reason
        );
    }
    for r in &report.wallets_released {
        println!(
            "  released  {} wallet credit(s) of {} {} to members",
            r.credits,
            group_thousands(&r.amount),
            r.currency
        );
    }
    Ok(())
}
