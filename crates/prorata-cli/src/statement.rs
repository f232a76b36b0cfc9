//! `prorata statement generate | notice | verify | list`: investor statements and
//! distribution notices as PDF/A-2b, each issued once and verifiable by its SHA-256.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::responses::Items;
use prorata_app::statements::{
    self, DocumentView, IssuedDocument, PeriodRunReport, StatementRequest,
};

use crate::context::{Context, Passphrase, unlock_data_key};
use crate::output::{print_json, read_file};

#[derive(Debug, Subcommand)]
pub enum StatementCommand {
    /// Issue statements (officers): one investor's for a period (--investor, --from, --to,
    /// --out FILE), or every investor's for a month (--period YYYY-MM --all --out DIR)
    Generate {
        /// The investor's id or name
        #[arg(long, conflicts_with_all = ["period", "all"], requires_all = ["from", "to"])]
        investor: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// A month, YYYY-MM, with --all
        #[arg(long, requires = "all")]
        period: Option<String>,
        /// Every investor owed something in the month
        #[arg(long, requires = "period")]
        all: bool,
        /// The currency, where an investor is owed in several (with --all: only this one)
        #[arg(long)]
        currency: Option<String>,
        /// The PDF to write (one investor), or the folder (--all)
        #[arg(long)]
        out: PathBuf,
    },
    /// Issue the notice of a posted distribution to one investor who shared in it
    Notice {
        distribution: i64,
        #[arg(long)]
        investor: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Say whether a file is exactly a statement or notice this program issued, and which
    Verify { file: PathBuf },
    /// E-mail a month's issued statements to their investors, each at most once (officers)
    Send {
        #[arg(long)]
        period: String,
        /// Every statement issued for the month
        #[arg(long, required = true)]
        all: bool,
    },
    /// The SMTP server statements are sent through
    #[command(subcommand)]
    Mail(crate::mail::MailCommand),
    /// The statements and notices issued, newest first
    List {
        #[arg(long)]
        investor: Option<String>,
    },
}

pub async fn run(command: StatementCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let (key, clock) = (context.idempotency_key(), &SystemClock);
    match command {
        StatementCommand::Generate {
            investor: Some(investor),
            from,
            to,
            currency,
            out,
            ..
        } => {
            let data_key = unlock_data_key(&store, Passphrase { prompt: true }).await?;
            let request = StatementRequest {
                investor: &investor,
                from: from.as_deref().unwrap_or_default(),
                to: to.as_deref().unwrap_or_default(),
                currency: currency.as_deref(),
            };
            let done = statements::issue_statement(
                &store,
                clock,
                &session,
                request,
                Some(&out),
                &key,
                data_key,
            )
            .await?;
            issued(context, &done, &out)
        }
        StatementCommand::Generate {
            period: Some(period),
            currency,
            out,
            ..
        } => {
            period_run(
                context,
                &store,
                &session,
                &period,
                currency.as_deref(),
                &out,
            )
            .await
        }
        StatementCommand::Generate { .. } => Err(Error::invalid(
            "generate",
            "say --investor INV --from D --to D --out FILE, or --period YYYY-MM --all --out DIR",
        )),
        StatementCommand::Notice {
            distribution,
            investor,
            out,
        } => notice(context, (&store, &session), distribution, &investor, &out).await,
        StatementCommand::Verify { file } => verify(context, &store, &session, &file).await,
        StatementCommand::Send { period, .. } => {
            crate::mail::run_send(context, &store, &session, &period).await
        }
        StatementCommand::Mail(command) => {
            crate::mail::run_mail(command, context, &store, &session).await
        }
        StatementCommand::List { investor } => list(
            context,
            &statements::list_statements(&store, &session, investor.as_deref()).await?,
        ),
    }
}

fn list(context: &Context, list: &Items<DocumentView>) -> Result<(), Error> {
    if context.json {
        return print_json(list);
    }
    for d in &list.items {
        println!(
            "{:>6}  {:<36} {:<20} {} {}",
            d.id,
            d.document_id,
            d.investor,
            d.issued_on,
            describe(d)
        );
    }
    Ok(())
}

async fn notice(
    context: &Context,
    (store, session): (&prorata_app::Store, &prorata_app::session::Session),
    distribution: i64,
    investor: &str,
    out: &std::path::Path,
) -> Result<(), Error> {
    let data_key = unlock_data_key(store, Passphrase { prompt: true }).await?;
    let key = context.idempotency_key();
    let done = statements::issue_notice(
        store,
        &SystemClock,
        session,
        distribution,
        investor,
        out,
        &key,
        data_key,
    )
    .await?;
    issued(context, &done, out)
}

async fn period_run(
    context: &Context,
    store: &prorata_app::Store,
    session: &prorata_app::session::Session,
    period: &str,
    currency: Option<&str>,
    out: &std::path::Path,
) -> Result<(), Error> {
    let data_key = unlock_data_key(store, Passphrase { prompt: true }).await?;
    let mut bar = Progress::new(context.json);
    let report = statements::issue_period(
        store,
        &SystemClock,
        session,
        period,
        currency,
        out,
        &context.idempotency_key(),
        data_key,
        &mut |done, total| bar.show(done, total),
    )
    .await?;
    bar.finish();
    period_report(context, &report)
}

async fn verify(
    context: &Context,
    store: &prorata_app::Store,
    session: &prorata_app::session::Session,
    file: &std::path::Path,
) -> Result<(), Error> {
    let bytes = read_file(file)?;
    let name = file.display().to_string();
    let found = statements::verify_statement(store, session, &name, &bytes).await?;
    if context.json {
        return print_json(&found);
    }
    println!(
        "{name} is {} as issued on {} ({}, sha256 {})",
        found.document_id,
        found.issued_on,
        describe(&found),
        found.sha256
    );
    Ok(())
}

fn describe(d: &DocumentView) -> String {
    match (&d.period_from, &d.period_to, d.distribution_id) {
        (Some(from), Some(to), _) => format!(
            "statement of {} for {from} to {to} in {}",
            d.investor, d.currency
        ),
        (_, _, Some(distribution)) => {
            format!("notice of distribution {distribution} to {}", d.investor)
        }
        _ => d.kind.to_string(),
    }
}

fn issued(context: &Context, done: &IssuedDocument, out: &std::path::Path) -> Result<(), Error> {
    if context.json {
        return print_json(done);
    }
    let how = if done.issued_now {
        "issued now"
    } else {
        "issued before; the recorded document was written"
    };
    println!(
        "{} {how}: {} ({} page(s), sha256 {})",
        done.document.document_id,
        out.display(),
        done.document.pages,
        done.document.sha256
    );
    Ok(())
}

fn period_report(context: &Context, report: &PeriodRunReport) -> Result<(), Error> {
    if context.json {
        return print_json(report);
    }
    println!(
        "statements for {}: {} issued, {} issued before and written again, {} skipped",
        report.period,
        report.issued.len(),
        report.reissued.len(),
        report.skipped.len()
    );
    for s in &report.skipped {
        println!(
            "  skipped  investor {:>6} {:<30} {}: {}",
            s.investor_id, s.investor, s.currency, s.reason
        );
    }
    Ok(())
}

/// A progress bar on a terminal (indicatif); nothing where stderr is not one or with --json.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(json: bool) -> Progress {
        let shown = !json && std::io::stderr().is_terminal();
        Progress(shown.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "statements {bar:40} {pos}/{len} investors' payables ({eta})",
            ) {
                bar.set_style(style);
            }
            bar
        }))
    }

    fn show(&mut self, done: usize, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(u64::try_from(total).unwrap_or(u64::MAX));
            bar.set_position(u64::try_from(done).unwrap_or(u64::MAX));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// `prorata export KIND --out FILE.csv`.
#[derive(Debug, clap::Args)]
pub struct Export {
    /// distributions, shares, withdrawals, ledger, allocations, events, revenue or revenue-months
    kind: String,
    #[arg(long)]
    out: PathBuf,
}

pub async fn run_export(args: Export, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let done = statements::export(&store, &SystemClock, &session, &args.kind, &args.out).await?;
    if context.json {
        return print_json(&done);
    }
    println!("{} {} rows written to {}", done.rows, done.kind, done.file);
    Ok(())
}
