//! `prorata distribution reverse`: a correction is a new distribution that undoes a posted
//! one once a second person approves it and it is posted, never an edit of what was posted.
//! The date can then be prepared again.

use prorata_domain::control::Role;
use prorata_domain::deal::{DistributionKind, DistributionStatus};
use prorata_store::Store;
use prorata_store::deals::insert_reversal;
use serde_json::json;

use super::lock::{locked_with_deal, refuse_if_built_on};
use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, input};

const REVERSE: OperationSpec = OperationSpec {
    name: "distribution.reverse",
    roles: &[Role::Officer],
    purpose: "reverse distributions",
};

/// Prepares the reversal of the posted distribution `id`, with the reason.
pub async fn reverse_distribution(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    reason: &str,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, REVERSE, idempotency_key).await?;
    let reason = input::reason(reason)?;
    let request = json!({ "id": id, "reason": reason });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let d = locked_with_deal(op.tx(), session, id).await?;
    if d.kind != DistributionKind::Distribution || d.status != DistributionStatus::Posted {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "only a posted distribution is reversed; {id} is a {} {}",
                d.status, d.kind
            ),
        ));
    }
    refuse_if_built_on(op.tx(), &d).await?;
    let reversal = insert_reversal(op.tx(), id, session.user(), reason, clock.now())
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Conflict,
                format!("distribution {id} already has a reversal under way or done"),
            )
        })?;
    let after = json!({ "reverses": id, "status": "prepared" });
    let change = Change::new(REVERSE.name, format!("distribution:{reversal}"), after);
    op.record(change.because(Some(reason))).await?;
    op.finish(Created { id: reversal }).await
}
