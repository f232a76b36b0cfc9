//! `prorata bank add | list`, `remittance record | list` and `withdrawal request | approve |
//! reject | cancel | show | list | reveal`.

use clap::{Args, Subcommand};
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::input::Notation;
use prorata_app::payouts::{
    self, NewBankAccount, NewRemittance, NewWithdrawal, Payee, WithdrawalView,
};
use prorata_app::reconcile;
use prorata_app::reconcile::{StatementFormat, set_review_threshold};

use crate::context::{Context, Passphrase, unlock_data_key};
use crate::output::{group_thousands, print_json};
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Register one of the organisation's bank accounts (admins); its number is sealed
    Add(AddBank),
    /// The program's bank accounts, numbers masked
    List,
    /// Import a statement of a bank account (ISO 20022 camt.053, or CSV through the account's
    /// saved mapping): once, a line a reference; with --preview, show it and keep nothing
    Import {
        file: std::path::PathBuf,
        #[arg(long)]
        bank: String,
        /// camt053 or csv
        #[arg(long, default_value = "camt053")]
        format: String,
        /// Read the file and show what would be imported; keep nothing
        #[arg(long)]
        preview: bool,
    },
    /// Save how this account's CSV statements are read: each column by its header's name
    Mapping(MapCsv),
    /// A bank account's statement lines, the newest statement's first
    Lines {
        #[arg(long)]
        bank: String,
    },
    /// Set the amount above which a line resolved by hand on this account waits for an
    /// approver's review (admins); without one, every resolution waits
    Threshold {
        #[arg(long)]
        bank: String,
        #[arg(long = "review-above")]
        review_above: String,
    },
}

#[derive(Debug, Args)]
pub struct AddBank {
    name: String,
    /// ISO 4217 code, e.g. USD
    #[arg(long)]
    currency: String,
    /// An IBAN (checked) or the bank's own account number
    #[arg(long = "account-number")]
    account_number: String,
    #[arg(long)]
    bic: Option<String>,
    #[arg(long = "bank-name")]
    bank_name: Option<String>,
}

#[derive(Debug, Args)]
pub struct MapCsv {
    #[arg(long)]
    bank: String,
    /// The column of the booking date
    #[arg(long)]
    date: String,
    /// A signed amount column (debits negative) …
    #[arg(long, required_unless_present = "debit")]
    amount: Option<String>,
    /// … or a debit column and a credit column
    #[arg(long, requires = "credit", conflicts_with = "amount")]
    debit: Option<String>,
    #[arg(long, requires = "debit")]
    credit: Option<String>,
    /// The bank's reference of a line (keeps an overlapping statement's line once)
    #[arg(long)]
    reference: Option<String>,
    /// The payment's EndToEndId, where the bank gives it
    #[arg(long = "end-to-end")]
    end_to_end: Option<String>,
    /// The description (a remittance's reference is looked for in it)
    #[arg(long)]
    description: Option<String>,
    /// How dates are written, e.g. %d.%m.%Y
    #[arg(long = "date-format", default_value = "%Y-%m-%d")]
    date_format: String,
    /// . or ,
    #[arg(long, default_value = ".")]
    decimal: String,
    /// , ; | or tab
    #[arg(long, default_value = ",")]
    delimiter: String,
}

#[derive(Debug, Subcommand)]
pub enum RemittanceCommand {
    /// Cash a deal's partner or operator paid in: Dr the bank / Cr the deal's receivable
    Record(RecordRemittance),
    /// The program's remittances, newest first
    List {
        #[arg(long)]
        deal: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct RecordRemittance {
    #[arg(long)]
    deal: String,
    /// The bank account's id or name
    #[arg(long)]
    bank: String,
    #[arg(long)]
    amount: String,
    /// The day the money arrived (YYYY-MM-DD)
    #[arg(long)]
    date: String,
    /// What it settles: profit (the default) or proceeds
    #[arg(long)]
    of: Option<String>,
    /// The bank's reference for the payment
    #[arg(long)]
    reference: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum WithdrawalCommand {
    /// Enter a request for money a payee is owed; the amount is held at once (officers)
    Request(RequestWithdrawal),
    /// Approve a pending request (approvers; never the person who entered it)
    Approve { id: i64 },
    /// Reject a pending request with a reason; its hold is released
    Reject {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Cancel a request not yet sent; its hold is released
    Cancel { id: i64 },
    /// A request, its bank details masked, beside what its payee has available
    Show { id: i64 },
    /// The program's requests, oldest first
    List {
        #[arg(long)]
        status: Option<String>,
    },
    /// A request's bank details in clear, for a reason recorded in the audit log
    Reveal {
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub struct RequestWithdrawal {
    /// The investor's id or name
    #[arg(long, group = "payee")]
    investor: Option<String>,
    /// The partner's id or name
    #[arg(long, group = "payee")]
    partner: Option<String>,
    /// Any payable by its code, e.g. investor:3:payable
    #[arg(long = "payee", group = "payee")]
    payee_account: Option<String>,
    #[arg(long)]
    amount: String,
    /// Needed where the payee is owed in more than one currency
    #[arg(long)]
    currency: Option<String>,
    /// The allocation of an LP event to draw on (its holder is the payee)
    #[arg(long)]
    allocation: Option<i64>,
    #[arg(long = "bank-name")]
    bank_name: String,
    #[arg(long = "account-number")]
    account_number: String,
    #[arg(long = "account-name")]
    account_name: String,
}

async fn import_statement(
    context: &Context,
    (store, session): (&prorata_app::Store, &prorata_app::session::Session),
    (file, bank): (&std::path::Path, &str),
    (format, preview): (&str, bool),
) -> Result<(), Error> {
    let format = match format {
        "camt053" => StatementFormat::Camt053,
        "csv" => StatementFormat::Csv,
        other => {
            let why =
                format!("\"{other}\" is not a statement format Prorata reads: camt053 or csv");
            return Err(Error::invalid("format", why));
        }
    };
    let bytes = crate::output::read_file(file)?;
    // A CSV names no account: only a camt.053's is checked against the sealed number.
    let data_key = match format {
        StatementFormat::Camt053 => {
            Some(unlock_data_key(store, Passphrase { prompt: true }).await?)
        }
        StatementFormat::Csv => None,
    };
    if preview {
        let shown =
            reconcile::preview_statement_file(store, session, bank, (&bytes, format), data_key)
                .await?;
        return print_preview(context, &shown);
    }
    let done = reconcile::import_statement_file(
        store,
        &SystemClock,
        session,
        bank,
        (&bytes, format),
        data_key,
    )
    .await?;
    if context.json {
        return print_json(&done);
    }
    println!(
        "{} statement(s) imported ({} before), {} line(s) ({} already imported)",
        done.statements, done.already_imported, done.lines, done.duplicate_lines
    );
    for warning in &done.warnings {
        println!("warning: {warning}");
    }
    Ok(())
}

fn print_preview(context: &Context, shown: &reconcile::StatementPreview) -> Result<(), Error> {
    if context.json {
        return print_json(shown);
    }
    let before = if shown.imported_before {
        " (imported before: importing it again keeps nothing)"
    } else {
        ""
    };
    println!(
        "{} statement(s), {} line(s): debits {} {cur}, credits {} {cur}{before}",
        shown.statements,
        shown.lines,
        shown.debits,
        shown.credits,
        cur = shown.currency
    );
    for l in &shown.first_lines {
        let reference = l
            .end_to_end_id
            .as_deref()
            .or(l.bank_reference.as_deref())
            .unwrap_or("");
        println!(
            "  {:<10} {}  {:<6} {:>14}  {reference}  {}",
            l.origin,
            l.booking_date.as_deref().unwrap_or("-"),
            l.direction,
            l.amount,
            l.remittance.as_deref().unwrap_or("")
        );
    }
    for warning in &shown.warnings {
        println!("warning: {warning}");
    }
    println!("nothing was kept: run it again without --preview to import");
    Ok(())
}

async fn save_mapping(
    context: &Context,
    (store, session): (&prorata_app::Store, &prorata_app::session::Session),
    m: MapCsv,
) -> Result<(), Error> {
    let input = reconcile::CsvMappingInput {
        date_column: m.date,
        amount_column: m.amount,
        debit_column: m.debit,
        credit_column: m.credit,
        reference_column: m.reference,
        end_to_end_column: m.end_to_end,
        description_column: m.description,
        date_format: m.date_format,
        decimal_separator: m.decimal,
        delimiter: m.delimiter,
    };
    let key = context.idempotency_key();
    let saved =
        reconcile::set_csv_mapping(store, &SystemClock, session, &m.bank, &input, &key).await?;
    print_created(
        context,
        &saved,
        &format!("CSV statements of {} are read through this mapping", m.bank),
    )
}

async fn print_banks(
    context: &Context,
    (store, session): (&prorata_app::Store, &prorata_app::session::Session),
) -> Result<(), Error> {
    let banks = payouts::list_bank_accounts(store, session).await?;
    if context.json {
        return print_json(&banks);
    }
    for b in banks.items {
        let bank = b.bank_name.unwrap_or_default();
        let bic = b.bic.unwrap_or_default();
        println!(
            "{:>6}  {:<24} {} {:<10} {:<12} {}",
            b.id, b.name, b.currency, b.account_number, bic, bank
        );
    }
    Ok(())
}

async fn print_bank_lines(
    context: &Context,
    (store, session): (&prorata_app::Store, &prorata_app::session::Session),
    bank: &str,
) -> Result<(), Error> {
    let lines = reconcile::list_bank_lines(store, session, bank).await?;
    if context.json {
        return print_json(&lines);
    }
    for l in &lines.items {
        println!(
            "{:>6} {} {:<6} {:>14} {}{} {} {}",
            l.id,
            l.booking_date.as_deref().unwrap_or("-"),
            l.direction,
            l.amount,
            l.currency,
            if l.reversal { " reversal" } else { "" },
            l.end_to_end_id.as_deref().unwrap_or("-"),
            l.return_reason
                .as_deref()
                .map(|r| format!("returned {r}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

pub async fn run_bank(command: BankCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    match command {
        BankCommand::Add(add) => {
            let data_key = unlock_data_key(&store, Passphrase { prompt: true }).await?;
            let new = NewBankAccount {
                name: &add.name,
                currency: &add.currency,
                account_number: &add.account_number,
                bic: add.bic.as_deref(),
                bank_name: add.bank_name.as_deref(),
            };
            let key = context.idempotency_key();
            let created = payouts::add_bank_account(
                &store,
                &SystemClock,
                &session,
                new,
                Some(data_key),
                &key,
            )
            .await?;
            let id = created.id;
            print_created(
                context,
                &created,
                &format!("bank account {} added as bank:{id}", add.name),
            )
        }
        BankCommand::Import {
            file,
            bank,
            format,
            preview,
        } => {
            import_statement(
                context,
                (&store, &session),
                (&file, &bank),
                (&format, preview),
            )
            .await
        }
        BankCommand::Mapping(m) => save_mapping(context, (&store, &session), m).await,
        BankCommand::Lines { bank } => print_bank_lines(context, (&store, &session), &bank).await,
        BankCommand::Threshold { bank, review_above } => {
            let key = context.idempotency_key();
            let set = set_review_threshold(
                &store,
                &SystemClock,
                &session,
                &bank,
                &review_above,
                Notation::Plain,
                &key,
            )
            .await?;
            let said = format!("resolutions on {bank} above {review_above} wait for review");
            print_created(context, &set, &said)
        }
        BankCommand::List => print_banks(context, (&store, &session)).await,
    }
}

pub async fn run_remittance(command: RemittanceCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    match command {
        RemittanceCommand::Record(r) => {
            let new = NewRemittance {
                deal: &r.deal,
                bank: &r.bank,
                amount: &r.amount,
                date: &r.date,
                of: r.of.as_deref(),
                reference: r.reference.as_deref(),
                notation: Notation::Plain,
            };
            let key = context.idempotency_key();
            let created =
                payouts::record_remittance(&store, &SystemClock, &session, new, &key).await?;
            print_created(
                context,
                &created,
                &format!("remittance of {} recorded", r.amount),
            )
        }
        RemittanceCommand::List { deal } => {
            let items = payouts::list_remittances(&store, &session, deal.as_deref()).await?;
            if context.json {
                return print_json(&items);
            }
            for r in items.items {
                println!(
                    "{:>6}  {}  {:<20} {:>16} {}  {}",
                    r.id,
                    r.date,
                    r.deal,
                    group_thousands(&r.amount),
                    r.currency,
                    r.bank
                );
            }
            Ok(())
        }
    }
}

fn payee(r: &RequestWithdrawal) -> Result<Payee<'_>, Error> {
    match (&r.investor, &r.partner, &r.payee_account) {
        (Some(i), None, None) => Ok(Payee::Investor(i)),
        (None, Some(p), None) => Ok(Payee::Partner(p)),
        (None, None, Some(a)) => Ok(Payee::Account(a)),
        _ => Err(Error::invalid(
            "payee",
            "name one payee: --investor, --partner or --payee",
        )),
    }
}

async fn request(r: RequestWithdrawal, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let data_key = unlock_data_key(&store, Passphrase { prompt: true }).await?;
    let new = NewWithdrawal {
        payee: payee(&r)?,
        amount: &r.amount,
        currency: r.currency.as_deref(),
        bank_name: &r.bank_name,
        account_number: &r.account_number,
        account_name: &r.account_name,
        allocation: r.allocation,
        notation: Notation::Plain,
    };
    let key = context.idempotency_key();
    let created =
        payouts::request_withdrawal(&store, &SystemClock, &session, new, Some(data_key), &key)
            .await?;
    print_created(
        context,
        &created,
        &format!("withdrawal of {} requested and held", r.amount),
    )
}

fn show(context: &Context, w: &WithdrawalView) -> Result<(), Error> {
    if context.json {
        return print_json(w);
    }
    print_withdrawal(w);
    println!(
        "        requested by {} at {}",
        w.requested_by, w.requested_at
    );
    if let Some(by) = &w.decided_by {
        let why = w.reject_reason.as_deref().map(|r| format!(": {r}"));
        println!("        decided by {by}{}", why.unwrap_or_default());
    }
    Ok(())
}

fn print_withdrawal(w: &WithdrawalView) {
    println!(
        "{:>6}  {:<10} {:<28} {:>16} {}  {} {}  (available {})",
        w.id,
        w.status.as_str(),
        w.payee_name,
        group_thousands(&w.amount),
        w.currency,
        w.bank_name,
        w.bank_account,
        group_thousands(&w.payee_available)
    );
}

pub async fn run_withdrawal(command: WithdrawalCommand, context: &Context) -> Result<(), Error> {
    if let WithdrawalCommand::Request(r) = command {
        return request(r, context).await;
    }
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    let clock = &SystemClock;
    match command {
        WithdrawalCommand::Request(_) => Ok(()),
        WithdrawalCommand::Approve { id } => {
            let done = payouts::approve_withdrawal(&store, clock, &session, id, &key).await?;
            print_created(context, &done, &format!("withdrawal {id} approved"))
        }
        WithdrawalCommand::Reject { id, reason } => {
            let done =
                payouts::reject_withdrawal(&store, clock, &session, id, &reason, &key).await?;
            print_created(
                context,
                &done,
                &format!("withdrawal {id} rejected; its hold is released"),
            )
        }
        WithdrawalCommand::Cancel { id } => {
            let done = payouts::cancel_withdrawal(&store, clock, &session, id, &key).await?;
            print_created(
                context,
                &done,
                &format!("withdrawal {id} cancelled; its hold is released"),
            )
        }
        WithdrawalCommand::Show { id } => {
            let w = payouts::show_withdrawal(&store, &session, id).await?;
            show(context, &w)
        }
        WithdrawalCommand::List { status } => {
            let items = payouts::list_withdrawals(&store, &session, status.as_deref()).await?;
            if context.json {
                return print_json(&items);
            }
            items.items.iter().for_each(print_withdrawal);
            Ok(())
        }
        WithdrawalCommand::Reveal { id, reason } => {
            let data_key = unlock_data_key(&store, Passphrase { prompt: true }).await?;
            let shown =
                payouts::reveal_withdrawal(&store, clock, &session, id, &reason, data_key).await?;
            if context.json {
                return print_json(&shown);
            }
            println!(
                "{}  {}  {}",
                shown.bank_name, shown.account_number, shown.account_name
            );
            Ok(())
        }
    }
}
