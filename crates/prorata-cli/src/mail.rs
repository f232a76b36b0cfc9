//! `prorata statement mail set | show` and `statement send --period YYYY-MM --all`: the SMTP
//! server statements go through (its password from PRORATA_SMTP_PASSWORD or a prompt, kept in
//! the OS keyring), and a month's statements e-mailed.

use std::path::PathBuf;

use clap::Subcommand;
use prorata_app::clock::SystemClock;
use prorata_app::session::Session;
use prorata_app::statements::{self, MailSettings, MailSettingsView, SendReport};
use prorata_app::{Error, Store};

use crate::context::{Context, Passphrase, read_secret, unlock_data_key};
use crate::output::print_json;

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Set the SMTP server (admins); the password, when a user name is given, is read from
    /// PRORATA_SMTP_PASSWORD or a prompt and kept in this workstation's OS keyring
    Set {
        #[arg(long)]
        host: String,
        #[arg(long, default_value_t = 587)]
        port: u16,
        /// starttls (required, the default), tls (implicit, port 465) or none
        #[arg(long)]
        security: Option<String>,
        #[arg(long)]
        username: Option<String>,
        /// The sender's address
        #[arg(long)]
        from: String,
        /// A certificate authority to trust besides the public ones (PEM)
        #[arg(long)]
        ca_file: Option<PathBuf>,
    },
    /// The SMTP server set, without its password
    Show,
}

pub async fn run_mail(
    command: MailCommand,
    context: &Context,
    store: &Store,
    session: &Session,
) -> Result<(), Error> {
    let view = match command {
        MailCommand::Set {
            host,
            port,
            security,
            username,
            from,
            ca_file,
        } => {
            let pem =
                match &ca_file {
                    Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
                        Error::invalid("ca_file", format!("{}: {e}", path.display()))
                    })?),
                    None => None,
                };
            let password = match &username {
                Some(user) => Some(read_secret(
                    "PRORATA_SMTP_PASSWORD",
                    &format!("SMTP password for {user}: "),
                )?),
                None => None,
            };
            let settings = MailSettings {
                host: &host,
                port,
                security: security.as_deref(),
                username: username.as_deref(),
                from_address: &from,
                extra_root_pem: pem.as_deref(),
            };
            let key = context.idempotency_key();
            Some(
                statements::set_mail_settings(
                    store,
                    &SystemClock,
                    session,
                    settings,
                    password.as_deref(),
                    &key,
                )
                .await?,
            )
        }
        MailCommand::Show => statements::show_mail_settings(store, session).await?,
    };
    if context.json {
        return print_json(&view);
    }
    match view {
        Some(v) => print_settings(&v),
        None => println!("no SMTP server is set"),
    }
    Ok(())
}

fn print_settings(v: &MailSettingsView) {
    let user = v.username.as_deref().unwrap_or("(no sign-in)");
    println!(
        "{}:{} {} as {user}, from {}",
        v.host, v.port, v.security, v.from_address
    );
}

pub async fn run_send(
    context: &Context,
    store: &Store,
    session: &Session,
    period: &str,
) -> Result<(), Error> {
    let data_key = unlock_data_key(store, Passphrase { prompt: true }).await?;
    let json = context.json;
    let mut progress = |done: usize, total: usize| {
        if !json {
            eprintln!("statement send {period}: {done}/{total}");
        }
    };
    let report = statements::send_period(
        store,
        &SystemClock,
        session,
        period,
        data_key,
        &mut progress,
    )
    .await?;
    print_report(context, &report)
}

fn print_report(context: &Context, report: &SendReport) -> Result<(), Error> {
    if context.json {
        return print_json(report);
    }
    println!(
        "statements for {}: {} sent, {} skipped, {} failed",
        report.period,
        report.sent.len(),
        report.skipped.len(),
        report.failed.len()
    );
    for (what, list) in [("skipped", &report.skipped), ("failed", &report.failed)] {
        for n in list {
            println!(
                "  {what}  {:<36} {:<24} {}",
                n.document_id, n.investor, n.reason
            );
        }
    }
    Ok(())
}
