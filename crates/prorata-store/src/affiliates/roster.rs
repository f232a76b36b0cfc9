//! The program's affiliates: a referral code, a currency, an optional parent.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{AffiliateStoreError, Tx};
use crate::deals::id_or_name;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliateRecord {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub parent_id: Option<i64>,
    pub currency: String,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

/// An affiliate to add; the code is made from the name and id when none is given.
#[derive(Debug, Clone, Copy)]
pub struct NewAffiliate<'a> {
    pub program_id: i64,
    pub name: &'a str,
    pub code: Option<&'a str>,
    pub parent_id: Option<i64>,
    pub currency: &'a str,
    pub added_by: &'a str,
    pub added_at: DateTime<Utc>,
}

pub async fn insert_affiliate(
    tx: &mut Tx<'_>,
    new: &NewAffiliate<'_>,
) -> Result<i64, AffiliateStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO affiliates (program_id, name, code, parent_id, currency, added_by, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        new.program_id,
        new.name,
        new.code,
        new.parent_id,
        new.currency,
        new.added_by,
        new.added_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The program's affiliates by id (a parent before its children), or the one with this id,
/// name or referral code.
pub async fn affiliates(
    conn: &mut PgConnection,
    program_id: i64,
    key: Option<&str>,
) -> Result<Vec<AffiliateRecord>, AffiliateStoreError> {
    let (id, name) = key.map_or((None, None), id_or_name);
    Ok(sqlx::query_as!(
        AffiliateRecord,
        "SELECT id, name, code, parent_id, currency, added_by, added_at
         FROM affiliates
         WHERE program_id = $1 AND ($2::bigint IS NULL OR id = $2)
           AND ($3::text IS NULL OR name = $3 OR code = upper($3))
         ORDER BY id",
        program_id,
        id,
        name
    )
    .fetch_all(conn)
    .await?)
}
