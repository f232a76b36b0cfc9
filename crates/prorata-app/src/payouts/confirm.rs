//! `prorata batch confirm ITEM (--paid --reference R | --failed --reason T)`: what the bank
//! did with one payment. Paid: the withdrawal's hold is posted (Dr payable / Cr
//! `payout:clearing`) and the money leaves the bank (Dr `payout:clearing` / Cr `bank:{id}`),
//! in one transaction. Failed: the hold is voided and the money is available again.

use prorata_domain::ledger::Phase;
use prorata_domain::ledger::templates::{PayoutPaid, payout_paid};
use prorata_domain::payout::{self, PayoutItemStatus};
use prorata_store::Store;
use prorata_store::ledger::{post_hold, void_hold};
use prorata_store::payouts::{
    ItemOutcome, ItemRecord, find_batch, lock_item, lock_withdrawal, mark_item_confirmed,
};
use serde_json::json;

use crate::clock::Clock;
use crate::ledger::{TemplateBooking, book_template};
use crate::operation::{Change, Operation, OperationSpec};
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

async fn sent_item(op: &mut Operation<'_>, item_id: i64) -> Result<ItemRecord, Error> {
    let program_id = op.session().program.id;
    let item = lock_item(op.tx(), program_id, item_id)
        .await?
        .ok_or_else(|| Error::invalid("item", format!("no payout item is numbered {item_id}")))?;
    if item.status != PayoutItemStatus::Sent {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "payout item {item_id} is {}: only an item sent to the bank is confirmed",
                item.status
            ),
        ));
    }
    Ok(item)
}

pub async fn confirm_item(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    item_id: i64,
    confirmation: Confirmation<'_>,
    idempotency_key: &str,
) -> Result<Confirmed, Error> {
    let mut op = Operation::begin(store, clock, session, CONFIRM, idempotency_key).await?;
    let (request, words) = match confirmation {
        Confirmation::Paid { reference } => {
            let reference = input::note("reference", Some(reference))?
                .ok_or_else(|| Error::invalid("reference", "the bank's reference is needed"))?;
            (json!({ "item_id": item_id, "paid": reference }), reference)
        }
        Confirmation::Failed { reason } => {
            let reason = input::reason(reason)?.to_owned();
            (json!({ "item_id": item_id, "failed": reason }), reason)
        }
    };
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let item = sent_item(&mut op, item_id).await?;
    match confirmation {
        Confirmation::Paid { .. } => paid(&mut op, &item, &words).await?,
        Confirmation::Failed { .. } => failed(&mut op, &item, &words).await?,
    }
    op.finish(Confirmed { id: item_id }).await
}

async fn paid(op: &mut Operation<'_>, item: &ItemRecord, reference: &str) -> Result<(), Error> {
    let (session, now) = (op.session(), op.clock().now());
    let program_id = session.program.id;
    let w = lock_withdrawal(op.tx(), program_id, item.withdrawal_id)
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("item {} has no withdrawal", item.id),
            )
        })?;
    let batch = find_batch(op.tx(), program_id, item.batch_id)
        .await?
        .ok_or_else(|| Error::new(Code::Internal, format!("item {} has no batch", item.id)))?;
    let key = format!("withdrawal:{}:paid", w.id);
    post_hold(
        op.tx(),
        w.hold_entry_id,
        &key,
        session.user(),
        now.date_naive(),
        now,
    )
    .await?;
    let currency = stored::currency(&item.currency)?;
    let template = payout_paid(&PayoutPaid {
        bank_id: batch.bank_id,
        amount: stored::money(item.amount_minor, currency)?,
    })?;
    let booking = TemplateBooking {
        program_id,
        template,
        currency,
        phase: Phase::Posted,
        idempotency_key: format!("payout_item:{}", item.id),
        effective_date: now.date_naive(),
        actor: session.user(),
        description: format!(
            "payout item {} of batch {}: {reference}",
            item.id, item.batch_id
        ),
    };
    let entry = book_template(op.tx(), booking, now).await?;
    let outcome = ItemOutcome::Paid {
        bank_reference: reference,
        payment_entry_id: entry,
    };
    mark_item_confirmed(op.tx(), item.id, w.id, outcome, session.user(), now).await?;
    op.audit(
        format!("payout_item:{}", item.id),
        json!({ "status": "paid", "bank_reference": reference, "payment_entry_id": entry }),
    )
    .await
}

async fn failed(op: &mut Operation<'_>, item: &ItemRecord, reason: &str) -> Result<(), Error> {
    let (session, now) = (op.session(), op.clock().now());
    let program_id = session.program.id;
    let w = lock_withdrawal(op.tx(), program_id, item.withdrawal_id)
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("item {} has no withdrawal", item.id),
            )
        })?;
    void_hold(op.tx(), w.hold_entry_id, session.user(), now).await?;
    mark_item_confirmed(
        op.tx(),
        item.id,
        w.id,
        ItemOutcome::Failed { reason },
        session.user(),
        now,
    )
    .await?;
    let change = Change::new(
        CONFIRM.name,
        format!("payout_item:{}", item.id),
        json!({ "status": "failed", "hold": "voided" }),
    );
    op.record(change.because(Some(reason))).await
}
