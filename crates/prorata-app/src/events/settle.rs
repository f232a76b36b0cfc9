//! Withdrawals against allocations, as the payouts flow moves them: a request checked
//! against its allocation (the event active, the payee the allocation's holder, the amount
//! within what is available) and, whenever withdrawals are decided or confirmed, each
//! allocation's change on the audit chain with before and after, and the events whose every
//! allocation is now fully withdrawn completed. PostgreSQL moves the positions themselves.

use std::collections::BTreeMap;

use prorata_domain::Money;
use prorata_domain::ledger::chart::investor_payable;
use prorata_domain::lp::{AllocationPosition, EventStatus};
use prorata_store::events::{
    AllocationRecord, DrawnAllocation, drawn_by_withdrawals, events_fully_withdrawn, lock_position,
    mark_completed, share_allocation_event,
};
use prorata_store::ledger::Account;
use serde_json::{Value, json};

use crate::operation::{Change, Operation};
use crate::{Code, Error};

/// The audit action of an allocation moved by a withdrawal.
pub(crate) const ALLOCATION_MOVED: &str = "allocation.moved";
/// The audit action of an event completed by the payment that withdrew the last of it.
const EVENT_COMPLETED: &str = "event.completed";

/// A withdrawal's draw on an allocation, checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AllocationDraw {
    pub allocation_id: i64,
    pub before: AllocationPosition,
    pub after: AllocationPosition,
}

impl AllocationDraw {
    pub fn audit_record(&self) -> (Value, Value) {
        (position_json(&self.before), position_json(&self.after))
    }
}

/// The allocation a request draws on, its event shared (taken before the payable's balance
/// is locked), checked: the event active, the payee its holder, the amount available now.
pub(crate) async fn allocation_for_withdrawal(
    op: &mut Operation<'_>,
    id: i64,
    payable: &Account,
    amount: Money,
) -> Result<AllocationRecord, Error> {
    let program_id = op.session().program.id;
    let a = share_allocation_event(op.tx(), program_id, id)
        .await?
        .ok_or_else(|| Error::invalid("allocation", format!("no allocation is numbered {id}")))?;
    if a.event_status != EventStatus::Active {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "allocation {id} belongs to event {}, which is {}: only an active event's allocations are withdrawn",
                a.event_id, a.event_status
            ),
        ));
    }
    let holder = investor_payable(a.investor_id);
    if payable.code.as_str() != holder.code.as_str() || payable.currency.code() != a.currency {
        return Err(Error::invalid(
            "allocation",
            format!(
                "allocation {id} is {}'s, in {}: its withdrawals are drawn on {}",
                a.investor_name, a.currency, holder.code
            ),
        ));
    }
    a.position().requested(id, amount)?;
    Ok(a)
}

/// The allocation's row locked (after the payable's balance) and the request checked again
/// against what it has available now.
pub(crate) async fn draw_on_allocation(
    op: &mut Operation<'_>,
    id: i64,
    amount: Money,
) -> Result<AllocationDraw, Error> {
    let before = lock_position(op.tx(), id).await?;
    let after = before.requested(id, amount)?;
    Ok(AllocationDraw {
        allocation_id: id,
        before,
        after,
    })
}

/// After withdrawals were decided or confirmed: each allocation they draw on recorded with
/// where it stood before (`before`, read ahead of the change) and stands now, and the events
/// whose every allocation is now fully withdrawn completed.
pub(crate) async fn allocations_moved_in_op(
    op: &mut Operation<'_>,
    before: &[DrawnAllocation],
) -> Result<(), Error> {
    if before.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = before.iter().map(|d| d.withdrawal_id).collect();
    let after = drawn_by_withdrawals(op.tx(), &ids).await?;
    // One record per allocation: its position before the first change and after the last.
    let mut moved: BTreeMap<i64, (AllocationPosition, AllocationPosition, i64)> = BTreeMap::new();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.withdrawal_id, a.withdrawal_id, "read in the same order");
        let entry = moved
            .entry(b.allocation_id)
            .or_insert((b.position, a.position, a.event_id));
        entry.1 = a.position;
    }
    for (allocation_id, (was, is, _)) in &moved {
        assert!(is.holds(), "allocated = withdrawn + pending + available");
        if was == is {
            continue;
        }
        let change = Change::new(
            ALLOCATION_MOVED,
            format!("allocation:{allocation_id}"),
            position_json(is),
        )
        .from(position_json(was));
        op.record(change).await?;
    }
    let mut events: Vec<i64> = moved.values().map(|(_, _, event)| *event).collect();
    events.sort_unstable();
    events.dedup();
    complete_fully_withdrawn(op, &events).await
}

async fn complete_fully_withdrawn(op: &mut Operation<'_>, events: &[i64]) -> Result<(), Error> {
    let done = events_fully_withdrawn(op.tx(), events).await?;
    for id in done {
        let (by, now) = (op.session().user(), op.clock().now());
        mark_completed(op.tx(), id, by, now).await?;
        let change = Change::new(
            EVENT_COMPLETED,
            format!("event:{id}"),
            json!({ "status": "completed", "by": "every allocation fully withdrawn" }),
        )
        .from(json!({ "status": "active" }));
        op.record(change).await?;
    }
    Ok(())
}

pub(crate) fn position_json(p: &AllocationPosition) -> Value {
    json!({
        "allocated_minor": p.amount_minor, "withdrawn_minor": p.withdrawn_minor,
        "pending_minor": p.pending_minor, "available_minor": p.available_minor,
        "status": p.status().as_str(),
    })
}
