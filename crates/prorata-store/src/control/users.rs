//! Programs, users and the roles granted to them per program.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use prorata_domain::control::Role;
use sqlx::PgConnection;

use super::{ControlStoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// A fresh second-factor code approves distributions and batches and executes a batch.
    pub require_second_factor: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    pub disabled_at: Option<DateTime<Utc>>,
    pub failed_sign_ins: i32,
    pub last_failed_sign_in_at: Option<DateTime<Utc>>,
    pub email_sealed: Option<Vec<u8>>,
}

/// A user as listed within one program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserListing {
    pub id: i64,
    pub name: String,
    pub email_sealed: Option<Vec<u8>>,
    pub disabled: bool,
    pub roles: Vec<String>,
    /// Whether the user's authenticator is set up (`Some(true)`), awaiting its first code
    /// (`Some(false)`), or absent.
    pub second_factor_confirmed: Option<bool>,
}

/// Creates a program; `None` if the slug is taken.
pub async fn create_program(
    tx: &mut Tx<'_>,
    slug: &str,
    name: &str,
    at: DateTime<Utc>,
) -> Result<Option<Program>, ControlStoreError> {
    let program = sqlx::query_as!(
        Program,
        "INSERT INTO programs (slug, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING
         RETURNING id, slug, name, require_second_factor",
        slug,
        name,
        at
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(program)
}

pub async fn find_program(
    conn: &mut PgConnection,
    slug: &str,
) -> Result<Option<Program>, ControlStoreError> {
    let row = sqlx::query_as!(
        Program,
        "SELECT id, slug, name, require_second_factor FROM programs WHERE slug = $1",
        slug
    )
    .fetch_optional(conn)
    .await?;
    Ok(row)
}

/// The programs in which the user holds a role.
pub async fn programs_of_user(
    conn: &mut PgConnection,
    user_id: i64,
) -> Result<Vec<Program>, ControlStoreError> {
    Ok(sqlx::query_as!(
        Program,
        "SELECT p.id, p.slug, p.name, p.require_second_factor FROM programs p
         WHERE EXISTS (SELECT 1 FROM role_grants g WHERE g.program_id = p.id AND g.user_id = $1)
         ORDER BY p.slug",
        user_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn list_programs(conn: &mut PgConnection) -> Result<Vec<Program>, ControlStoreError> {
    Ok(sqlx::query_as!(
        Program,
        "SELECT id, slug, name, require_second_factor FROM programs ORDER BY slug"
    )
    .fetch_all(conn)
    .await?)
}

/// Creates a user; `None` if the name is taken.
pub async fn create_user(
    tx: &mut Tx<'_>,
    name: &str,
    password_hash: &str,
    at: DateTime<Utc>,
) -> Result<Option<i64>, ControlStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING id",
        name,
        password_hash,
        at
    )
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn find_user(
    conn: &mut PgConnection,
    name: &str,
) -> Result<Option<UserRecord>, ControlStoreError> {
    Ok(sqlx::query_as!(
        UserRecord,
        "SELECT id, name, password_hash, disabled_at, failed_sign_ins, last_failed_sign_in_at, email_sealed
         FROM users WHERE name = $1",
        name
    )
    .fetch_optional(conn)
    .await?)
}

/// The user called `name`, their row locked until the transaction ends: a sign-in reads the
/// failures so far, checks the password and counts a failure under this lock, so parallel
/// attempts are counted one after the other and none slips past the throttle.
pub async fn lock_user_for_sign_in(
    tx: &mut Tx<'_>,
    name: &str,
) -> Result<Option<UserRecord>, ControlStoreError> {
    Ok(sqlx::query_as!(
        UserRecord,
        "SELECT id, name, password_hash, disabled_at, failed_sign_ins, last_failed_sign_in_at, email_sealed
         FROM users WHERE name = $1 FOR UPDATE",
        name
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The users who hold a role in the program (disabled ones too), with their roles there.
/// A user of other programs only is not listed: nothing of one program is seen from another.
pub async fn list_users(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<UserListing>, ControlStoreError> {
    let rows = sqlx::query!(
        r#"SELECT u.id, u.name, u.email_sealed, u.disabled_at IS NOT NULL AS "disabled!",
                  coalesce(array_agg(g.role::text ORDER BY g.role) FILTER (WHERE g.role IS NOT NULL), '{}') AS "roles!",
                  (SELECT f.confirmed_at IS NOT NULL FROM user_second_factors f WHERE f.user_id = u.id)
                      AS second_factor_confirmed
           FROM users u LEFT JOIN role_grants g ON g.user_id = u.id AND g.program_id = $1
           GROUP BY u.id, u.name, u.email_sealed, u.disabled_at
           HAVING count(g.role) > 0
           ORDER BY u.name"#,
        program_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| UserListing {
            id: r.id,
            name: r.name,
            email_sealed: r.email_sealed,
            disabled: r.disabled,
            roles: r.roles,
            second_factor_confirmed: r.second_factor_confirmed,
        })
        .collect())
}

/// Disables a user; false if already disabled.
pub async fn disable_user(
    tx: &mut Tx<'_>,
    user_id: i64,
    at: DateTime<Utc>,
) -> Result<bool, ControlStoreError> {
    let changed = sqlx::query!(
        "UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL",
        user_id,
        at
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

pub async fn record_failed_sign_in(
    conn: &mut PgConnection,
    user_id: i64,
    at: DateTime<Utc>,
) -> Result<(), ControlStoreError> {
    sqlx::query!(
        "UPDATE users SET failed_sign_ins = failed_sign_ins + 1, last_failed_sign_in_at = $2 WHERE id = $1",
        user_id,
        at
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn record_sign_in(
    conn: &mut PgConnection,
    user_id: i64,
) -> Result<(), ControlStoreError> {
    sqlx::query!(
        "UPDATE users SET failed_sign_ins = 0 WHERE id = $1 AND failed_sign_ins > 0",
        user_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Grants a role in a program; false if already granted.
pub async fn grant_role(
    tx: &mut Tx<'_>,
    program_id: i64,
    user_id: i64,
    role: Role,
    granted_by: &str,
    at: DateTime<Utc>,
) -> Result<bool, ControlStoreError> {
    let changed = sqlx::query!(
        "INSERT INTO role_grants (program_id, user_id, role, granted_at, granted_by)
         VALUES ($1, $2, $3::text::control_role, $4, $5) ON CONFLICT DO NOTHING",
        program_id,
        user_id,
        role.as_str(),
        at,
        granted_by
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Revokes a role in a program; false if it was not granted.
pub async fn revoke_role(
    tx: &mut Tx<'_>,
    program_id: i64,
    user_id: i64,
    role: Role,
) -> Result<bool, ControlStoreError> {
    let changed = sqlx::query!(
        "DELETE FROM role_grants WHERE program_id = $1 AND user_id = $2 AND role = $3::text::control_role",
        program_id,
        user_id,
        role.as_str()
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

pub async fn roles_of(
    conn: &mut PgConnection,
    program_id: i64,
    user_id: i64,
) -> Result<BTreeSet<Role>, ControlStoreError> {
    let rows = sqlx::query_scalar!(
        r#"SELECT role::text AS "role!" FROM role_grants WHERE program_id = $1 AND user_id = $2"#,
        program_id,
        user_id
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|text| Role::parse(text).map_err(|e| ControlStoreError::Corrupt(e.to_string())))
        .collect()
}

/// A user's standing in one program, as an operation's transaction sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub name: String,
    pub disabled: bool,
    pub roles: BTreeSet<Role>,
}

/// The user's name, whether they are disabled, and their roles in the program, in one round
/// trip. The user's row stays share-locked until the transaction ends, so disabling them
/// waits for the operations they have in flight. `None` when there is no such user.
pub async fn standing_in_program(
    tx: &mut Tx<'_>,
    user_id: i64,
    program_id: i64,
) -> Result<Option<Standing>, ControlStoreError> {
    let rows = sqlx::query!(
        r#"SELECT u.name, u.disabled_at IS NOT NULL AS "disabled!", g.role::text AS "role?"
           FROM users u
           LEFT JOIN role_grants g ON g.user_id = u.id AND g.program_id = $2
           WHERE u.id = $1
           FOR SHARE OF u"#,
        user_id,
        program_id
    )
    .fetch_all(&mut **tx)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let (name, disabled) = (first.name.clone(), first.disabled);
    let roles = rows
        .iter()
        .filter_map(|row| row.role.as_deref())
        .map(|text| Role::parse(text).map_err(|e| ControlStoreError::Corrupt(e.to_string())))
        .collect::<Result<_, _>>()?;
    Ok(Some(Standing {
        name,
        disabled,
        roles,
    }))
}
