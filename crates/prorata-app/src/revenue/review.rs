//! `prorata revenue release ID --reason T`: a transaction held for review (far above its
//! community's usual) has its members' credits released to the wallets' ordinary course by an
//! approver or admin who did not record it, with a reason, audited. The credits then become
//! available on their day, as any others.

use prorata_domain::control::Role;
use prorata_store::Store;
use prorata_store::revenue::{lock_hold, release_hold};
use serde_json::json;

use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::responses::Approved;
use crate::session::Session;
use crate::{Code, Error, input};

const RELEASE_HOLD: OperationSpec = OperationSpec {
    name: "revenue.hold_released",
    roles: &[Role::Approver, Role::Admin],
    purpose: "release revenue held for review",
};

pub async fn release_revenue_hold(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    reason: &str,
    idempotency_key: &str,
) -> Result<Approved, Error> {
    let mut op = Operation::begin(store, clock, session, RELEASE_HOLD, idempotency_key).await?;
    let reason = input::reason(reason)?;
    let request = json!({ "transaction_id": id, "reason": reason });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let (recorded_by, released_by) = lock_hold(op.tx(), session.program.id, id)
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "id",
                format!("revenue transaction {id} is not held for review"),
            )
        })?;
    if let Some(by) = released_by {
        return Err(Error::new(
            Code::Conflict,
            format!("id: the hold on revenue transaction {id} was released by {by} already"),
        ));
    }
    if recorded_by == session.user() {
        return Err(Error::new(
            Code::PermissionDenied,
            format!(
                "{recorded_by} recorded revenue transaction {id} and may not release its hold: another approver or an admin does"
            ),
        ));
    }
    release_hold(op.tx(), id, session.user(), clock.now(), reason).await?;
    op.audit(format!("revenue:{id}"), request).await?;
    op.finish(Approved { id }).await
}
