//! Each user's authenticator secret (sealed), its last accepted step and its wrong codes,
//! and each program's setting that requires a fresh code for money that leaves.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{ControlStoreError, Tx};

/// A user's second factor as stored: the sealed secret, whether a code of it was ever given,
/// the step of the last code accepted and the wrong codes since the last right one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactorRecord {
    pub user_id: i64,
    pub secret_sealed: Vec<u8>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub last_step: i64,
    pub failed_codes: i32,
    pub last_failed_at: Option<DateTime<Utc>>,
}

/// The user's second factor, locked until the transaction ends: two acts that give one code
/// at the same moment take their turns, and the second sees the step the first used.
pub async fn lock_second_factor(
    tx: &mut Tx<'_>,
    user_id: i64,
) -> Result<Option<SecondFactorRecord>, ControlStoreError> {
    Ok(sqlx::query_as!(
        SecondFactorRecord,
        "SELECT user_id, secret_sealed, confirmed_at, last_step, failed_codes, last_failed_at
         FROM user_second_factors WHERE user_id = $1 FOR UPDATE",
        user_id
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Whether the user has a confirmed second factor (`Some(true)`), one waiting for its first
/// code (`Some(false)`) or none.
pub async fn second_factor_confirmed(
    conn: &mut PgConnection,
    user_id: i64,
) -> Result<Option<bool>, ControlStoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT confirmed_at IS NOT NULL AS "confirmed!" FROM user_second_factors WHERE user_id = $1"#,
        user_id
    )
    .fetch_optional(conn)
    .await?)
}

/// Stores a new secret for the user, replacing one never confirmed; false (nothing changed)
/// when the user has a confirmed one, which only disabling removes.
pub async fn enrol_second_factor(
    tx: &mut Tx<'_>,
    user_id: i64,
    secret_sealed: &[u8],
    at: DateTime<Utc>,
) -> Result<bool, ControlStoreError> {
    sqlx::query!(
        "DELETE FROM user_second_factors WHERE user_id = $1 AND confirmed_at IS NULL",
        user_id
    )
    .execute(&mut **tx)
    .await?;
    let inserted = sqlx::query!(
        "INSERT INTO user_second_factors (user_id, secret_sealed, enrolled_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO NOTHING",
        user_id,
        secret_sealed,
        at
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Notes a right code: its step becomes the last one accepted, wrong codes are forgotten, and
/// an unconfirmed factor is confirmed at `at`.
pub async fn accept_step(
    tx: &mut Tx<'_>,
    user_id: i64,
    step: i64,
    at: DateTime<Utc>,
) -> Result<(), ControlStoreError> {
    sqlx::query!(
        "UPDATE user_second_factors
         SET last_step = $2, failed_codes = 0, confirmed_at = coalesce(confirmed_at, $3)
         WHERE user_id = $1",
        user_id,
        step,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Counts a wrong or replayed code.
pub async fn count_wrong_code(
    tx: &mut Tx<'_>,
    user_id: i64,
    at: DateTime<Utc>,
) -> Result<(), ControlStoreError> {
    sqlx::query!(
        "UPDATE user_second_factors SET failed_codes = failed_codes + 1, last_failed_at = $2
         WHERE user_id = $1",
        user_id,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes the user's second factor; false when there was none.
pub async fn remove_second_factor(
    tx: &mut Tx<'_>,
    user_id: i64,
) -> Result<bool, ControlStoreError> {
    let removed = sqlx::query!(
        "DELETE FROM user_second_factors WHERE user_id = $1",
        user_id
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(removed == 1)
}

/// Whether the program requires a fresh code for money that leaves, as it is now (not as it
/// was when the session began).
pub async fn second_factor_required(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<bool, ControlStoreError> {
    let required = sqlx::query_scalar!(
        "SELECT require_second_factor FROM programs WHERE id = $1",
        program_id
    )
    .fetch_optional(conn)
    .await?;
    required.ok_or_else(|| ControlStoreError::Corrupt(format!("program {program_id} is gone")))
}

/// Sets whether the program requires a second factor; false when it already did so.
pub async fn set_second_factor_required(
    tx: &mut Tx<'_>,
    program_id: i64,
    required: bool,
) -> Result<bool, ControlStoreError> {
    let changed = sqlx::query!(
        "UPDATE programs SET require_second_factor = $2
         WHERE id = $1 AND require_second_factor IS DISTINCT FROM $2",
        program_id,
        required
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}
