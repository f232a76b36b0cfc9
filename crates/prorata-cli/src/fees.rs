//! `prorata fees set | show`: the program's fee schedule for community revenue, a version per
//! day it takes effect.

use clap::{Subcommand, ValueEnum};
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::fees::{self, FeeScheduleView, FeeSchedulesView, NewFeeSchedule};
use prorata_app::input::Notation;

use crate::context::Context;
use crate::output::print_json;
use crate::user::print_created;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

#[derive(Debug, Subcommand)]
pub enum FeesCommand {
    /// Set a new version of the fee schedule, taking effect on a day (admins)
    Set {
        /// GST on the gross, e.g. 0.18
        #[arg(long)]
        gst_rate: String,
        /// The payment gateway's fee on what is left after GST, e.g. 0.02
        #[arg(long = "gateway-rate")]
        gateway_rate: String,
        /// The gateway's fixed fee per transaction, in the transaction's currency
        #[arg(long = "gateway-fixed")]
        gateway_fixed: Option<String>,
        /// Whether GST is charged on the gateway's fee
        #[arg(long = "gateway-gst", value_enum, default_value = "yes")]
        gateway_gst: YesNo,
        /// The platform's fee per source: event=R sponsor=R premium=R custom=R
        #[arg(long = "platform-rate", num_args = 1.., required = true)]
        platform_rate: Vec<String>,
        /// Whether GST is charged on the platform's fee
        #[arg(long = "platform-gst", value_enum, default_value = "no")]
        platform_gst: YesNo,
        /// Days a member's credit stays pending before it is available (7 unless given)
        #[arg(long = "holding-days")]
        holding_days: Option<u32>,
        /// Hold transactions above this multiple of their community's 30-day median (5 unless given)
        #[arg(long = "anomaly-multiple")]
        anomaly_multiple: Option<String>,
        /// The day the version takes effect
        #[arg(long)]
        from: String,
    },
    /// The version in effect (today unless given) and every version
    Show {
        #[arg(long)]
        as_of: Option<String>,
    },
}

pub async fn run(command: FeesCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    match command {
        FeesCommand::Set {
            gst_rate,
            gateway_rate,
            gateway_fixed,
            gateway_gst,
            platform_rate,
            platform_gst,
            holding_days,
            anomaly_multiple,
            from,
        } => {
            let new = NewFeeSchedule {
                gst_rate: &gst_rate,
                gateway_fee_rate: &gateway_rate,
                gateway_fixed_fee: gateway_fixed.as_deref(),
                gateway_fee_gst: matches!(gateway_gst, YesNo::Yes),
                platform_fee_rates: &platform_rate,
                platform_fee_gst: matches!(platform_gst, YesNo::Yes),
                holding_days,
                anomaly_multiple: anomaly_multiple.as_deref(),
                effective_from: &from,
                notation: Notation::Plain,
            };
            let key = context.idempotency_key();
            let done = fees::set_fee_schedule(&store, &SystemClock, &session, new, &key).await?;
            for warning in &done.warnings {
                eprintln!("warning: {warning}");
            }
            print_created(
                context,
                &done,
                &format!("fee schedule set, in effect from {from}"),
            )
        }
        FeesCommand::Show { as_of } => {
            let view =
                fees::show_fee_schedules(&store, &SystemClock, &session, as_of.as_deref()).await?;
            print_schedules(context, &view)
        }
    }
}

fn print_schedules(context: &Context, view: &FeeSchedulesView) -> Result<(), Error> {
    if context.json {
        return print_json(view);
    }
    match &view.in_effect {
        Some(s) => println!("in effect on {}: {}", view.as_of, words(s)),
        None => println!("no fee schedule is in effect on {}", view.as_of),
    }
    for s in &view.versions {
        println!("  version {} from {}: {}", s.id, s.effective_from, words(s));
    }
    Ok(())
}

fn words(s: &FeeScheduleView) -> String {
    let yes = |b: bool| if b { "with GST" } else { "no GST" };
    let p = &s.platform_fee_rates;
    format!(
        "GST {}; gateway {} + {} fixed ({}); platform event {} sponsor {} premium {} custom {} ({}); held {} days; above {}x the median held for review",
        s.gst_rate,
        s.gateway_fee_rate,
        s.gateway_fixed_fee,
        yes(s.gateway_fee_gst),
        p.event,
        p.sponsor,
        p.premium,
        p.custom,
        yes(s.platform_fee_gst),
        s.holding_days,
        s.anomaly_multiple
    )
}
