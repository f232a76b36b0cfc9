//! A program's status: the latest of its changes, each by an admin with a reason.

use chrono::{DateTime, Utc};
use prorata_domain::affiliate::ProgramStatus;
use sqlx::PgConnection;

use super::{AffiliateStoreError, Tx};
use crate::states::Stored;

/// A change of a program's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramStatusRecord {
    pub status: ProgramStatus,
    pub reason: Option<String>,
    pub changed_by: Option<String>,
    pub changed_at: Option<DateTime<Utc>>,
}

/// The program's status now, with its last change (none for a program never changed).
pub async fn program_status(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<ProgramStatusRecord, AffiliateStoreError> {
    let row = sqlx::query_as!(
        ProgramStatusRecord,
        r#"SELECT status::text AS "status!: Stored<ProgramStatus>", reason AS "reason?",
                  changed_by AS "changed_by?", changed_at AS "changed_at?"
           FROM program_status_changes WHERE program_id = $1 ORDER BY id DESC LIMIT 1"#,
        program_id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.unwrap_or(ProgramStatusRecord {
        status: ProgramStatus::Active,
        reason: None,
        changed_by: None,
        changed_at: None,
    }))
}

/// Holds the program's status still while new business is written: a change of status takes
/// the same lock exclusively.
pub async fn share_program_business(
    tx: &mut Tx<'_>,
    program_id: i64,
) -> Result<(), AffiliateStoreError> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock_shared(hashtextextended('program_business:' || $1::bigint, 0))",
        program_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A change to write.
#[derive(Debug, Clone, Copy)]
pub struct NewProgramStatus<'a> {
    pub program_id: i64,
    pub status: ProgramStatus,
    pub reason: &'a str,
    pub changed_by: &'a str,
    pub changed_at: DateTime<Utc>,
}

/// Writes the change (under the program's business lock, taken by its trigger).
pub async fn insert_program_status(
    tx: &mut Tx<'_>,
    new: &NewProgramStatus<'_>,
) -> Result<i64, AffiliateStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO program_status_changes (program_id, status, reason, changed_by, changed_at)
         VALUES ($1, $2::text::program_status, $3, $4, $5) RETURNING id",
        new.program_id,
        new.status.as_str(),
        new.reason,
        new.changed_by,
        new.changed_at
    )
    .fetch_one(&mut **tx)
    .await?)
}
