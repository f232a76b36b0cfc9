//! `prorata member add | list`: the distribution network's members, each with a role, a
//! commission scheme and an upline of a strictly higher role.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::commissions::{self, NewMember};

use crate::context::Context;
use crate::output::print_json;
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member below an upline of a strictly higher role (an admin has none)
    Add {
        name: String,
        /// admin, white_label, master_distributor, distributor, retailer or customer
        #[arg(long)]
        role: String,
        #[arg(long)]
        upline: Option<String>,
        #[arg(long)]
        scheme: String,
        /// The network's currency: required for an admin; below, the upline's
        #[arg(long)]
        currency: Option<String>,
    },
    /// The network's members, each with its upline and scheme
    List,
}

pub async fn run(command: MemberCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    match command {
        MemberCommand::Add {
            name,
            role,
            upline,
            scheme,
            currency,
        } => {
            let new = NewMember {
                name: &name,
                role: &role,
                upline: upline.as_deref(),
                scheme: &scheme,
                currency: currency.as_deref(),
            };
            let key = context.idempotency_key();
            let done =
                commissions::add_network_member(&store, &SystemClock, &session, new, &key).await?;
            print_created(context, &done, &format!("{name} added as {role}"))
        }
        MemberCommand::List => {
            let list = commissions::list_network_members(&store, &session).await?;
            if context.json {
                return print_json(&list);
            }
            for m in &list.items {
                let upline = m.upline.as_deref().unwrap_or("-");
                let currency = m.currency.as_deref().unwrap_or("-");
                println!(
                    "{} {} ({}), upline {upline}, scheme {}, {currency}",
                    m.id, m.name, m.role, m.scheme
                );
            }
            Ok(())
        }
    }
}
