//! Performance records: a deal's value on a date, recorded by one person and verified by
//! another.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::deal::PerformanceStatus;
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{DealStoreError, Tx};
use crate::states::Stored;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerformance<'a> {
    pub program_id: i64,
    pub deal_id: i64,
    pub value_date: NaiveDate,
    pub value_minor: i64,
    pub market_conditions: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub previous_value_minor: i64,
    pub change_ratio: Option<Decimal>,
    pub flagged: bool,
    pub missed_business_days: i32,
    pub recorded_by: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerformanceRecord {
    pub id: i64,
    pub deal_id: i64,
    pub value_date: NaiveDate,
    pub value_minor: i64,
    pub market_conditions: Option<String>,
    pub notes: Option<String>,
    pub previous_value_minor: i64,
    pub change_ratio: Option<Decimal>,
    pub flagged: bool,
    pub missed_business_days: i32,
    pub status: PerformanceStatus,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub verified_by: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
}

/// Records a value; `None` if the deal already has a record for that date.
pub async fn insert_performance(
    tx: &mut Tx<'_>,
    record: &NewPerformance<'_>,
    at: DateTime<Utc>,
) -> Result<Option<i64>, DealStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO performance_records
             (program_id, deal_id, value_date, value_minor, market_conditions, notes, previous_value_minor,
              change_ratio, flagged, missed_business_days, status, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'recorded', $11, $12)
         ON CONFLICT (deal_id, value_date) DO NOTHING RETURNING id",
        record.program_id,
        record.deal_id,
        record.value_date,
        record.value_minor,
        record.market_conditions,
        record.notes,
        record.previous_value_minor,
        record.change_ratio,
        record.flagged,
        record.missed_business_days,
        record.recorded_by,
        at
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The program's record with this id.
pub async fn find_performance(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<PerformanceRecord>, DealStoreError> {
    Ok(sqlx::query_as!(
        PerformanceRecord,
        r#"SELECT id, deal_id, value_date, value_minor, market_conditions, notes, previous_value_minor,
                change_ratio, flagged, missed_business_days,
                status AS "status: Stored<PerformanceStatus>", recorded_by, recorded_at,
                verified_by, verified_at
         FROM performance_records WHERE program_id = $1 AND id = $2"#,
        program_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// The record, locked until the transaction ends, so two verifications cannot race.
pub async fn lock_performance(
    tx: &mut Tx<'_>,
    program_id: i64,
    id: i64,
) -> Result<Option<PerformanceRecord>, DealStoreError> {
    let locked = sqlx::query_scalar!(
        "SELECT id FROM performance_records WHERE program_id = $1 AND id = $2 FOR UPDATE",
        program_id,
        id
    )
    .fetch_optional(&mut **tx)
    .await?;
    match locked {
        Some(id) => find_performance(tx, program_id, id).await,
        None => Ok(None),
    }
}

pub async fn mark_verified(
    tx: &mut Tx<'_>,
    id: i64,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), DealStoreError> {
    sqlx::query!(
        "UPDATE performance_records SET status = 'verified', verified_by = $2, verified_at = $3 WHERE id = $1",
        id,
        by,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The deal's latest record before `date`: its date and value.
pub async fn previous_performance(
    conn: &mut PgConnection,
    deal_id: i64,
    date: NaiveDate,
) -> Result<Option<(NaiveDate, i64)>, DealStoreError> {
    let row = sqlx::query!(
        "SELECT value_date, value_minor FROM performance_records
         WHERE deal_id = $1 AND value_date < $2 ORDER BY value_date DESC LIMIT 1",
        deal_id,
        date
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| (row.value_date, row.value_minor)))
}

/// The deal's first record after `date`: a value recorded out of order is compared with it
/// too.
pub async fn next_performance(
    conn: &mut PgConnection,
    deal_id: i64,
    date: NaiveDate,
) -> Result<Option<(NaiveDate, i64)>, DealStoreError> {
    let row = sqlx::query!(
        "SELECT value_date, value_minor FROM performance_records
         WHERE deal_id = $1 AND value_date > $2 ORDER BY value_date LIMIT 1",
        deal_id,
        date
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| (row.value_date, row.value_minor)))
}

/// The deal's record for `date`, whatever its status.
pub async fn performance_on(
    conn: &mut PgConnection,
    deal_id: i64,
    date: NaiveDate,
) -> Result<Option<PerformanceRecord>, DealStoreError> {
    Ok(sqlx::query_as!(
        PerformanceRecord,
        r#"SELECT id, deal_id, value_date, value_minor, market_conditions, notes, previous_value_minor,
                change_ratio, flagged, missed_business_days,
                status AS "status: Stored<PerformanceStatus>", recorded_by, recorded_at,
                verified_by, verified_at
         FROM performance_records WHERE deal_id = $1 AND value_date = $2"#,
        deal_id,
        date
    )
    .fetch_optional(conn)
    .await?)
}

/// The deal's records in date order, at most `limit`.
pub async fn list_performance(
    conn: &mut PgConnection,
    deal_id: i64,
    limit: i64,
) -> Result<Vec<PerformanceRecord>, DealStoreError> {
    Ok(sqlx::query_as!(
        PerformanceRecord,
        r#"SELECT id, deal_id, value_date, value_minor, market_conditions, notes, previous_value_minor,
                change_ratio, flagged, missed_business_days,
                status AS "status: Stored<PerformanceStatus>", recorded_by, recorded_at,
                verified_by, verified_at
         FROM performance_records WHERE deal_id = $1 ORDER BY value_date LIMIT $2"#,
        deal_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}
