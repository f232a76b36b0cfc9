//! `prorata scheme add | set | list | chain`: the program's tree of commission schemes and their
//! rates per service and role.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::commissions::{self, SchemeChainView};

use crate::context::Context;
use crate::output::print_json;
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum SchemeCommand {
    /// Add a scheme under a parent, or the program's root without one (admins)
    Add {
        name: String,
        #[arg(long)]
        parent: Option<String>,
    },
    /// Set some roles' rates for a service; the roles not named stay as they were (the
    /// scheme's creator or an admin)
    Set {
        scheme: String,
        #[arg(long)]
        service: String,
        /// ROLE=RATE or ROLE=inherit; roles: admin, white_label, master_distributor,
        /// distributor, retailer, customer
        #[arg(long, num_args = 1.., required = true)]
        rate: Vec<String>,
    },
    /// The program's schemes as a tree, the root first
    List,
    /// The scheme and its ancestors up to the root: what each sets and what it resolves to
    Chain {
        scheme: String,
        #[arg(long)]
        service: String,
    },
}

pub async fn run(command: SchemeCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    match command {
        SchemeCommand::Add { name, parent } => {
            let done = commissions::add_scheme(
                &store,
                &SystemClock,
                &session,
                &name,
                parent.as_deref(),
                &key,
            )
            .await?;
            print_created(context, &done, &format!("scheme {name} added"))
        }
        SchemeCommand::Set {
            scheme,
            service,
            rate,
        } => {
            let done = commissions::set_scheme_rates(
                &store,
                &SystemClock,
                &session,
                (&scheme, &service),
                &rate,
                &key,
            )
            .await?;
            print_created(
                context,
                &done,
                &format!("scheme {scheme}: {service} rates set"),
            )
        }
        SchemeCommand::List => {
            let list = commissions::list_schemes(&store, &session).await?;
            if context.json {
                return print_json(&list);
            }
            for s in &list.items {
                let indent = "  ".repeat(usize::try_from(s.depth).unwrap_or(0));
                println!("{indent}{} {} (by {})", s.id, s.name, s.created_by);
            }
            Ok(())
        }
        SchemeCommand::Chain { scheme, service } => {
            let view = commissions::scheme_chain(&store, &session, &scheme, &service).await?;
            print_chain(context, &view)
        }
    }
}

fn print_chain(context: &Context, view: &SchemeChainView) -> Result<(), Error> {
    if context.json {
        return print_json(view);
    }
    println!("service {}", view.service);
    for level in &view.levels {
        println!(
            "scheme {} {} (by {})",
            level.id, level.name, level.created_by
        );
        for r in &level.rates {
            let set = r.set.as_deref().unwrap_or("inherit");
            println!("  {:<19} set {:<10} resolved {}", r.role, set, r.resolved);
        }
    }
    Ok(())
}
