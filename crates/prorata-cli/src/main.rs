//! `prorata`: the command line over prorata-app.
//!
//! Output goes to stdout; an error goes to stderr as one line, `error[CODE]: message`, with
//! nothing on stdout, and the exit status says what kind of failure it was (DESIGN §10).

mod calc;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use prorata_app::{Code, Error};

#[derive(Debug, Parser)]
#[command(
    name = "prorata",
    version,
    about = "Prorata: profit-sharing back-office"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Calculators that need no store: JSON in on stdin, JSON out on stdout.
    #[command(subcommand)]
    Calc(calc::CalcCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Calc(command) => calc::run(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error[{}]: {}", error.code, error.message);
            ExitCode::from(exit_status(&error))
        }
    }
}

/// The exit statuses of DESIGN §10: 2 bad input, 3 not permitted, 4 conflict, 1 the rest.
fn exit_status(error: &Error) -> u8 {
    match error.code {
        Code::Validation => 2,
        Code::PermissionDenied => 3,
        Code::Conflict => 4,
        Code::Internal => 1,
    }
}
