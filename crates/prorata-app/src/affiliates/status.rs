//! `prorata program status STATUS --reason T`: an admin pauses, resumes or closes the
//! program. A paused or closed program takes no new business (an affiliate's sale, a
//! network's transaction), refused in Rust here and by PostgreSQL under the program's
//! business lock; reads and payouts go on.

use prorata_domain::affiliate::ProgramStatus;
use prorata_domain::control::Role;
use prorata_store::affiliates::{
    NewProgramStatus, insert_program_status, program_status as stored_status,
    share_program_business,
};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use super::views::ProgramStatusView;
use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::payouts::time_text;
use crate::responses::Changed;
use crate::session::Session;
use crate::{Code, Error, input};

const SET: OperationSpec = OperationSpec {
    name: "program.status_changed",
    roles: &[Role::Admin],
    purpose: "pause, resume or close the program",
};

pub async fn set_program_status(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    status: &str,
    reason: &str,
    idempotency_key: &str,
) -> Result<Changed, Error> {
    let mut op = Operation::begin(store, clock, session, SET, idempotency_key).await?;
    let status = ProgramStatus::parse(status.trim())?;
    let reason = input::reason(reason)?.to_owned();
    let program_id = session.program.id;
    let request = json!({ "status": status.as_str(), "reason": reason });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let now = stored_status(op.tx(), program_id).await?.status;
    if !now.may_become(status) {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "status: the program is {now} and cannot become {status}: a closed program stays closed"
            ),
        ));
    }
    let change = NewProgramStatus {
        program_id,
        status,
        reason: &reason,
        changed_by: session.user(),
        changed_at: clock.now(),
    };
    insert_program_status(op.tx(), &change).await?;
    op.audit(
        format!("program:{program_id}"),
        json!({ "request": request, "was": now.as_str() }),
    )
    .await?;
    op.finish(Changed { id: program_id }).await
}

/// The program's status and its last change.
pub async fn program_status(store: &Store, session: &Session) -> Result<ProgramStatusView, Error> {
    let mut conn = store.acquire().await?;
    let record = stored_status(&mut conn, session.program.id).await?;
    Ok(ProgramStatusView {
        status: record.status,
        reason: record.reason,
        changed_by: record.changed_by,
        changed_at: record.changed_at.map(time_text),
        takes_new_business: record.status == ProgramStatus::Active,
    })
}

/// Holds the program's status still for the rest of the transaction and refuses new business
/// unless it is active.
pub(crate) async fn refuse_unless_active(
    tx: &mut prorata_store::affiliates::Tx<'_>,
    program_id: i64,
) -> Result<(), Error> {
    share_program_business(tx, program_id).await?;
    let conn: &mut PgConnection = tx;
    let now = stored_status(conn, program_id).await?;
    if now.status != ProgramStatus::Active {
        let why = now.reason.map(|r| format!(" ({r})")).unwrap_or_default();
        let until = if now.status == ProgramStatus::Paused {
            " until an admin resumes it"
        } else {
            ""
        };
        return Err(Error::new(
            Code::Conflict,
            format!(
                "program: it is {}{why}: it takes no new business{until}",
                now.status
            ),
        ));
    }
    Ok(())
}
