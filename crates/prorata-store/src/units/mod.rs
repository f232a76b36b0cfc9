//! LP units in PostgreSQL (DESIGN §8): each deal's register of movements and the holdings
//! they make. PostgreSQL books every movement into the holdings itself (a trigger with the
//! deal's row locked) and refuses one that takes a holding below zero or is dated before the
//! deal's latest movement.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::lp::UnitMovementKind;
use rust_decimal::Decimal;
use sqlx::PgConnection;

/// The transaction a movement is recorded in.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

#[derive(Debug, thiserror::Error)]
pub enum UnitStoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),

    /// PostgreSQL refused a write by one of its own checks.
    #[error("refused by the store: {0}")]
    Refused(String),
}

impl From<sqlx::Error> for UnitStoreError {
    fn from(error: sqlx::Error) -> UnitStoreError {
        if let sqlx::Error::Database(db) = &error
            && matches!(
                db.code().as_deref(),
                Some("23514" | "23001" | "P0001" | "23503")
            )
        {
            return UnitStoreError::Refused(db.message().to_owned());
        }
        UnitStoreError::Database(error)
    }
}

/// A movement to record.
#[derive(Debug, Clone)]
pub struct NewUnitMovement<'a> {
    pub program_id: i64,
    pub deal_id: i64,
    pub kind: UnitMovementKind,
    pub investor_id: i64,
    pub from_investor_id: Option<i64>,
    pub units: Decimal,
    pub moved_on: NaiveDate,
    pub recorded_by: &'a str,
    pub recorded_at: DateTime<Utc>,
}

/// Locks the deal's register for a movement (its row, as PostgreSQL's trigger does) and
/// answers the date of its latest movement.
pub async fn lock_register(
    tx: &mut Tx<'_>,
    deal_id: i64,
) -> Result<Option<NaiveDate>, UnitStoreError> {
    sqlx::query!("SELECT id FROM deals WHERE id = $1 FOR UPDATE", deal_id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(sqlx::query_scalar!(
        "SELECT max(moved_on) FROM unit_movements WHERE deal_id = $1",
        deal_id
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// What these investors hold of the deal now (those holding nothing are absent).
pub async fn holdings_now(
    tx: &mut Tx<'_>,
    deal_id: i64,
    investor_ids: &[i64],
) -> Result<BTreeMap<i64, Decimal>, UnitStoreError> {
    let rows = sqlx::query!(
        "SELECT investor_id, units FROM unit_holdings WHERE deal_id = $1 AND investor_id = ANY($2)",
        deal_id,
        investor_ids
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|r| (r.investor_id, r.units)).collect())
}

pub async fn insert_movement(
    tx: &mut Tx<'_>,
    new: &NewUnitMovement<'_>,
) -> Result<i64, UnitStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO unit_movements (program_id, deal_id, kind, investor_id, from_investor_id,
             units, moved_on, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        new.program_id,
        new.deal_id,
        new.kind.as_str(),
        new.investor_id,
        new.from_investor_id,
        new.units,
        new.moved_on,
        new.recorded_by,
        new.recorded_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// One investor's holding of a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldingRecord {
    pub investor_id: i64,
    pub investor_name: String,
    pub units: Decimal,
}

/// Every holding of the deal at the end of `as_of` (or now), from the movements themselves,
/// by investor id; holdings of no units are left out.
pub async fn holdings_as_of(
    conn: &mut PgConnection,
    deal_id: i64,
    as_of: Option<NaiveDate>,
) -> Result<Vec<HoldingRecord>, UnitStoreError> {
    Ok(sqlx::query_as!(
        HoldingRecord,
        r#"WITH moves AS (
               SELECT investor_id, CASE kind WHEN 'redeem' THEN -units ELSE units END AS units
               FROM unit_movements WHERE deal_id = $1 AND ($2::date IS NULL OR moved_on <= $2)
               UNION ALL
               SELECT from_investor_id, -units
               FROM unit_movements
               WHERE deal_id = $1 AND kind = 'transfer' AND ($2::date IS NULL OR moved_on <= $2)
           )
           SELECT m.investor_id AS "investor_id!", i.name AS investor_name,
                  sum(m.units) AS "units!"
           FROM moves m JOIN investors i ON i.id = m.investor_id
           GROUP BY m.investor_id, i.name
           HAVING sum(m.units) <> 0
           ORDER BY m.investor_id"#,
        deal_id,
        as_of
    )
    .fetch_all(conn)
    .await?)
}
