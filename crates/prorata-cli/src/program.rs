//! `prorata program add | list | set | status`.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::{affiliates, control};

use prorata_app::second_factor::set_second_factor_rule;

use crate::context::Context;
use crate::mfa::with_second_factor;
use crate::output::print_json;
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum ProgramCommand {
    /// Add a program; you become its first admin
    Add {
        slug: String,
        #[arg(long)]
        name: String,
    },
    /// The programs you have a role in
    List,
    /// This program's status; with STATUS, an admin pauses (paused), resumes (active) or closes
    /// (closed) it: only an active program takes new business
    Status {
        /// active, paused or closed
        status: Option<String>,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Change this program's rules (admin)
    Set {
        /// `required`: a fresh code from one's authenticator approves distributions and
        /// batches and executes a batch (programs made now start so); `optional`: no code.
        /// Turning it off takes your own code when you have an authenticator.
        #[arg(long, value_name = "required|optional")]
        second_factor: SecondFactorRuleArg,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SecondFactorRuleArg {
    Required,
    Optional,
}

pub async fn run(command: ProgramCommand, context: &Context) -> Result<(), Error> {
    match command {
        ProgramCommand::Add { slug, name } => {
            let (store, session) = context.sign_in().await?;
            let key = context.idempotency_key();
            let created =
                control::add_program(&store, &SystemClock, &session, &slug, &name, &key).await?;
            print_created(context, &created, &format!("program {slug} added"))
        }
        ProgramCommand::Set { second_factor } => {
            let (store, session) = context.sign_in().await?;
            let required = matches!(second_factor, SecondFactorRuleArg::Required);
            let key = context.idempotency_key();
            let rule = with_second_factor(&store, async |factor| {
                set_second_factor_rule(&store, &SystemClock, &session, required, factor, &key).await
            })
            .await?;
            if context.json {
                return print_json(&rule);
            }
            let now = if rule.required {
                "required"
            } else {
                "optional"
            };
            let already = if rule.changed {
                ""
            } else {
                " (it was already)"
            };
            println!(
                "program {}: a second factor is {now}{already}",
                rule.program
            );
            Ok(())
        }
        ProgramCommand::Status { status, reason } => {
            program_status(context, status.as_deref(), reason.as_deref()).await
        }
        ProgramCommand::List => {
            let (store, session) = context.sign_in_anywhere().await?;
            let programs = control::list_programs(&store, &session).await?;
            if context.json {
                return print_json(&programs);
            }
            for program in programs.items {
                let rule = if program.second_factor_required {
                    "second factor required"
                } else {
                    "second factor optional"
                };
                println!("{:<20} {:<30} {rule}", program.slug, program.name);
            }
            Ok(())
        }
    }
}

/// Changes the program's status when one is given, then shows it.
async fn program_status(
    context: &Context,
    status: Option<&str>,
    reason: Option<&str>,
) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    if let Some(status) = status {
        let reason =
            reason.ok_or_else(|| Error::invalid("reason", "say why the status changes"))?;
        let key = context.idempotency_key();
        affiliates::set_program_status(&store, &SystemClock, &session, status, reason, &key)
            .await?;
    }
    let view = affiliates::program_status(&store, &session).await?;
    if context.json {
        return print_json(&view);
    }
    let why = view
        .reason
        .as_deref()
        .map(|r| format!(": {r}"))
        .unwrap_or_default();
    println!("program {}: {}{why}", session.program.slug, view.status);
    Ok(())
}
