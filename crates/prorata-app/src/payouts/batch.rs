//! `prorata batch create | add | submit | approve | reject | cancel`: approved withdrawals of
//! one currency gathered into a batch paid from one bank account, submitted, and approved by
//! someone who did not build it (or rejected with a reason, or cancelled, which releases its
//! withdrawals to join another batch).

use prorata_domain::control::{UserName, check_maker_checker};
use prorata_domain::payout::{self, BatchAction, BatchStatus, WithdrawalStatus};
use prorata_store::Store;
use prorata_store::payouts::{
    BatchAct, BatchRecord, NewItem, REFRESH_STATISTICS_FROM_ITEMS, find_bank_account, insert_batch,
    insert_items, items_of, live_batches_of, lock_batch, lock_withdrawals, mark_batch_approved,
    mark_batch_closed, mark_submitted, refresh_statistics,
};
use serde_json::json;

use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::{Approved, Cancelled, Changed, Created, Rejected};
use crate::second_factor::{SecondFactor, verified};
use crate::session::Session;
use crate::{Code, Error, input};

/// The most withdrawals one batch pays.
pub const MAX_ITEMS_PER_BATCH: usize = 10_000;

const CREATE: OperationSpec = OperationSpec {
    name: "batch.create",
    roles: payout::BATCH_BUILDERS,
    purpose: "build payout batches",
};
const ADD: OperationSpec = OperationSpec {
    name: "batch.add",
    roles: payout::BATCH_BUILDERS,
    purpose: "build payout batches",
};
const SUBMIT: OperationSpec = OperationSpec {
    name: "batch.submit",
    roles: payout::BATCH_BUILDERS,
    purpose: "submit payout batches",
};
const APPROVE: OperationSpec = OperationSpec {
    name: "batch.approve",
    roles: payout::APPROVERS,
    purpose: "approve payout batches",
};
const REJECT: OperationSpec = OperationSpec {
    name: "batch.reject",
    roles: payout::APPROVERS,
    purpose: "reject payout batches",
};
const CANCEL: OperationSpec = OperationSpec {
    name: "batch.cancel",
    roles: payout::BATCH_HANDLERS,
    purpose: "cancel payout batches",
};

/// A new draft batch paying from one of the organisation's bank accounts, in its currency.
pub async fn create_batch(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, CREATE, idempotency_key).await?;
    let bank = find_bank_account(op.tx(), session.program.id, bank.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "bank",
                format!("no bank account is called or numbered {bank}"),
            )
        })?;
    let request = json!({ "bank_id": bank.id });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let id = insert_batch(
        op.tx(),
        session.program.id,
        bank.id,
        &bank.currency,
        session.user(),
        clock.now(),
    )
    .await?;
    op.audit(
        format!("batch:{id}"),
        json!({ "status": "draft", "bank_id": bank.id, "currency": bank.currency }),
    )
    .await?;
    op.finish(Created { id }).await
}

/// The batch, locked, if it may take `action` now.
async fn locked_for(
    op: &mut Operation<'_>,
    id: i64,
    action: BatchAction,
) -> Result<BatchRecord, Error> {
    let program_id = op.session().program.id;
    let batch = lock_batch(op.tx(), program_id, id)
        .await?
        .ok_or_else(|| Error::invalid("batch", format!("no payout batch is numbered {id}")))?;
    batch.status.after(action)?;
    Ok(batch)
}

/// The withdrawals to add, each approved, in the batch's currency, and in no live batch.
async fn items_for(
    op: &mut Operation<'_>,
    batch: &BatchRecord,
    ids: &[i64],
) -> Result<Vec<NewItem>, Error> {
    let program_id = op.session().program.id;
    let rows = lock_withdrawals(op.tx(), program_id, ids).await?;
    if let Some(missing) = ids.iter().find(|id| !rows.iter().any(|r| r.0 == **id)) {
        return Err(Error::invalid(
            "withdrawal",
            format!("no withdrawal is numbered {missing}"),
        ));
    }
    for (id, status, currency, _) in &rows {
        if *status != WithdrawalStatus::Approved {
            return Err(Error::new(
                Code::Conflict,
                format!("withdrawal {id} is {status}: only an approved one joins a batch"),
            ));
        }
        if *currency != batch.currency {
            return Err(Error::invalid(
                "withdrawal",
                format!(
                    "withdrawal {id} is in {currency}; batch {} pays {}",
                    batch.id, batch.currency
                ),
            ));
        }
    }
    if let Some((w, b)) = live_batches_of(op.tx(), ids).await?.first() {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "withdrawal {w} is in batch {b} already: a withdrawal is in one live batch at most"
            ),
        ));
    }
    Ok(rows
        .into_iter()
        .map(|(id, _, _, amount_minor)| NewItem {
            withdrawal_id: id,
            amount_minor,
            reference: format!("PRORATA-{program_id}-B{}-W{id}", batch.id),
        })
        .collect())
}

/// Adds approved withdrawals to a draft batch.
pub async fn add_to_batch(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    batch_id: i64,
    withdrawal_ids: &[i64],
    idempotency_key: &str,
) -> Result<Changed, Error> {
    let mut op = Operation::begin(store, clock, session, ADD, idempotency_key).await?;
    let mut ids = withdrawal_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_ITEMS_PER_BATCH {
        return Err(Error::invalid(
            "withdrawals",
            format!("name 1 to {MAX_ITEMS_PER_BATCH} withdrawals"),
        ));
    }
    let request = json!({ "batch_id": batch_id, "withdrawal_ids": ids });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let batch = locked_for(&mut op, batch_id, BatchAction::Add).await?;
    let held = items_of(op.tx(), batch_id).await?.len();
    if held + ids.len() > MAX_ITEMS_PER_BATCH {
        return Err(Error::invalid(
            "withdrawals",
            format!("a batch pays at most {MAX_ITEMS_PER_BATCH} withdrawals; it has {held}"),
        ));
    }
    let items = items_for(&mut op, &batch, &ids).await?;
    insert_items(
        op.tx(),
        session.program.id,
        batch_id,
        &batch.currency,
        &items,
    )
    .await?;
    if items.len() >= REFRESH_STATISTICS_FROM_ITEMS {
        refresh_statistics(op.tx()).await?;
    }
    op.audit(format!("batch:{batch_id}"), json!({ "added": ids }))
        .await?;
    op.finish(Changed { id: batch_id }).await
}

/// Submits a draft batch for approval; it takes no more withdrawals.
pub async fn submit_batch(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    batch_id: i64,
    idempotency_key: &str,
) -> Result<Changed, Error> {
    let mut op = Operation::begin(store, clock, session, SUBMIT, idempotency_key).await?;
    if let Some(done) = op.claim(&json!({ "batch_id": batch_id })).await? {
        return Ok(done);
    }
    locked_for(&mut op, batch_id, BatchAction::Submit).await?;
    if items_of(op.tx(), batch_id).await?.is_empty() {
        return Err(Error::new(
            Code::Conflict,
            format!("batch {batch_id} has no withdrawals to submit"),
        ));
    }
    let act = BatchAct {
        batch_id,
        by: session.user(),
        at: clock.now(),
    };
    mark_submitted(op.tx(), act).await?;
    op.audit(
        format!("batch:{batch_id}"),
        json!({ "status": BatchStatus::PendingApproval }),
    )
    .await?;
    op.finish(Changed { id: batch_id }).await
}

/// Approves a submitted batch: never by the person who built it, whatever roles they hold;
/// with a fresh code in `factor` when the program requires a second factor.
pub async fn approve_batch(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    batch_id: i64,
    factor: SecondFactor<'_>,
    idempotency_key: &str,
) -> Result<Approved, Error> {
    let mut op = Operation::begin(store, clock, session, APPROVE, idempotency_key).await?;
    if let Some(done) = op.claim(&json!({ "batch_id": batch_id })).await? {
        return Ok(done);
    }
    let batch = locked_for(&mut op, batch_id, BatchAction::Approve).await?;
    let maker = UserName::parse(&batch.created_by)?;
    check_maker_checker(
        &maker,
        &op.actor().user,
        &format!("payout batch {batch_id}"),
    )?;
    // The code once the batch is locked and may be approved by this person: a code is not
    // spent on an act refused anyway, and every batch act locks the batch, then the factor.
    let mut op = verified(op, factor).await?;
    let act = BatchAct {
        batch_id,
        by: session.user(),
        at: clock.now(),
    };
    mark_batch_approved(op.tx(), act).await?;
    op.audit(
        format!("batch:{batch_id}"),
        json!({ "status": BatchStatus::Approved }),
    )
    .await?;
    op.finish(Approved { id: batch_id }).await
}

/// Rejects a submitted batch with a reason, or cancels one not yet executed: its
/// withdrawals stay approved, with their holds, free to join another batch.
async fn close_batch(
    op: &mut Operation<'_>,
    batch_id: i64,
    action: BatchAction,
    reason: &str,
) -> Result<(), Error> {
    let (session, now) = (op.session(), op.clock().now());
    let status = locked_for(op, batch_id, action)
        .await?
        .status
        .after(action)?;
    let act = BatchAct {
        batch_id,
        by: session.user(),
        at: now,
    };
    mark_batch_closed(op.tx(), act, status, reason).await?;
    let name = if status == BatchStatus::Rejected {
        REJECT.name
    } else {
        CANCEL.name
    };
    let change = Change::new(
        name,
        format!("batch:{batch_id}"),
        json!({ "status": status, "items": "released" }),
    );
    op.record(change.because(Some(reason))).await
}

pub async fn reject_batch(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    batch_id: i64,
    reason: &str,
    idempotency_key: &str,
) -> Result<Rejected, Error> {
    let mut op = Operation::begin(store, clock, session, REJECT, idempotency_key).await?;
    let reason = input::reason(reason)?;
    if let Some(done) = op
        .claim(&json!({ "batch_id": batch_id, "reason": reason }))
        .await?
    {
        return Ok(done);
    }
    close_batch(&mut op, batch_id, BatchAction::Reject, reason).await?;
    op.finish(Rejected { id: batch_id }).await
}

pub async fn cancel_batch(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    batch_id: i64,
    reason: &str,
    idempotency_key: &str,
) -> Result<Cancelled, Error> {
    let mut op = Operation::begin(store, clock, session, CANCEL, idempotency_key).await?;
    let reason = input::reason(reason)?;
    if let Some(done) = op
        .claim(&json!({ "batch_id": batch_id, "reason": reason }))
        .await?
    {
        return Ok(done);
    }
    close_batch(&mut op, batch_id, BatchAction::Cancel, reason).await?;
    op.finish(Cancelled { id: batch_id }).await
}
