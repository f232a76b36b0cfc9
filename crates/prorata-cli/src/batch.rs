//! `prorata batch create | add | submit | approve | reject | cancel | show | list | execute |
//! confirm`: payout batches under two-person control, and the bank's files.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::payouts::{self, BatchView, Confirmation, ExecutedBatch};
use prorata_app::responses::Outcome;

use crate::context::Context;
use crate::mfa::with_second_factor;
use crate::output::{group_thousands, print_json, read_file};
use crate::user::print_created;

#[derive(Debug, Subcommand)]
pub enum BatchCommand {
    /// Start a draft batch paying from one of the organisation's bank accounts (officers)
    Create {
        /// The bank account's id or name; the batch pays in its currency
        #[arg(long)]
        bank: String,
    },
    /// Add approved withdrawals to a draft batch
    Add {
        batch: i64,
        #[arg(required = true)]
        withdrawals: Vec<i64>,
    },
    /// Submit a draft batch for approval
    Submit { batch: i64 },
    /// Approve a submitted batch (approvers; never the person who built it)
    Approve { batch: i64 },
    /// Reject a submitted batch with a reason; its withdrawals may join another batch
    Reject {
        batch: i64,
        #[arg(long)]
        reason: String,
    },
    /// Cancel a batch not yet executed, with a reason
    Cancel {
        batch: i64,
        #[arg(long)]
        reason: String,
    },
    /// A batch with its items, total and the files it issued
    Show { batch: i64 },
    /// The program's batches, newest first
    List,
    /// Write an approved batch's CSV and pain.001 files into a folder and mark it sent
    Execute {
        batch: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Confirm what the bank did with one item: paid (with its reference) or failed
    Confirm(ConfirmItem),
    /// Confirm a whole batch from the bank's report: a CSV with the header
    /// reference,status,detail and one line per payment (status paid or failed, detail the
    /// bank's reference or reason); every line or, if one is wrong, none
    ConfirmReport {
        batch: i64,
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ConfirmItem {
    item: i64,
    #[arg(long, requires = "reference", conflicts_with = "failed")]
    paid: bool,
    /// The bank's reference for the payment
    #[arg(long)]
    reference: Option<String>,
    #[arg(long, requires = "reason")]
    failed: bool,
    #[arg(long)]
    reason: Option<String>,
}

fn print_batch(b: &BatchView) {
    println!(
        "{:>6}  {:<16} {} {:>16}  {} item(s)  from {} {}  built by {}",
        b.id,
        b.status.as_str(),
        b.currency,
        group_thousands(&b.total),
        b.count,
        b.bank,
        b.bank_account,
        b.created_by
    );
}

fn show(context: &Context, b: &BatchView) -> Result<(), Error> {
    if context.json {
        return print_json(b);
    }
    print_batch(b);
    for i in &b.items {
        println!(
            "        item {:>6}  withdrawal {:>6}  {:>16}  {:<8} {}",
            i.id,
            i.withdrawal_id,
            group_thousands(&i.amount),
            i.status.as_str(),
            i.reference
        );
    }
    for f in &b.files {
        println!("        file {}  sha256 {}", f.name, f.sha256);
    }
    Ok(())
}

fn list(
    context: &Context,
    batches: &prorata_app::responses::Items<BatchView>,
) -> Result<(), Error> {
    if context.json {
        return print_json(batches);
    }
    batches.items.iter().for_each(print_batch);
    Ok(())
}

fn executed(context: &Context, done: &ExecutedBatch) -> Result<(), Error> {
    if context.json {
        return print_json(done);
    }
    let how = if done.written {
        "written now"
    } else {
        "issued before; nothing was written"
    };
    println!("batch {} executed: files {how}", done.id);
    for f in &done.files {
        println!("  {}  sha256 {}", f.name, f.sha256);
    }
    Ok(())
}

fn confirmation(c: &ConfirmItem) -> Result<Confirmation<'_>, Error> {
    match (c.paid, c.failed, &c.reference, &c.reason) {
        (true, false, Some(reference), _) => Ok(Confirmation::Paid { reference }),
        (false, true, _, Some(reason)) => Ok(Confirmation::Failed { reason }),
        _ => Err(Error::invalid(
            "confirm",
            "say --paid --reference R or --failed --reason T",
        )),
    }
}

pub async fn run(command: BatchCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let (key, clock) = (context.idempotency_key(), &SystemClock);
    match command {
        BatchCommand::Create { bank } => {
            let done = payouts::create_batch(&store, clock, &session, &bank, &key).await?;
            print_created(context, &done, "payout batch created")
        }
        BatchCommand::Add { batch, withdrawals } => {
            let done =
                payouts::add_to_batch(&store, clock, &session, batch, &withdrawals, &key).await?;
            print_created(
                context,
                &done,
                &format!("{} withdrawal(s) added to batch {batch}", withdrawals.len()),
            )
        }
        BatchCommand::Submit { batch } => {
            let done = payouts::submit_batch(&store, clock, &session, batch, &key).await?;
            print_created(
                context,
                &done,
                &format!("batch {batch} submitted for approval"),
            )
        }
        BatchCommand::Approve { batch } => {
            let done = with_second_factor(&store, async |factor| {
                payouts::approve_batch(&store, clock, &session, batch, factor, &key).await
            })
            .await?;
            print_created(context, &done, &format!("batch {batch} approved"))
        }
        BatchCommand::Reject { batch, reason } => {
            let done = payouts::reject_batch(&store, clock, &session, batch, &reason, &key).await?;
            released(context, &done, batch, "rejected")
        }
        BatchCommand::Cancel { batch, reason } => {
            let done = payouts::cancel_batch(&store, clock, &session, batch, &reason, &key).await?;
            released(context, &done, batch, "cancelled")
        }
        BatchCommand::Show { batch } => show(
            context,
            &payouts::show_batch(&store, &session, batch).await?,
        ),
        BatchCommand::List => list(context, &payouts::list_batches(&store, &session).await?),
        BatchCommand::Execute { batch, out } => executed(
            context,
            &with_second_factor(&store, async |factor| {
                payouts::execute_batch(&store, clock, &session, batch, &out, factor, &key).await
            })
            .await?,
        ),
        BatchCommand::Confirm(c) => {
            let done =
                payouts::confirm_item(&store, clock, &session, c.item, confirmation(&c)?, &key)
                    .await?;
            print_created(context, &done, &format!("payout item {} confirmed", c.item))
        }
        BatchCommand::ConfirmReport { batch, file } => {
            confirm_report(context, &store, &session, batch, &file, &key).await
        }
    }
}

/// A batch rejected or cancelled: its withdrawals free for another batch.
fn released<T: Outcome + serde::Serialize>(
    context: &Context,
    done: &T,
    batch: i64,
    how: &str,
) -> Result<(), Error> {
    let message = format!("batch {batch} {how}; its withdrawals are released");
    print_created(context, done, &message)
}

/// `batch confirm-report BATCH --file FILE`: the bank's report read and confirmed whole.
async fn confirm_report(
    context: &Context,
    store: &prorata_app::Store,
    session: &prorata_app::session::Session,
    batch: i64,
    file: &std::path::Path,
    key: &str,
) -> Result<(), Error> {
    let csv = read_file(file)?;
    let done = payouts::confirm_report_csv(store, &SystemClock, session, batch, &csv, key).await?;
    if context.json {
        return print_json(&done);
    }
    println!(
        "batch {batch}: {} paid, {} failed, as the bank reported",
        done.paid, done.failed
    );
    Ok(())
}
