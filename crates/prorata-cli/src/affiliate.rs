//! `prorata affiliate add | tree | show | rates` and `prorata sale record`: a program's
//! affiliates, their downline, their commissions, the rates, and the sales they bring.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::affiliates::{self, AffiliateNodeView, AffiliateView, NewAffiliate, NewSale};
use prorata_app::clock::SystemClock;
use prorata_app::input::Notation;

use crate::context::Context;
use crate::output::print_json;
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum AffiliateCommand {
    /// Add an affiliate, below a parent or at the top (with its currency)
    Add {
        name: String,
        /// The parent, by referral code, id or name: it earns the override on this one's sales
        #[arg(long)]
        parent: Option<String>,
        /// The referral code; made from the name when not given
        #[arg(long)]
        code: Option<String>,
        /// Required at the top; a child earns in its parent's currency
        #[arg(long)]
        currency: Option<String>,
    },
    /// The downline tree, each affiliate with what it brought and earned
    Tree { affiliate: Option<String> },
    /// An affiliate's figures, payable, children and commission history
    Show { affiliate: String },
    /// The rates' versions; with both rates, an admin sets them from a day on (today)
    Rates {
        #[arg(long)]
        direct: Option<String>,
        #[arg(long = "override")]
        over: Option<String>,
        #[arg(long)]
        from: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SaleCommand {
    /// Record a sale an affiliate brought, with its direct and override commissions
    Record {
        /// The referring affiliate's referral code (or id, or name)
        #[arg(long)]
        affiliate: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        reference: Option<String>,
    },
}

pub async fn run(command: AffiliateCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    match command {
        AffiliateCommand::Add {
            name,
            parent,
            code,
            currency,
        } => {
            let new = NewAffiliate {
                name: &name,
                code: code.as_deref(),
                parent: parent.as_deref(),
                currency: currency.as_deref(),
            };
            let done = affiliates::add_affiliate(&store, &SystemClock, &session, new, &key).await?;
            print_created(context, &done, &format!("affiliate {name} added"))
        }
        AffiliateCommand::Tree { affiliate } => {
            let tree = affiliates::affiliate_tree(&store, &session, affiliate.as_deref()).await?;
            if context.json {
                return print_json(&tree);
            }
            tree.items.iter().for_each(print_node);
            Ok(())
        }
        AffiliateCommand::Show { affiliate } => {
            let view = affiliates::show_affiliate(&store, &session, &affiliate).await?;
            print_affiliate(context, &view)
        }
        AffiliateCommand::Rates { direct, over, from } => {
            if let (Some(direct), Some(over)) = (&direct, &over) {
                let done = affiliates::set_affiliate_rates(
                    &store,
                    &SystemClock,
                    &session,
                    (direct, over),
                    from.as_deref(),
                    Notation::Plain,
                    &key,
                )
                .await?;
                return print_created(context, &done, "the affiliate rates are set");
            }
            if direct.is_some() || over.is_some() || from.is_some() {
                return Err(Error::invalid("rates", "give both --direct and --override"));
            }
            let list = affiliates::list_affiliate_rates(&store, &session).await?;
            if context.json {
                return print_json(&list);
            }
            for r in &list.items {
                println!(
                    "from {}: direct {}, override {} (by {})",
                    r.effective_from, r.direct_rate, r.override_rate, r.set_by
                );
            }
            Ok(())
        }
    }
}

pub async fn run_sale(command: SaleCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    match command {
        SaleCommand::Record {
            affiliate,
            amount,
            reference,
        } => {
            let new = NewSale {
                affiliate: &affiliate,
                amount: &amount,
                reference: reference.as_deref(),
                notation: Notation::Plain,
            };
            let done = affiliates::record_sale(&store, &SystemClock, &session, new, &key).await?;
            print_created(context, &done, &format!("sale by {affiliate} recorded"))
        }
    }
}

fn print_affiliate(context: &Context, view: &AffiliateView) -> Result<(), Error> {
    if context.json {
        return print_json(view);
    }
    print_node(&view.affiliate);
    println!(
        "  payable {} ({} available) {}",
        view.payable, view.available, view.affiliate.currency
    );
    for c in &view.commissions {
        println!(
            "  {} sale {} by {}: {} {} of {} = {}",
            c.sold_on, c.sale_id, c.brought_by, c.kind, c.rate, c.sale_amount, c.amount
        );
    }
    Ok(())
}

fn print_node(node: &AffiliateNodeView) {
    println!(
        "{}{} {} [{}]: {} sale(s) of {} {}, earned {} direct and {} override",
        "  ".repeat(usize::try_from(node.depth).unwrap_or(0)),
        node.id,
        node.name,
        node.code,
        node.sales,
        node.sales_amount,
        node.currency,
        node.direct_earned,
        node.override_earned
    );
}
