//! `prorata withdrawal approve | reject | cancel`: an approver who did not enter a request
//! approves it, or rejects it with a reason; an officer or approver cancels one not yet
//! sent. Rejecting or cancelling voids its hold, so the money is available again.

use prorata_domain::control::{UserName, check_maker_checker};
use prorata_domain::payout::{self, WithdrawalAction, WithdrawalStatus};
use prorata_store::Store;
use prorata_store::events::drawn_by_withdrawals;
use prorata_store::ledger::void_hold;
use prorata_store::payouts::{WithdrawalRecord, lock_withdrawal, mark_cancelled, mark_decided};
use serde_json::json;

use crate::Error;
use crate::clock::Clock;
use crate::events::allocations_moved_in_op;
use crate::input;
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::{Approved, Cancelled, Rejected};
use crate::session::Session;

const APPROVE: OperationSpec = OperationSpec {
    name: "withdrawal.approve",
    roles: payout::APPROVERS,
    purpose: "approve withdrawal requests",
};

const REJECT: OperationSpec = OperationSpec {
    name: "withdrawal.reject",
    roles: payout::APPROVERS,
    purpose: "reject withdrawal requests",
};

const CANCEL: OperationSpec = OperationSpec {
    name: "withdrawal.cancel",
    roles: payout::CANCELLERS,
    purpose: "cancel withdrawal requests",
};

/// The request, locked, if it may take `action` now; the enterer never decides it.
async fn locked_for(
    op: &mut Operation<'_>,
    id: i64,
    action: WithdrawalAction,
) -> Result<WithdrawalRecord, Error> {
    let program_id = op.session().program.id;
    let w = lock_withdrawal(op.tx(), program_id, id)
        .await?
        .ok_or_else(|| Error::invalid("withdrawal", format!("no withdrawal is numbered {id}")))?;
    w.status.after(action)?;
    if matches!(action, WithdrawalAction::Approve | WithdrawalAction::Reject) {
        let maker = UserName::parse(&w.requested_by)?;
        check_maker_checker(&maker, &op.actor().user, &format!("withdrawal {id}"))?;
    }
    Ok(w)
}

/// Approves a pending request; its hold stays until the bank pays it.
pub async fn approve_withdrawal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    idempotency_key: &str,
) -> Result<Approved, Error> {
    let mut op = Operation::begin(store, clock, session, APPROVE, idempotency_key).await?;
    if let Some(done) = op.claim(&json!({ "id": id })).await? {
        return Ok(done);
    }
    locked_for(&mut op, id, WithdrawalAction::Approve).await?;
    mark_decided(
        op.tx(),
        id,
        WithdrawalStatus::Approved,
        session.user(),
        clock.now(),
        None,
    )
    .await?;
    op.audit(format!("withdrawal:{id}"), json!({ "status": "approved" }))
        .await?;
    op.finish(Approved { id }).await
}

/// Rejects a pending request with a reason and voids its hold.
pub async fn reject_withdrawal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    reason: &str,
    idempotency_key: &str,
) -> Result<Rejected, Error> {
    let mut op = Operation::begin(store, clock, session, REJECT, idempotency_key).await?;
    let reason = input::reason(reason)?;
    if let Some(done) = op.claim(&json!({ "id": id, "reason": reason })).await? {
        return Ok(done);
    }
    let w = locked_for(&mut op, id, WithdrawalAction::Reject).await?;
    let drawn = drawn_by_withdrawals(op.tx(), &[id]).await?;
    void_hold(op.tx(), w.hold_entry_id, session.user(), clock.now()).await?;
    mark_decided(
        op.tx(),
        id,
        WithdrawalStatus::Rejected,
        session.user(),
        clock.now(),
        Some(reason),
    )
    .await?;
    let change = Change::new(
        REJECT.name,
        format!("withdrawal:{id}"),
        json!({ "status": "rejected", "hold": "voided" }),
    );
    op.record(change.because(Some(reason))).await?;
    allocations_moved_in_op(&mut op, &drawn).await?;
    op.finish(Rejected { id }).await
}

/// Cancels a request that is pending or approved (not yet sent) and voids its hold.
pub async fn cancel_withdrawal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    idempotency_key: &str,
) -> Result<Cancelled, Error> {
    let mut op = Operation::begin(store, clock, session, CANCEL, idempotency_key).await?;
    if let Some(done) = op.claim(&json!({ "id": id })).await? {
        return Ok(done);
    }
    let w = locked_for(&mut op, id, WithdrawalAction::Cancel).await?;
    let drawn = drawn_by_withdrawals(op.tx(), &[id]).await?;
    void_hold(op.tx(), w.hold_entry_id, session.user(), clock.now()).await?;
    mark_cancelled(op.tx(), id, session.user(), clock.now()).await?;
    op.audit(
        format!("withdrawal:{id}"),
        json!({ "status": "cancelled", "hold": "voided" }),
    )
    .await?;
    allocations_moved_in_op(&mut op, &drawn).await?;
    op.finish(Cancelled { id }).await
}
