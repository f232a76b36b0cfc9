//! `prorata community add | member add | show | list` and `prorata revenue record | import |
//! settle | release | report | show | list`: communities with their role shares and members, and their revenue split
//! under the fee schedule into members' wallets.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::input::Notation;
use prorata_app::revenue::{
    self, CommunityView, NewCommunity, NewMember, NewRevenue, NewSettlement, RevenueReportView,
    RevenueView,
};

use crate::context::Context;
use crate::output::{print_json, read_file};
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum CommunityCommand {
    /// Add a community with its role shares, which add up to 100% (officers and admins)
    Add {
        name: String,
        #[arg(long)]
        currency: String,
        /// Each role's share of the net pool: owner=R admin_team=R moderator_team=R event_team=R
        #[arg(long = "role-share", num_args = 1.., required = true)]
        role_share: Vec<String>,
    },
    /// Members of a community
    #[command(subcommand)]
    Member(MemberCommand),
    /// A community with its shares and members
    Show { community: String },
    /// The program's communities
    List,
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member to a community in one of its roles
    Add {
        community: String,
        name: String,
        #[arg(long)]
        role: String,
        /// The member's weight within the role (1 unless given)
        #[arg(long)]
        weight: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RevenueCommand {
    /// Record a community's revenue: split under the fee schedule in effect on its day (officers)
    Record {
        #[arg(long)]
        community: String,
        /// event, sponsor, premium or custom
        #[arg(long)]
        source: String,
        #[arg(long)]
        gross: String,
        #[arg(long)]
        date: String,
        /// The payment gateway that collected it (default unless given)
        #[arg(long)]
        gateway: Option<String>,
        #[arg(long)]
        reference: Option<String>,
    },
    /// Record a CSV file of transactions (columns key, community, source, gross, date and
    /// optionally gateway, reference), checked whole first, then in batches of 1,000 (officers)
    Import { file: std::path::PathBuf },
    /// A gateway paid what it collected up to a day into a bank account, less its fees
    Settle {
        #[arg(long)]
        gateway: String,
        #[arg(long)]
        bank: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        reference: Option<String>,
    },
    /// Release a transaction held for review (approvers, admins; not its recorder)
    Release {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Revenue per month and currency (gross, GST collected, gateway charges, platform
    /// earnings, net, wallet payouts) and the top communities; the last 12 months unless given
    Report {
        /// The first month, such as 2026-01
        #[arg(long)]
        from: Option<String>,
        /// The last month, such as 2026-12
        #[arg(long)]
        to: Option<String>,
        /// Also write the report as a PDF document to this file
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
    },
    /// A transaction with every step of its split and its members' credits
    Show { id: i64 },
    /// The program's transactions, the newest first
    List {
        #[arg(long)]
        community: Option<String>,
    },
}

pub async fn run_community(command: CommunityCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    match command {
        CommunityCommand::Add {
            name,
            currency,
            role_share,
        } => {
            let new = NewCommunity {
                name: &name,
                currency: &currency,
                role_shares: &role_share,
                notation: Notation::Plain,
            };
            let done = revenue::add_community(&store, &SystemClock, &session, new, &key).await?;
            print_created(context, &done, &format!("community {name} added"))
        }
        CommunityCommand::Member(MemberCommand::Add {
            community,
            name,
            role,
            weight,
        }) => {
            let new = NewMember {
                community: &community,
                name: &name,
                role: &role,
                weight: weight.as_deref(),
            };
            let done = revenue::add_member(&store, &SystemClock, &session, new, &key).await?;
            print_created(
                context,
                &done,
                &format!("{name} added to {community} as {role}"),
            )
        }
        CommunityCommand::Show { community } => {
            let view = revenue::show_community(&store, &session, &community).await?;
            print_community(context, &view)
        }
        CommunityCommand::List => {
            let list = revenue::list_communities(&store, &session).await?;
            if context.json {
                return print_json(&list);
            }
            for view in &list.items {
                println!(
                    "{} {} ({}): {} member(s)",
                    view.id,
                    view.name,
                    view.currency,
                    view.members.len()
                );
            }
            Ok(())
        }
    }
}

fn print_community(context: &Context, view: &CommunityView) -> Result<(), Error> {
    if context.json {
        return print_json(view);
    }
    println!("community {} {} ({})", view.id, view.name, view.currency);
    for share in &view.role_shares {
        println!("  {} {}", share.role, share.share);
    }
    for m in &view.members {
        println!(
            "  member {} {}: {} weight {} ({})",
            m.id, m.name, m.role, m.weight, m.wallet
        );
    }
    let t = &view.totals;
    println!(
        "  {} transaction(s): gross {}, GST {}, gateway fees {}, platform fees {}, net {}, withdrawn {}",
        t.transactions, t.gross, t.gst, t.gateway_fees, t.platform_fees, t.net, t.withdrawn
    );
    Ok(())
}

pub async fn run_revenue(command: RevenueCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    match command {
        RevenueCommand::Record {
            community,
            source,
            gross,
            date,
            gateway,
            reference,
        } => {
            let new = NewRevenue {
                community: &community,
                source: &source,
                gross: &gross,
                date: &date,
                gateway: gateway.as_deref(),
                reference: reference.as_deref(),
                notation: Notation::Plain,
            };
            record(context, (&store, &session), new, &key).await
        }
        RevenueCommand::Import { file } => import(context, &store, &session, &file).await,
        RevenueCommand::Settle {
            gateway,
            bank,
            amount,
            date,
            reference,
        } => {
            let new = NewSettlement {
                gateway: &gateway,
                bank: &bank,
                amount: &amount,
                date: &date,
                reference: reference.as_deref(),
                notation: Notation::Plain,
            };
            settle(context, (&store, &session), new, &key).await
        }
        RevenueCommand::Release { id, reason } => {
            let done =
                revenue::release_revenue_hold(&store, &SystemClock, &session, id, &reason, &key)
                    .await?;
            print_created(context, &done, "the hold is released")
        }
        RevenueCommand::Report { from, to, pdf } => {
            report(
                context,
                &store,
                &session,
                (from.as_deref(), to.as_deref()),
                pdf.as_deref(),
            )
            .await
        }
        RevenueCommand::Show { id } => {
            let view = revenue::show_revenue(&store, &session, id).await?;
            print_revenue(context, &view)
        }
        RevenueCommand::List { community } => {
            let list = revenue::list_revenue(&store, &session, community.as_deref()).await?;
            print_revenue_list(context, &list.items)
        }
    }
}

async fn import(
    context: &Context,
    store: &prorata_app::Store,
    session: &prorata_app::session::Session,
    file: &std::path::Path,
) -> Result<(), Error> {
    let bytes = read_file(file)?;
    let done = revenue::import_revenue(store, &SystemClock, session, &bytes).await?;
    if context.json {
        return print_json(&done);
    }
    println!(
        "{} line(s) in {} batch(es): {} recorded, {} recorded before",
        done.lines, done.batches, done.recorded, done.already_recorded
    );
    if done.held_for_review > 0 {
        eprintln!(
            "warning: {} transaction(s) are far above their community's usual: their credits are held until an approver releases them (revenue list shows them held)",
            done.held_for_review
        );
    }
    Ok(())
}

async fn record(
    context: &Context,
    (store, session): (&prorata_app::Store, &prorata_app::session::Session),
    new: NewRevenue<'_>,
    key: &str,
) -> Result<(), Error> {
    let done = revenue::record_revenue(store, &SystemClock, session, new, key).await?;
    warn_if_held(store, session, done.id).await?;
    let message = format!("{} revenue of {} recorded", new.source, new.gross);
    print_created(context, &done, &message)
}

async fn settle(
    context: &Context,
    (store, session): (&prorata_app::Store, &prorata_app::session::Session),
    new: NewSettlement<'_>,
    key: &str,
) -> Result<(), Error> {
    let done = revenue::settle_gateway(store, &SystemClock, session, new, key).await?;
    let message = format!(
        "{} settled {} transaction(s): {} gross less {} fees",
        new.gateway,
        done.transactions.len(),
        done.gross,
        done.fees
    );
    print_created(context, &done, &message)
}

/// The report on the terminal, and also as a PDF document when a file is given.
async fn report(
    context: &Context,
    store: &prorata_app::Store,
    session: &prorata_app::session::Session,
    period: (Option<&str>, Option<&str>),
    pdf: Option<&std::path::Path>,
) -> Result<(), Error> {
    if let Some(out) = pdf {
        let done = revenue::write_revenue_report(store, &SystemClock, session, period, out).await?;
        eprintln!(
            "{} written to {} ({} page(s), SHA-256 {})",
            done.report_id, done.file, done.pages, done.sha256
        );
    }
    let report = revenue::revenue_report(store, &SystemClock, session, period.0, period.1).await?;
    print_report(context, &report)
}

fn print_report(context: &Context, r: &RevenueReportView) -> Result<(), Error> {
    if context.json {
        return print_json(r);
    }
    println!("community revenue {} to {}", r.from, r.to);
    println!(
        "  {:<7} {:<3} {:>6} {:>16} {:>14} {:>14} {:>14} {:>16} {:>14}",
        "month", "", "count", "gross", "GST", "gateway", "platform", "net", "paid out"
    );
    for m in &r.months {
        println!(
            "  {:<7} {:<3} {:>6} {:>16} {:>14} {:>14} {:>14} {:>16} {:>14}",
            m.month,
            m.currency,
            m.transactions,
            m.gross,
            m.gst_collected,
            m.gateway_charges,
            m.platform_earnings,
            m.net,
            m.paid_out
        );
    }
    for c in &r.top_communities {
        println!(
            "  top: {} ({}): {} transaction(s), gross {} net {}",
            c.community, c.currency, c.transactions, c.gross, c.net
        );
    }
    Ok(())
}

/// Says so on stderr when a transaction just recorded is held for review.
async fn warn_if_held(
    store: &prorata_app::Store,
    session: &prorata_app::session::Session,
    id: i64,
) -> Result<(), Error> {
    if revenue::show_revenue(store, session, id).await?.review == "held" {
        eprintln!(
            "warning: revenue transaction {id} is far above the community's usual: its credits are held until an approver releases them (revenue release {id} --reason ...)"
        );
    }
    Ok(())
}

fn print_revenue_list(context: &Context, items: &[RevenueView]) -> Result<(), Error> {
    if context.json {
        return print_json(&serde_json::json!({ "items": items }));
    }
    for v in items {
        println!(
            "{} {} {} {} {} {}: gross {} net {} ({})",
            v.id, v.date, v.status, v.community, v.source, v.currency, v.gross, v.net, v.gateway
        );
    }
    Ok(())
}

fn print_revenue(context: &Context, v: &RevenueView) -> Result<(), Error> {
    if context.json {
        return print_json(v);
    }
    println!(
        "revenue {} ({}) of {} on {}: {} {} via {}, schedule version {}",
        v.id, v.status, v.community, v.date, v.source, v.currency, v.gateway, v.fee_schedule_id
    );
    println!("  gross            {}", v.gross);
    println!("  GST ({})        {}", v.gst_rate, v.gst);
    println!(
        "  gateway fee ({}) {} + GST {}",
        v.gateway_fee_rate, v.gateway_fee, v.gateway_fee_gst
    );
    println!(
        "  platform fee ({}) {} + GST {}",
        v.platform_fee_rate, v.platform_fee, v.platform_fee_gst
    );
    println!("  net pool         {}", v.net);
    for r in &v.roles {
        println!("  {} ({}) {}", r.role, r.share, r.amount);
    }
    for c in &v.credits {
        println!(
            "    {} {} {}: {} {} from {}",
            c.member_id, c.member, c.role, c.amount, c.status, c.available_on
        );
    }
    Ok(())
}
