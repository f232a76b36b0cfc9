//! `prorata batch confirm ITEM (--paid --reference R | --failed --reason T)` and
//! `prorata batch confirm BATCH --report FILE`: what the bank did with its payments, one or a
//! whole report at once. Paid: the withdrawal's hold is posted (Dr payable / Cr
//! `payout:clearing`) and the money leaves the bank (Dr `payout:clearing` / Cr `bank:{id}`).
//! Failed: the hold is voided and the money is available again. Either way in one
//! transaction, a few statements whatever the report's size.

use std::collections::{HashMap, HashSet};

use prorata_domain::ledger::Phase;
use prorata_domain::ledger::templates::{PayoutPaid, payout_paid};
use prorata_domain::payout::{self, BatchStatus, PayoutItemStatus};
use prorata_store::Store;
use prorata_store::events::drawn_by_withdrawals;
use prorata_store::ledger::{
    HoldChange, HoldResolution, NewEntry, open_accounts, post_entries, resolve_holds,
};
use prorata_store::payouts::{
    BatchRecord, ConfirmedItem, ItemOutcome, ItemRecord, find_item, lock_batch,
    lock_items_by_reference, lock_withdrawal_holds, mark_items_confirmed,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::MAX_ITEMS_PER_BATCH;
use crate::clock::Clock;
use crate::events::allocations_moved_in_op;
use crate::ledger::new_account;
use crate::operation::{Operation, OperationSpec};
use crate::responses::Confirmed;
use crate::session::Session;
use crate::{Code, Error, input, stored};

const CONFIRM: OperationSpec = OperationSpec {
    name: "batch.confirm",
    roles: payout::BATCH_HANDLERS,
    purpose: "confirm payouts",
};

/// What the bank said of a payment.
#[derive(Debug, Clone, Copy)]
pub enum Confirmation<'a> {
    Paid { reference: &'a str },
    Failed { reason: &'a str },
}

/// One line of a bank's report: the payment by the reference the bank carried back (its
/// `EndToEndId`), and what became of it.
#[derive(Debug, Clone, Copy)]
pub struct ReportLine<'a> {
    pub reference: &'a str,
    pub outcome: Confirmation<'a>,
}

/// What confirming a report did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportConfirmed {
    /// The batch.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub failed: i64,
}

/// A line as checked: its words trimmed, and where it stands in the report (from 1).
struct Checked<'a> {
    line: usize,
    reference: &'a str,
    paid: bool,
    words: String,
}

fn checked<'a>(lines: &'a [ReportLine<'a>]) -> Result<Vec<Checked<'a>>, Error> {
    if lines.is_empty() || lines.len() > MAX_ITEMS_PER_BATCH {
        return Err(Error::invalid(
            "report",
            format!("give 1 to {MAX_ITEMS_PER_BATCH} lines"),
        ));
    }
    let mut seen = HashSet::with_capacity(lines.len());
    let mut out = Vec::with_capacity(lines.len());
    for (index, l) in lines.iter().enumerate() {
        let line = index + 1;
        let at = |e: Error| Error::new(e.code, format!("line {line}: {}", e.message));
        let reference = l.reference.trim();
        if reference.is_empty() || !seen.insert(reference) {
            let problem = "names no payment, or one another line names";
            return Err(at(Error::invalid("reference", problem)));
        }
        let (paid, words) = match l.outcome {
            Confirmation::Paid { reference } => (
                true,
                input::note("bank_reference", Some(reference))
                    .map_err(at)?
                    .ok_or_else(|| {
                        at(Error::invalid(
                            "bank_reference",
                            "the bank's reference is needed",
                        ))
                    })?,
            ),
            Confirmation::Failed { reason } => {
                (false, input::reason(reason).map_err(at)?.to_owned())
            }
        };
        out.push(Checked {
            line,
            reference,
            paid,
            words,
        });
    }
    Ok(out)
}

/// Confirms one item.
pub async fn confirm_item(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    item_id: i64,
    confirmation: Confirmation<'_>,
    idempotency_key: &str,
) -> Result<Confirmed, Error> {
    let mut op = Operation::begin(store, clock, session, CONFIRM, idempotency_key).await?;
    let request = match confirmation {
        Confirmation::Paid { reference } => json!({ "item_id": item_id, "paid": reference }),
        Confirmation::Failed { reason } => json!({ "item_id": item_id, "failed": reason }),
    };
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let program_id = op.session().program.id;
    let item = find_item(op.tx(), program_id, item_id)
        .await?
        .ok_or_else(|| Error::invalid("item", format!("no payout item is numbered {item_id}")))?;
    let line = ReportLine {
        reference: &item.reference,
        outcome: confirmation,
    };
    let lines = checked(std::slice::from_ref(&line))
        .map_err(|e| Error::new(e.code, e.message.replacen("line 1: ", "", 1)))?;
    let batch = executed_batch(&mut op, item.batch_id).await?;
    confirm_in_op(&mut op, &batch, &lines).await?;
    op.finish(Confirmed { id: item_id }).await
}

/// Confirms a bank's report on a batch: every line or, if one is wrong, none.
pub async fn confirm_report(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    batch_id: i64,
    lines: &[ReportLine<'_>],
    idempotency_key: &str,
) -> Result<ReportConfirmed, Error> {
    let mut op = Operation::begin(store, clock, session, CONFIRM, idempotency_key).await?;
    let checked = checked(lines)?;
    let digest: Vec<_> = checked
        .iter()
        .map(|l| json!([l.reference, l.paid, l.words]))
        .collect();
    let request = json!({ "batch_id": batch_id, "report": report_digest(&digest) });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let batch = executed_batch(&mut op, batch_id).await?;
    confirm_in_op(&mut op, &batch, &checked).await?;
    let paid = checked.iter().filter(|l| l.paid).count();
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let done = ReportConfirmed {
        id: batch_id,
        paid: count(paid),
        failed: count(checked.len() - paid),
    };
    op.finish(done).await
}

/// Confirms items of an executed batch inside another flow's operation (a reconciliation's):
/// the same checks and effects as a bank's report on the batch, in that operation's
/// transaction.
pub(crate) async fn confirm_lines_in_op(
    op: &mut Operation<'_>,
    batch_id: i64,
    lines: &[ReportLine<'_>],
) -> Result<(), Error> {
    let checked = checked(lines)?;
    let batch = executed_batch(op, batch_id).await?;
    confirm_in_op(op, &batch, &checked).await
}

/// The SHA-256 of a report's lines: a replay is the same report, whatever its size.
fn report_digest(lines: &[serde_json::Value]) -> String {
    use sha2::{Digest, Sha256};
    let text = serde_json::to_string(lines).unwrap_or_default();
    prorata_store::crypto::to_hex(&Sha256::digest(text.as_bytes()))
}

/// The batch, locked: only an executed batch's items are confirmed.
async fn executed_batch(op: &mut Operation<'_>, batch_id: i64) -> Result<BatchRecord, Error> {
    let program_id = op.session().program.id;
    let batch = lock_batch(op.tx(), program_id, batch_id)
        .await?
        .ok_or_else(|| {
            Error::invalid("batch", format!("no payout batch is numbered {batch_id}"))
        })?;
    if batch.status != BatchStatus::Executed {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "payout batch {batch_id} is {}: only an executed batch's items are confirmed",
                batch.status
            ),
        ));
    }
    Ok(batch)
}

/// The items the lines name, locked, each sent to the bank; in the lines' order.
async fn sent_items(
    op: &mut Operation<'_>,
    batch_id: i64,
    lines: &[Checked<'_>],
) -> Result<Vec<ItemRecord>, Error> {
    let references: Vec<&str> = lines.iter().map(|l| l.reference).collect();
    let found = lock_items_by_reference(op.tx(), batch_id, &references).await?;
    let mut by_reference: HashMap<String, ItemRecord> = found
        .into_iter()
        .map(|i| (i.reference.clone(), i))
        .collect();
    let mut items = Vec::with_capacity(lines.len());
    for l in lines {
        let item = by_reference.remove(l.reference).ok_or_else(|| {
            Error::invalid(
                format!("line {}: reference", l.line),
                format!("no item of batch {batch_id} carries {}", l.reference),
            )
        })?;
        if item.status != PayoutItemStatus::Sent {
            return Err(Error::new(
                Code::Conflict,
                format!(
                    "line {}: payout item {} is {}: only an item sent to the bank is confirmed",
                    l.line, item.id, item.status
                ),
            ));
        }
        items.push(item);
    }
    Ok(items)
}

/// Resolves each item's hold: posted where the bank paid, voided where it did not.
async fn resolve(
    op: &mut Operation<'_>,
    items: &[ItemRecord],
    lines: &[Checked<'_>],
) -> Result<(), Error> {
    let (session, now) = (op.session(), op.clock().now());
    let withdrawals: Vec<i64> = items.iter().map(|i| i.withdrawal_id).collect();
    let holds = lock_withdrawal_holds(op.tx(), session.program.id, &withdrawals).await?;
    let mut changes = Vec::with_capacity(items.len());
    for (item, line) in items.iter().zip(lines) {
        let hold_id = *holds.get(&item.withdrawal_id).ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("item {} has no withdrawal", item.id),
            )
        })?;
        changes.push(if line.paid {
            let idempotency_key = format!("withdrawal:{}:paid", item.withdrawal_id);
            HoldChange::Post {
                hold_id,
                idempotency_key,
            }
        } else {
            HoldChange::Void { hold_id }
        });
    }
    let done = resolve_holds(op.tx(), &changes, session.user(), now.date_naive(), now).await?;
    // An item sent to the bank holds an unresolved hold: resolving it does something.
    if done.contains(&HoldResolution::AlreadyDone) {
        return Err(Error::new(
            Code::Internal,
            "a sent item's hold was resolved already",
        ));
    }
    Ok(())
}

/// The money leaving the bank, one entry per paid item; their ids in order.
async fn book_payments(
    op: &mut Operation<'_>,
    batch: &BatchRecord,
    paid: &[(&ItemRecord, &Checked<'_>)],
) -> Result<Vec<i64>, Error> {
    let (session, now) = (op.session(), op.clock().now());
    let program_id = session.program.id;
    let currency = stored::currency(&batch.currency)?;
    let mut entries = Vec::with_capacity(paid.len());
    for (item, line) in paid {
        let template = payout_paid(&PayoutPaid {
            bank_id: batch.bank_id,
            amount: stored::money(item.amount_minor, currency)?,
        })?;
        if entries.is_empty() {
            let accounts: Vec<_> = template
                .accounts
                .iter()
                .map(|a| new_account(program_id, a, currency))
                .collect();
            open_accounts(op.tx(), program_id, &accounts, now).await?;
        }
        entries.push(NewEntry {
            program_id,
            idempotency_key: format!("payout_item:{}", item.id),
            kind: template.kind.to_owned(),
            phase: Phase::Posted,
            effective_date: now.date_naive(),
            actor: session.user().to_owned(),
            description: format!(
                "payout item {} of batch {}: {}",
                item.id, item.batch_id, line.words
            ),
            legs: template.legs,
        });
    }
    let outcomes = post_entries(op.tx(), &entries, now).await?;
    Ok(outcomes.iter().map(|o| o.entry_id()).collect())
}

/// Confirms the lines' items in the operation: holds resolved, payments booked, items and
/// withdrawals marked, one audit record naming each item and what became of it.
async fn confirm_in_op(
    op: &mut Operation<'_>,
    batch: &BatchRecord,
    lines: &[Checked<'_>],
) -> Result<(), Error> {
    let items = sent_items(op, batch.id, lines).await?;
    let withdrawal_ids: Vec<i64> = items.iter().map(|i| i.withdrawal_id).collect();
    let drawn = drawn_by_withdrawals(op.tx(), &withdrawal_ids).await?;
    resolve(op, &items, lines).await?;
    let paid: Vec<(&ItemRecord, &Checked<'_>)> =
        items.iter().zip(lines).filter(|(_, l)| l.paid).collect();
    let entries = book_payments(op, batch, &paid).await?;
    let mut entry_of = paid
        .iter()
        .map(|(i, _)| i.id)
        .zip(entries)
        .collect::<HashMap<_, _>>();
    let mut confirmed = Vec::with_capacity(items.len());
    let mut recorded = Vec::with_capacity(items.len());
    for (item, line) in items.iter().zip(lines) {
        let outcome = match entry_of.remove(&item.id) {
            Some(payment_entry_id) => ItemOutcome::Paid {
                bank_reference: &line.words,
                payment_entry_id,
            },
            None => ItemOutcome::Failed {
                reason: &line.words,
            },
        };
        let status = if line.paid { "paid" } else { "failed" };
        recorded.push(json!({ "item": item.id, "status": status, "said": line.words }));
        confirmed.push(ConfirmedItem {
            item_id: item.id,
            withdrawal_id: item.withdrawal_id,
            outcome,
        });
    }
    let (by, now) = (op.session().user(), op.clock().now());
    mark_items_confirmed(op.tx(), &confirmed, by, now).await?;
    op.audit(
        format!("batch:{}", batch.id),
        json!({ "confirmed": recorded }),
    )
    .await?;
    allocations_moved_in_op(op, &drawn).await
}

/// Confirms a bank's report given as CSV (`reference,status,detail`, see
/// [`prorata_bankfiles::read_payment_report`]): every line or, if one is wrong, none.
pub async fn confirm_report_csv(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    batch_id: i64,
    csv: &[u8],
    idempotency_key: &str,
) -> Result<ReportConfirmed, Error> {
    use prorata_bankfiles::ReportedOutcome;
    let read =
        prorata_bankfiles::read_payment_report(csv).map_err(|e| Error::invalid("report", e))?;
    let lines: Vec<ReportLine<'_>> = read
        .iter()
        .map(|p| ReportLine {
            reference: &p.reference,
            outcome: match &p.outcome {
                ReportedOutcome::Paid { bank_reference } => Confirmation::Paid {
                    reference: bank_reference,
                },
                ReportedOutcome::Failed { reason } => Confirmation::Failed { reason },
            },
        })
        .collect();
    confirm_report(store, clock, session, batch_id, &lines, idempotency_key).await
}
