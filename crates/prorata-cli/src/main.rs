//! `prorata`: the command line over prorata-app.
//!
//! Output goes to stdout; an error goes to stderr as one line, `error[CODE]: message`, with
//! nothing on stdout, and the exit status says what kind of failure it was (DESIGN §10).

mod affiliate;
mod audit;
mod batch;
mod calc;
mod context;
mod deal;
mod distribution;
mod event;
mod fees;
mod ledger;
mod location;
mod mail;
mod member;
mod mfa;
mod output;
mod payout;
mod program;
mod reconcile;
mod revenue;
mod scheme;
mod statement;
mod store;
mod txn;
mod units;
mod user;
mod wallet;

use std::path::PathBuf;
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
    /// The local store's data folder [default: ~/.local/share/prorata; /var/lib/prorata as root]
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "PRORATA_DATA_DIR",
        conflicts_with = "database_url"
    )]
    data_dir: Option<PathBuf>,

    /// A remote store: postgres://USER@HOST[:PORT]/DATABASE (TLS verified unless sslmode says
    /// otherwise; the password comes from the OS keyring)
    #[arg(long, global = true, value_name = "URL", env = "DATABASE_URL")]
    database_url: Option<String>,

    /// Sign in as this user (the password comes from PRORATA_PASSWORD or a prompt)
    #[arg(long, global = true, value_name = "NAME", env = "PRORATA_USER")]
    user: Option<String>,

    /// Work in this program; may be left out while only one exists
    #[arg(long, global = true, value_name = "SLUG", env = "PRORATA_PROGRAM")]
    program: Option<String>,

    /// Make a mutating command idempotent under this key (a fresh one otherwise)
    #[arg(long, global = true, value_name = "KEY")]
    idempotency_key: Option<String>,

    /// Print JSON instead of text
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Calculators that need no store: JSON in on stdin, JSON out on stdout.
    #[command(subcommand)]
    Calc(calc::CalcCommand),
    /// Create, inspect, start and stop the store.
    #[command(subcommand)]
    Store(store::StoreCommand),
    /// Read the ledger: trial balance, account balances and statements.
    #[command(subcommand)]
    Ledger(ledger::LedgerCommand),
    /// Users and their roles in the program (admins).
    #[command(subcommand)]
    User(user::UserCommand),
    /// Programs: separate books in one store (admins).
    #[command(subcommand)]
    Program(program::ProgramCommand),
    /// Verify and read the hash-chained audit log (auditors and admins).
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Partners, who run deals.
    #[command(subcommand)]
    Partner(deal::PartnerCommand),
    /// Investors, who fund deals.
    #[command(subcommand)]
    Investor(deal::InvestorCommand),
    /// Deals: their terms, capital, history and distributions.
    #[command(subcommand)]
    Deal(deal::DealCommand),
    /// Record capital entering a deal on a date.
    Invest(deal::Invest),
    /// A deal's value on a date: recorded, then verified by another person.
    #[command(subcommand)]
    Performance(distribution::PerformanceCommand),
    /// Distributions of profit: prepared, approved by another person, posted, or cancelled.
    #[command(subcommand)]
    Distribution(distribution::DistributionCommand),
    /// Batch jobs.
    #[command(subcommand)]
    Run(distribution::RunCommand),
    /// The organisation's bank accounts (admins add them).
    #[command(subcommand)]
    Bank(payout::BankCommand),
    /// Cash in from a deal's partner or operator, against its receivable.
    #[command(subcommand)]
    Remittance(payout::RemittanceCommand),
    /// Withdrawal requests: held, then approved or rejected by another person.
    #[command(subcommand)]
    Withdrawal(payout::WithdrawalCommand),
    /// Payout batches: built, approved by another person, executed into the bank's files.
    #[command(subcommand)]
    Batch(batch::BatchCommand),
    /// Investor statements and distribution notices: PDF/A, issued once, verifiable.
    #[command(subcommand)]
    Statement(statement::StatementCommand),
    /// LP units: each deal's register of issues, transfers and redemptions.
    #[command(subcommand)]
    Units(units::UnitsCommand),
    /// LP distribution events: proceeds allocated by units held, approved by another person.
    #[command(subcommand)]
    Event(event::EventCommand),
    /// Fee schedules for community revenue: GST, the gateway's and the platform's fees.
    #[command(subcommand)]
    Fees(fees::FeesCommand),
    /// Communities: role shares of their net revenue and members per role.
    #[command(subcommand)]
    Community(revenue::CommunityCommand),
    /// Community revenue: split under the fee schedule into members' wallets; gateway settlements.
    #[command(subcommand)]
    Revenue(revenue::RevenueCommand),
    /// Community members' wallets: credits released on their day, locked and unlocked.
    #[command(subcommand)]
    Wallet(wallet::WalletCommand),
    /// Commission schemes of the distribution network: rates per service and role, inherited.
    #[command(subcommand)]
    Scheme(scheme::SchemeCommand),
    /// The distribution network's members: a role, a scheme and an upline above.
    #[command(subcommand)]
    Member(member::MemberCommand),
    /// The distribution network's transactions, each commissioned over its member's upline.
    #[command(subcommand)]
    Txn(txn::TxnCommand),
    /// Affiliates: referral codes, parents, the downline tree, the rates and commissions.
    #[command(subcommand)]
    Affiliate(affiliate::AffiliateCommand),
    /// Sales brought by affiliates, each with its direct and override commissions.
    #[command(subcommand)]
    Sale(affiliate::SaleCommand),
    /// The program's records as CSV: distributions, shares, withdrawals, ledger, LP allocations, LP events, community revenue or revenue by month.
    Export(statement::Export),
    /// Reconcile the book: subledgers against the ledger.
    #[command(subcommand)]
    Reconcile(reconcile::ReconcileCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let context = context::Context {
        data_dir: cli.data_dir,
        database_url: cli.database_url,
        user: cli.user,
        program: cli.program,
        idempotency_key: cli.idempotency_key,
        json: cli.json,
    };
    let result = match cli.command {
        Command::Calc(command) => calc::run(command),
        Command::Store(command) => with_runtime(|| store::run(command, &context)),
        Command::Ledger(command) => with_runtime(|| ledger::run(command, &context)),
        Command::User(command) => with_runtime(|| user::run(command, &context)),
        Command::Program(command) => with_runtime(|| program::run(command, &context)),
        Command::Audit(command) => with_runtime(|| audit::run(command, &context)),
        Command::Partner(command) => with_runtime(|| deal::run_partner(command, &context)),
        Command::Investor(command) => with_runtime(|| deal::run_investor(command, &context)),
        Command::Deal(command) => with_runtime(|| deal::run_deal(command, &context)),
        Command::Invest(command) => with_runtime(|| deal::run_invest(command, &context)),
        Command::Performance(command) => {
            with_runtime(|| distribution::run_performance(command, &context))
        }
        Command::Distribution(command) => {
            with_runtime(|| distribution::run_distribution(command, &context))
        }
        Command::Run(command) => with_runtime(|| distribution::run_run(command, &context)),
        Command::Bank(command) => with_runtime(|| payout::run_bank(command, &context)),
        Command::Remittance(command) => with_runtime(|| payout::run_remittance(command, &context)),
        Command::Withdrawal(command) => with_runtime(|| payout::run_withdrawal(command, &context)),
        Command::Batch(command) => with_runtime(|| batch::run(command, &context)),
        Command::Statement(command) => with_runtime(|| statement::run(command, &context)),
        Command::Units(command) => with_runtime(|| units::run(command, &context)),
        Command::Event(command) => with_runtime(|| event::run(command, &context)),
        Command::Fees(command) => with_runtime(|| fees::run(command, &context)),
        Command::Community(command) => with_runtime(|| revenue::run_community(command, &context)),
        Command::Revenue(command) => with_runtime(|| revenue::run_revenue(command, &context)),
        Command::Wallet(command) => with_runtime(|| wallet::run(command, &context)),
        Command::Scheme(command) => with_runtime(|| scheme::run(command, &context)),
        Command::Member(command) => with_runtime(|| member::run(command, &context)),
        Command::Txn(command) => with_runtime(|| txn::run(command, &context)),
        Command::Affiliate(command) => with_runtime(|| affiliate::run(command, &context)),
        Command::Sale(command) => with_runtime(|| affiliate::run_sale(command, &context)),
        Command::Export(args) => with_runtime(|| statement::run_export(args, &context)),
        Command::Reconcile(command) => with_runtime(|| reconcile::run(command, &context)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "error[{}]: {}",
                error.code,
                error.message.replace('\n', " ")
            );
            ExitCode::from(exit_status(&error))
        }
    }
}

fn with_runtime<F: Future<Output = Result<(), Error>>>(
    work: impl FnOnce() -> F,
) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(Code::Internal, format!("starting the async runtime: {e}")))?;
    runtime.block_on(work())
}

/// The exit statuses of DESIGN §10: 2 bad input, 3 not permitted, 4 conflict, 1 the rest.
fn exit_status(error: &Error) -> u8 {
    match error.code {
        Code::Validation => 2,
        Code::PermissionDenied | Code::Locked | Code::SecondFactorRequired => 3,
        Code::Conflict => 4,
        Code::Internal => 1,
    }
}
