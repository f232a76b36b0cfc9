//! Commission schemes: a tree per program, the root its final fallback, and per scheme,
//! service and role a rate or NULL (inherit).

use chrono::{DateTime, Utc};
use prorata_domain::commission::NetworkRole;
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{CommissionStoreError, Tx};
use crate::deals::id_or_name;
use crate::states::Stored;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeRecord {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// A role's rate in a scheme for a service: `None` inherits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeRateRecord {
    pub scheme_id: i64,
    pub role: NetworkRole,
    pub rate: Option<Decimal>,
}

/// Takes the program's schemes lock until the transaction ends: changes to one program's
/// schemes are checked one after the other.
pub async fn lock_schemes(tx: &mut Tx<'_>, program_id: i64) -> Result<(), CommissionStoreError> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('commission_schemes:' || $1::bigint, 0))",
        program_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_scheme(
    tx: &mut Tx<'_>,
    program_id: i64,
    name: &str,
    parent_id: Option<i64>,
    created_by: &str,
    created_at: DateTime<Utc>,
) -> Result<i64, CommissionStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO commission_schemes (program_id, name, parent_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        program_id,
        name,
        parent_id,
        created_by,
        created_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// A scheme by id or name.
pub async fn find_scheme(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
) -> Result<Option<SchemeRecord>, CommissionStoreError> {
    let (id, name) = id_or_name(key);
    Ok(sqlx::query_as!(
        SchemeRecord,
        "SELECT id, name, parent_id, created_by, created_at FROM commission_schemes
         WHERE program_id = $1 AND (id = $2 OR name = $3)",
        program_id,
        id,
        name
    )
    .fetch_optional(conn)
    .await?)
}

/// The program's schemes, by id (a parent before its children).
pub async fn schemes(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<SchemeRecord>, CommissionStoreError> {
    Ok(sqlx::query_as!(
        SchemeRecord,
        "SELECT id, name, parent_id, created_by, created_at FROM commission_schemes
         WHERE program_id = $1 ORDER BY id",
        program_id
    )
    .fetch_all(conn)
    .await?)
}

/// Every rate set (or set to inherit) in the program's schemes for a service.
pub async fn scheme_rates(
    conn: &mut PgConnection,
    program_id: i64,
    service: &str,
) -> Result<Vec<SchemeRateRecord>, CommissionStoreError> {
    Ok(sqlx::query_as!(
        SchemeRateRecord,
        r#"SELECT scheme_id, role::text AS "role!: Stored<NetworkRole>", rate
           FROM scheme_rates WHERE program_id = $1 AND service = $2
           ORDER BY scheme_id, role"#,
        program_id,
        service
    )
    .fetch_all(conn)
    .await?)
}

/// The services any of the program's schemes sets a rate for, in order.
pub async fn scheme_services(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<String>, CommissionStoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT DISTINCT service FROM scheme_rates WHERE program_id = $1 ORDER BY service",
        program_id
    )
    .fetch_all(conn)
    .await?)
}

/// Sets these roles' rates (`None`: inherit) of a scheme for a service; other roles stay.
pub async fn set_scheme_rates(
    tx: &mut Tx<'_>,
    program_id: i64,
    scheme_id: i64,
    service: &str,
    rates: &[(NetworkRole, Option<Decimal>)],
    (set_by, set_at): (&str, DateTime<Utc>),
) -> Result<(), CommissionStoreError> {
    let roles: Vec<&str> = rates.iter().map(|r| r.0.as_str()).collect();
    let values: Vec<Option<Decimal>> = rates.iter().map(|r| r.1).collect();
    sqlx::query!(
        "INSERT INTO scheme_rates (program_id, scheme_id, service, role, rate, set_by, set_at)
         SELECT $1, $2, $3, role::network_role, rate, $6, $7
         FROM UNNEST($4::text[], $5::numeric[]) AS r(role, rate)
         ON CONFLICT (scheme_id, service, role)
         DO UPDATE SET rate = EXCLUDED.rate, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at",
        program_id,
        scheme_id,
        service,
        &roles as &[&str],
        &values as &[Option<Decimal>],
        set_by,
        set_at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
