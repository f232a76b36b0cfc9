//! `prorata event create | calculate | approve | complete | cancel | show | list |
//! allocations`: LP distribution events, their proceeds allocated by units held.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::events::{self, AllocationView, EventSummaryView, EventView, NewEvent};
use prorata_app::input::Notation;
use prorata_app::responses::Items;

use crate::context::Context;
use crate::mfa::with_second_factor;
use crate::output::print_json;
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Draft an event on a deal, in the deal's currency (officers)
    Create {
        #[arg(long)]
        deal: String,
        /// revenue, exit, dividend or other
        #[arg(long = "type")]
        kind: String,
        #[arg(long)]
        title: String,
        /// The total to share, e.g. 25000.00
        #[arg(long)]
        amount: String,
        /// The distribution date
        #[arg(long)]
        date: String,
        #[arg(long)]
        description: Option<String>,
    },
    /// Snapshot the holdings (at the distribution date unless given) and allocate the total
    /// by units (officers)
    Calculate {
        id: i64,
        #[arg(long)]
        snapshot_date: Option<String>,
    },
    /// Approve a calculated event and post its entry (approvers; never its drafter or
    /// calculator; a code from PRORATA_TOTP or a prompt where the program requires one)
    Approve { id: i64 },
    /// Complete an active event by hand, with nothing pending against it (officers)
    Complete { id: i64 },
    /// Cancel an event with nothing withdrawn or pending against it (officers)
    Cancel {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// An event: its snapshot and every allocation
    Show { id: i64 },
    /// The program's events, newest first
    List {
        #[arg(long)]
        deal: Option<String>,
    },
    /// Allocations across events: one investor's, or everyone's
    Allocations {
        #[arg(long)]
        investor: Option<String>,
    },
}

pub async fn run(command: EventCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let (clock, key) = (&SystemClock, context.idempotency_key());
    match command {
        EventCommand::Create {
            deal,
            kind,
            title,
            amount,
            date,
            description,
        } => {
            let new = NewEvent {
                deal: &deal,
                kind: &kind,
                title: &title,
                description: description.as_deref(),
                amount: &amount,
                date: &date,
                notation: Notation::Plain,
            };
            let done = events::create_event(&store, clock, &session, new, &key).await?;
            print_created(context, &done, &format!("event drafted: {title}"))
        }
        EventCommand::Calculate { id, snapshot_date } => {
            let snapshot = snapshot_date.as_deref();
            let done = events::calculate_event(&store, clock, &session, id, snapshot, &key).await?;
            print_created(
                context,
                &done,
                "event calculated: its allocations are written",
            )
        }
        EventCommand::Approve { id } => {
            let done = with_second_factor(&store, async |factor| {
                events::approve_event(&store, clock, &session, id, factor, &key).await
            })
            .await?;
            print_created(context, &done, "event approved and posted")
        }
        EventCommand::Complete { id } => {
            let done = events::complete_event(&store, clock, &session, id, &key).await?;
            print_created(context, &done, "event completed")
        }
        EventCommand::Cancel { id, reason } => {
            let done = events::cancel_event(&store, clock, &session, id, &reason, &key).await?;
            print_created(context, &done, "event cancelled")
        }
        EventCommand::Show { id } => {
            print_event(context, &events::show_event(&store, &session, id).await?)
        }
        EventCommand::List { deal } => {
            let list = events::list_events(&store, &session, deal.as_deref()).await?;
            print_events(context, &list)
        }
        EventCommand::Allocations { investor } => {
            let list = events::list_allocations(&store, &session, investor.as_deref()).await?;
            print_allocations(context, &list)
        }
    }
}

fn print_event(context: &Context, e: &EventView) -> Result<(), Error> {
    if context.json {
        return print_json(e);
    }
    println!("event {} · {} · {} · {}", e.id, e.kind, e.title, e.status);
    println!(
        "deal {} · {} {} · distribution date {}",
        e.deal, e.total, e.currency, e.distribution_date
    );
    if let (Some(date), Some(units)) = (&e.snapshot_date, &e.total_units) {
        let per_unit = e.amount_per_unit.as_deref().unwrap_or("-");
        println!(
            "snapshot {date}: {units} units, {per_unit} {} a unit",
            e.currency
        );
    }
    let t = &e.totals;
    println!(
        "allocated {} = withdrawn {} + pending {} + available {}",
        t.allocated, t.withdrawn, t.pending, t.available
    );
    for a in &e.allocations {
        println!(
            "  allocation {:>6}  {:<24} {:>16} units {:>13} {:>14}  withdrawn {} pending {} available {}  {}",
            a.id,
            a.investor,
            a.units,
            a.ownership,
            a.amount,
            a.withdrawn,
            a.pending,
            a.available,
            a.status
        );
    }
    if let Some(reason) = &e.cancel_reason {
        println!("cancelled: {reason}");
    }
    Ok(())
}

fn print_events(context: &Context, list: &Items<EventSummaryView>) -> Result<(), Error> {
    if context.json {
        return print_json(list);
    }
    for e in &list.items {
        println!(
            "{:>6}  {:<10} {:<9} {:<24} {:<16} {:>14} {}  {}",
            e.id, e.status, e.kind, e.title, e.deal, e.total, e.currency, e.distribution_date
        );
    }
    Ok(())
}

fn print_allocations(context: &Context, list: &Items<AllocationView>) -> Result<(), Error> {
    if context.json {
        return print_json(list);
    }
    for a in &list.items {
        println!(
            "{:>6}  event {:>5} {:<20} {:<20} {:>13} {:>14} {}  withdrawn {} pending {} available {}  {}",
            a.id,
            a.event_id,
            a.event_title,
            a.investor,
            a.ownership,
            a.amount,
            a.currency,
            a.withdrawn,
            a.pending,
            a.available,
            a.status
        );
    }
    Ok(())
}
