//! `prorata program add | list | set`.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::control;

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
