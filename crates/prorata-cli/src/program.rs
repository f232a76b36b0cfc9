//! `prorata program add | list`.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::control;

use crate::context::Context;
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
        ProgramCommand::List => {
            let (store, session) = context.sign_in_anywhere().await?;
            let programs = control::list_programs(&store, &session).await?;
            if context.json {
                return print_json(&programs);
            }
            for program in programs.items {
                println!("{:<20} {}", program.slug, program.name);
            }
            Ok(())
        }
    }
}
