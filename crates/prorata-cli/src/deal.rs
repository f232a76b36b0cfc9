//! `prorata partner add`, `investor add`, `deal create | list | show` and `invest`.

use clap::{Args, Subcommand};
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::deals::{self, DealDetail, DealView, NewDeal};
use prorata_app::input::Notation;

use crate::context::{Context, Passphrase, unlock_data_key};
use crate::output::{group_thousands, print_json};
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Add a partner, who runs deals
    Add { name: String },
    /// The program's partners
    List,
}

#[derive(Debug, Subcommand)]
pub enum InvestorCommand {
    /// Add an investor; an e-mail is sealed (the organisation passphrase may be asked)
    Add {
        name: String,
        #[arg(long)]
        email: Option<String>,
    },
    /// The program's investors (e-mails masked when the data key is at hand)
    List,
}

#[derive(Debug, Subcommand)]
pub enum DealCommand {
    /// Create a deal run by a partner, with its waterfall rates
    Create(CreateDeal),
    /// The program's deals
    List,
    /// A deal with its investments, performance, high-water mark history and distributions
    Show { deal: String },
    /// Close a deal: no new capital, and the daily run passes it by
    Close { deal: String },
}

#[derive(Debug, Args)]
pub struct CreateDeal {
    #[arg(long)]
    name: String,
    /// ISO 4217 code, e.g. USD
    #[arg(long)]
    currency: String,
    /// The partner's id or name
    #[arg(long)]
    partner: String,
    /// The partner's commission as a fraction of profit, e.g. 0.20
    #[arg(long = "partner-rate")]
    partner_rate: String,
    /// The platform's fee as a fraction of profit, e.g. 0.02
    #[arg(long = "platform-rate")]
    platform_rate: String,
    /// The circuit breaker: a day's move beyond this fraction is flagged (default 0.25)
    #[arg(long)]
    threshold: Option<String>,
}

#[derive(Debug, Args)]
pub struct Invest {
    #[arg(long)]
    deal: String,
    #[arg(long)]
    investor: String,
    #[arg(long)]
    amount: String,
    /// The date the capital entered the deal (YYYY-MM-DD)
    #[arg(long)]
    date: String,
}

pub async fn run_partner(command: PartnerCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    match command {
        PartnerCommand::Add { name } => {
            let created = deals::add_partner(
                &store,
                &SystemClock,
                &session,
                &name,
                &context.idempotency_key(),
            )
            .await?;
            print_created(context, &created, &format!("partner {name} added"))
        }
        PartnerCommand::List => {
            let partners = deals::list_partners(&store, &session).await?;
            if context.json {
                return print_json(&partners);
            }
            for p in partners.items {
                println!("{:>6}  {}", p.id, p.name);
            }
            Ok(())
        }
    }
}

pub async fn run_investor(command: InvestorCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    match command {
        InvestorCommand::Add { name, email } => {
            let data_key = match email {
                Some(_) => Some(unlock_data_key(&store, Passphrase { prompt: true }).await?),
                None => None,
            };
            let key = context.idempotency_key();
            let created = deals::add_investor(
                &store,
                &SystemClock,
                &session,
                &name,
                email.as_deref(),
                data_key,
                &key,
            )
            .await?;
            print_created(context, &created, &format!("investor {name} added"))
        }
        InvestorCommand::List => {
            let data_key = unlock_data_key(&store, Passphrase { prompt: false })
                .await
                .ok();
            let investors = deals::list_investors(&store, &session, data_key).await?;
            if context.json {
                return print_json(&investors);
            }
            for p in investors.items {
                println!(
                    "{:>6}  {:<30} {}",
                    p.id,
                    p.name,
                    p.email.unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}

fn print_deal_line(deal: &DealView) {
    println!(
        "{:>6}  {:<30} {:<8} {:>18} {}  partner {} ({} / {}), breaker {}",
        deal.id,
        deal.name,
        deal.status,
        group_thousands(&deal.capital),
        deal.currency,
        deal.partner,
        deal.partner_commission_rate,
        deal.platform_fee_rate,
        deal.circuit_breaker_threshold
    );
}

/// A deal's page as text: the deal, its investments, its value and mark, its distributions.
fn print_detail(detail: &DealDetail) {
    print_deal_line(&detail.deal);
    println!("investments:");
    for i in &detail.investments {
        println!(
            "  {}  {:<30} {:>18}",
            i.invested_on,
            i.investor,
            group_thousands(&i.amount)
        );
    }
    println!("value and high-water mark:");
    for point in &detail.history {
        println!(
            "  {}  {:>18}  mark {:>18}  {}",
            point.date,
            group_thousands(&point.value),
            group_thousands(&point.high_water_mark),
            point.status
        );
    }
    println!("distributions:");
    for d in &detail.distributions {
        println!(
            "  {:>6}  {}  {:<10} profit {:>16}",
            d.id,
            d.date,
            d.status,
            group_thousands(&d.profit)
        );
    }
}

pub async fn run_deal(command: DealCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    match command {
        DealCommand::Create(deal) => {
            let new = NewDeal {
                notation: Notation::Plain,
                name: &deal.name,
                currency: &deal.currency,
                partner: &deal.partner,
                partner_commission_rate: &deal.partner_rate,
                platform_fee_rate: &deal.platform_rate,
                circuit_breaker_threshold: deal.threshold.as_deref(),
            };
            let created = deals::create_deal(
                &store,
                &SystemClock,
                &session,
                new,
                &context.idempotency_key(),
            )
            .await?;
            print_created(context, &created, &format!("deal {} created", deal.name))
        }
        DealCommand::List => {
            let list = deals::list_deals(&store, &session).await?;
            if context.json {
                return print_json(&list);
            }
            list.items.iter().for_each(print_deal_line);
            Ok(())
        }
        DealCommand::Close { deal } => {
            let done = deals::close_deal(
                &store,
                &SystemClock,
                &session,
                &deal,
                &context.idempotency_key(),
            )
            .await?;
            print_created(context, &done, &format!("deal {deal} closed"))
        }
        DealCommand::Show { deal } => {
            let detail = deals::show_deal(&store, &session, &deal).await?;
            if context.json {
                return print_json(&detail);
            }
            print_detail(&detail);
            Ok(())
        }
    }
}

pub async fn run_invest(invest: Invest, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    let new = deals::NewInvestment {
        notation: Notation::Plain,
        deal: &invest.deal,
        investor: &invest.investor,
        amount: &invest.amount,
        date: &invest.date,
    };
    let created = deals::invest(&store, &SystemClock, &session, new, &key).await?;
    print_created(context, &created, "investment recorded")
}
