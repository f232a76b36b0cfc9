//! `prorata performance verify`: a recorded value checked by an approver who did not
//! record it; only a verified value produces a distribution.

use prorata_domain::control::{Role, UserName, check_maker_checker};
use prorata_domain::deal::PerformanceStatus;
use prorata_store::Store;
use prorata_store::deals::{lock_performance, mark_verified};
use serde_json::json;

use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::responses::Verified;
use crate::session::Session;
use crate::{Code, Error};

const VERIFY: OperationSpec = OperationSpec {
    name: "performance.verify",
    roles: &[Role::Approver],
    purpose: "verify performance",
};

/// Verifies a recorded value: an approver who did not record it.
pub async fn verify_performance(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    idempotency_key: &str,
) -> Result<Verified, Error> {
    let mut op = Operation::begin(store, clock, session, VERIFY, idempotency_key).await?;
    let request = json!({ "performance_id": id });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let record = lock_performance(op.tx(), session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("id", format!("no performance record {id}")))?;
    if record.status == PerformanceStatus::Verified {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "performance record {id} is already verified (by {})",
                record.verified_by.unwrap_or_default()
            ),
        ));
    }
    let maker = UserName::parse(&record.recorded_by)?;
    check_maker_checker(
        &maker,
        &op.actor().user,
        &format!("performance record {id}"),
    )?;
    mark_verified(op.tx(), id, session.user(), clock.now()).await?;
    let after = json!({ "status": "verified", "flagged": record.flagged });
    op.audit(format!("performance:{id}"), after).await?;
    op.finish(Verified { id }).await
}
