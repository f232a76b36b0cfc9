//! `prorata event complete | cancel`: an active event completed by hand (nothing pending
//! against it), or an event cancelled with a reason while nothing was ever withdrawn or is
//! pending against it; an approved one's entry is reversed, part by part, in the same
//! transaction.

use prorata_domain::lp::{self, EventAction};
use prorata_store::Store;
use prorata_store::events::{
    EventRecord, event_entries, mark_cancelled, mark_completed, withdrawal_against_event,
};
use prorata_store::ledger::reverse_entry;
use serde_json::json;

use super::read::locked_event;
use crate::clock::Clock;
use crate::input;
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::{Cancelled, Closed};
use crate::session::Session;
use crate::{Code, Error};

const COMPLETE: OperationSpec = OperationSpec {
    name: "event.completed",
    roles: lp::EVENT_KEEPERS,
    purpose: "complete distribution events",
};

const CANCEL: OperationSpec = OperationSpec {
    name: "event.cancelled",
    roles: lp::EVENT_KEEPERS,
    purpose: "cancel distribution events",
};

/// Completes an active event by hand: what its allocations still have available stays owed
/// to their holders, withdrawable as any payable.
pub async fn complete_event(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    idempotency_key: &str,
) -> Result<Closed, Error> {
    let mut op = Operation::begin(store, clock, session, COMPLETE, idempotency_key).await?;
    if let Some(done) = op.claim(&json!({ "id": id })).await? {
        return Ok(done);
    }
    let event = locked_event(&mut op, id).await?;
    event.status.after(EventAction::Complete)?;
    refuse_if_drawn(&mut op, &event, EventAction::Complete).await?;
    mark_completed(op.tx(), id, session.user(), clock.now()).await?;
    let change = Change::new(
        COMPLETE.name,
        format!("event:{id}"),
        json!({ "status": "completed", "by": "hand" }),
    )
    .from(json!({ "status": event.status.as_str() }));
    op.record(change).await?;
    op.finish(Closed { id }).await
}

/// Cancels an event with a reason; an approved one's entry is reversed.
pub async fn cancel_event(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    reason: &str,
    idempotency_key: &str,
) -> Result<Cancelled, Error> {
    let mut op = Operation::begin(store, clock, session, CANCEL, idempotency_key).await?;
    let reason = input::reason(reason)?;
    if let Some(done) = op.claim(&json!({ "id": id, "reason": reason })).await? {
        return Ok(done);
    }
    let event = locked_event(&mut op, id).await?;
    event.status.after(EventAction::Cancel)?;
    refuse_if_drawn(&mut op, &event, EventAction::Cancel).await?;
    let reversals = reverse_parts(&mut op, &event, reason).await?;
    mark_cancelled(op.tx(), id, session.user(), clock.now(), reason, &reversals).await?;
    let after = json!({ "status": "cancelled", "reversal_entry_ids": reversals });
    let change = Change::new(CANCEL.name, format!("event:{id}"), after)
        .from(json!({ "status": event.status.as_str() }))
        .because(Some(reason));
    op.record(change).await?;
    op.finish(Cancelled { id }).await
}

/// Refuses while a withdrawal holds money against the event (or, for a cancel, was ever
/// paid from it), naming the withdrawal.
async fn refuse_if_drawn(
    op: &mut Operation<'_>,
    event: &EventRecord,
    action: EventAction,
) -> Result<(), Error> {
    let or_paid = action == EventAction::Cancel;
    let found = withdrawal_against_event(op.tx(), event.id, or_paid).await?;
    let Some((withdrawal, status, allocation)) = found else {
        return Ok(());
    };
    Err(Error::new(
        Code::Conflict,
        format!(
            "event {} cannot be {}: withdrawal {withdrawal} ({status}) draws on its allocation {allocation}",
            event.id,
            action.as_str()
        ),
    ))
}

/// Reverses each part of an approved event's entry; the reversals' ids, in order.
async fn reverse_parts(
    op: &mut Operation<'_>,
    event: &EventRecord,
    reason: &str,
) -> Result<Vec<i64>, Error> {
    let parts = event_entries(op.tx(), event.id).await?;
    let mut reversals = Vec::with_capacity(parts.len());
    for (n, entry_id) in parts.iter().enumerate() {
        let (by, now) = (op.session().user(), op.clock().now());
        let outcome = reverse_entry(
            op.tx(),
            *entry_id,
            &format!("event:{}:cancel:part:{}", event.id, n + 1),
            by,
            now.date_naive(),
            &format!("LP event {} cancelled: {reason}", event.id),
            now,
        )
        .await?;
        reversals.push(outcome.entry_id());
    }
    Ok(reversals)
}
