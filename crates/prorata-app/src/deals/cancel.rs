//! `prorata distribution cancel`: a distribution that is not posted yet, cancelled with a
//! reason; its date can then be prepared again.

use prorata_domain::control::Role;
use prorata_domain::deal::{DistributionAction, DistributionKind};
use prorata_store::Store;
use prorata_store::deals::cancel_distribution as store_cancel;
use serde_json::json;

use super::lock::{locked_with_deal, refuse_if_built_on};
use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::Cancelled;
use crate::session::Session;
use crate::{Error, input};

const CANCEL: OperationSpec = OperationSpec {
    name: "distribution.cancel",
    roles: &[Role::Officer, Role::Approver],
    purpose: "cancel distributions",
};

pub async fn cancel_distribution(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    reason: &str,
    idempotency_key: &str,
) -> Result<Cancelled, Error> {
    let mut op = Operation::begin(store, clock, session, CANCEL, idempotency_key).await?;
    let reason = input::reason(reason)?;
    let request = json!({ "id": id, "reason": reason });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let d = locked_with_deal(op.tx(), session, id).await?;
    d.status.after(DistributionAction::Cancel)?;
    // A later distribution builds on this one's mark; a pending reversal holds no mark.
    if d.kind == DistributionKind::Distribution {
        refuse_if_built_on(op.tx(), &d).await?;
    }
    store_cancel(op.tx(), id, session.user(), reason, clock.now()).await?;
    let after = json!({ "status": "cancelled" });
    let change = Change::new(CANCEL.name, format!("distribution:{id}"), after);
    op.record(change.because(Some(reason))).await?;
    op.finish(Cancelled { id }).await
}
