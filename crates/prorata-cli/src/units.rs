//! `prorata units issue | transfer | redeem | holdings`: a deal's register of LP units.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::units::{self, HoldingsView, UnitMovement, UnitMovementKind};

use crate::context::Context;
use crate::output::print_json;
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum UnitsCommand {
    /// Issue units of a deal to an investor (officers)
    Issue {
        #[arg(long)]
        deal: String,
        #[arg(long)]
        investor: String,
        #[arg(long)]
        units: String,
        #[arg(long)]
        date: String,
    },
    /// Transfer units of a deal from one investor to another (officers)
    Transfer {
        #[arg(long)]
        deal: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        units: String,
        #[arg(long)]
        date: String,
    },
    /// Redeem units of a deal from an investor (officers)
    Redeem {
        #[arg(long)]
        deal: String,
        #[arg(long)]
        investor: String,
        #[arg(long)]
        units: String,
        #[arg(long)]
        date: String,
    },
    /// Who holds the deal's units, now or at the end of a day
    Holdings {
        #[arg(long)]
        deal: String,
        #[arg(long)]
        as_of: Option<String>,
    },
}

pub async fn run(command: UnitsCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let movement = match &command {
        UnitsCommand::Issue {
            deal,
            investor,
            units,
            date,
        } => moved(UnitMovementKind::Issue, deal, investor, None, units, date),
        UnitsCommand::Transfer {
            deal,
            from,
            to,
            units,
            date,
        } => moved(
            UnitMovementKind::Transfer,
            deal,
            to,
            Some(from),
            units,
            date,
        ),
        UnitsCommand::Redeem {
            deal,
            investor,
            units,
            date,
        } => moved(UnitMovementKind::Redeem, deal, investor, None, units, date),
        UnitsCommand::Holdings { deal, as_of } => {
            let view = units::holdings(&store, &session, deal, as_of.as_deref()).await?;
            return print_holdings(context, &view);
        }
    };
    let key = context.idempotency_key();
    let done = units::move_units(&store, &SystemClock, &session, movement, &key).await?;
    print_created(context, &done, &format!("units {}d", movement.kind))
}

fn moved<'a>(
    kind: UnitMovementKind,
    deal: &'a str,
    investor: &'a str,
    from: Option<&'a str>,
    units: &'a str,
    date: &'a str,
) -> UnitMovement<'a> {
    UnitMovement {
        kind,
        deal,
        investor,
        from,
        units,
        date,
    }
}

fn print_holdings(context: &Context, view: &HoldingsView) -> Result<(), Error> {
    if context.json {
        return print_json(view);
    }
    let when = view.as_of.as_deref().unwrap_or("now");
    println!(
        "{} ({}): {} units, {when}",
        view.deal, view.deal_id, view.total_units
    );
    for h in &view.items {
        println!(
            "  investor {:>6} {:<30} {:>28} {:>14}",
            h.investor_id, h.investor, h.units, h.ownership_percent
        );
    }
    Ok(())
}
