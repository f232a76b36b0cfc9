//! `prorata audit verify | log`.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::audit::{audit_log, verify_audit};
use prorata_app::input::optional_date;

use crate::context::Context;
use crate::output::print_json;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the keyed hash chain and name the first broken link, or the records missing
    /// at its end since this workstation last saw it
    Verify,
    /// The audit log, newest first
    Log {
        /// From this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only what this user did
        #[arg(long, value_name = "NAME")]
        actor: Option<String>,
    },
}

pub async fn run(command: AuditCommand, context: &Context) -> Result<(), Error> {
    match command {
        AuditCommand::Verify => {
            let (store, session) = context.sign_in().await?;
            let report = verify_audit(&store, &session).await?;
            if context.json {
                return print_json(&report);
            }
            println!(
                "the audit chain is intact: {} records verified",
                report.records
            );
            if let Some(seen) = report.seen_up_to {
                println!(
                    "nothing is missing at its end: this workstation had seen up to record {seen}"
                );
            }
            if report.unkeyed_records > 0 {
                println!(
                    "note: the first {} records are from before the chain was keyed: their order is \
                     proven, not who wrote them",
                    report.unkeyed_records
                );
            }
            Ok(())
        }
        AuditCommand::Log { since, actor } => {
            let since = optional_date("since", since.as_deref())?;
            let (store, session) = context.sign_in().await?;
            let log = audit_log(&store, &session, since, actor.as_deref()).await?;
            if context.json {
                return print_json(&log);
            }
            for entry in log.items {
                let reason = entry.reason.map(|r| format!(" ({r})")).unwrap_or_default();
                let origin = match (&entry.workstation, entry.front_end) {
                    (Some(host), Some(front_end)) => format!("{front_end}@{host}"),
                    _ => "unkeyed".to_owned(),
                };
                println!(
                    "{:>6}  {}  {:<16} {:<16} {:<20} {}{reason}",
                    entry.id, entry.recorded_at, entry.actor, entry.action, origin, entry.object
                );
            }
            Ok(())
        }
    }
}
