//! The members of a distribution network: a role, a scheme and an upline strictly above.

use chrono::{DateTime, Utc};
use prorata_domain::commission::NetworkRole;
use sqlx::PgConnection;

use super::{CommissionStoreError, Tx};
use crate::deals::id_or_name;
use crate::states::Stored;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkMemberRecord {
    pub id: i64,
    pub name: String,
    pub role: NetworkRole,
    pub upline_id: Option<i64>,
    pub scheme_id: i64,
    pub scheme: String,
    /// The network's currency; `None` for a member added before networks had one.
    pub currency: Option<String>,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

/// A member to add.
#[derive(Debug, Clone, Copy)]
pub struct NewNetworkMember<'a> {
    pub program_id: i64,
    pub name: &'a str,
    pub role: NetworkRole,
    pub upline_id: Option<i64>,
    pub scheme_id: i64,
    /// An admin's network's currency; below an admin, `None` takes the upline's.
    pub currency: Option<&'a str>,
    pub added_by: &'a str,
    pub added_at: DateTime<Utc>,
}

pub async fn insert_network_member(
    tx: &mut Tx<'_>,
    new: &NewNetworkMember<'_>,
) -> Result<i64, CommissionStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO network_members (program_id, name, role, upline_id, scheme_id, currency,
             added_by, added_at)
         VALUES ($1, $2, $3::text::network_role, $4, $5, $6, $7, $8) RETURNING id",
        new.program_id,
        new.name,
        new.role.as_str(),
        new.upline_id,
        new.scheme_id,
        new.currency,
        new.added_by,
        new.added_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The program's members, or the one with this id or name; by id (an upline before its
/// downline).
pub async fn network_members(
    conn: &mut PgConnection,
    program_id: i64,
    key: Option<&str>,
) -> Result<Vec<NetworkMemberRecord>, CommissionStoreError> {
    let (id, name) = key.map_or((None, None), id_or_name);
    Ok(sqlx::query_as!(
        NetworkMemberRecord,
        r#"SELECT m.id, m.name, m.role::text AS "role!: Stored<NetworkRole>", m.upline_id,
                  m.scheme_id, s.name AS scheme, m.currency, m.added_by, m.added_at
           FROM network_members m JOIN commission_schemes s ON s.id = m.scheme_id
           WHERE m.program_id = $1 AND ($2::bigint IS NULL OR m.id = $2)
             AND ($3::text IS NULL OR m.name = $3)
           ORDER BY m.id"#,
        program_id,
        id,
        name
    )
    .fetch_all(conn)
    .await?)
}
