//! `prorata distribution approve`: a reviewed set of distributions approved at once by an
//! approver who prepared none of them; a flagged one only with a written override reason.

use prorata_domain::control::{Role, UserName, check_maker_checker};
use prorata_domain::deal::DistributionAction;
use prorata_store::Store;
use prorata_store::deals::mark_approved;
use serde_json::json;

use super::lock::{lock_order, locked};
use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::{Approved, Items};
use crate::second_factor::{SecondFactor, verified};
use crate::session::Session;
use crate::{Code, Error};

const APPROVE: OperationSpec = OperationSpec {
    name: "distribution.approve",
    roles: &[Role::Approver],
    purpose: "approve distributions",
};

/// The audit action of an approval that overrode the circuit breaker.
const APPROVE_OVERRIDE: &str = "distribution.approve_override";

/// Approves `ids` all or none. A flagged one needs `override_reason`, which is recorded in
/// the audit log; a program that requires a second factor needs a fresh code in `factor`.
pub async fn approve_distributions(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    ids: &[i64],
    override_reason: Option<&str>,
    factor: SecondFactor<'_>,
    idempotency_key: &str,
) -> Result<Items<Approved>, Error> {
    let mut op = Operation::begin(store, clock, session, APPROVE, idempotency_key).await?;
    let ids = lock_order(ids)?;
    let reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
    let request = json!({ "ids": ids, "override_reason": reason });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let mut items = Vec::with_capacity(ids.len());
    for &id in &ids {
        approve_one(&mut op, id, reason).await?;
        items.push(Approved { id });
    }
    // The code last, once every distribution is locked and may be approved by this person:
    // a code is not spent on an approval refused anyway.
    let op = verified(op, factor).await?;
    op.finish(Items { items }).await
}

async fn approve_one(op: &mut Operation<'_>, id: i64, reason: Option<&str>) -> Result<(), Error> {
    let session = op.session();
    let d = locked(op.tx(), session, id).await?;
    d.status.after(DistributionAction::Approve)?;
    let maker = UserName::parse(&d.prepared_by)?;
    check_maker_checker(&maker, &op.actor().user, &format!("distribution {id}"))?;
    let used_reason = if d.flagged {
        Some(reason.ok_or_else(|| {
            Error::new(
                Code::Conflict,
                format!("distribution {id} is flagged by the circuit breaker: approving it needs an override reason"),
            )
        })?)
    } else {
        None
    };
    let now = op.clock().now();
    mark_approved(op.tx(), id, session.user(), used_reason, now).await?;
    let action = if used_reason.is_some() {
        APPROVE_OVERRIDE
    } else {
        APPROVE.name
    };
    let after = json!({ "status": "approved" });
    let change = Change::new(action, format!("distribution:{id}"), after).because(used_reason);
    op.record(change).await
}
