//! A program's fee schedules: one row per version, by the day it takes effect.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{RevenueStoreError, Tx};

/// A version to store.
#[derive(Debug, Clone)]
pub struct NewFeeSchedule<'a> {
    pub program_id: i64,
    pub effective_from: NaiveDate,
    pub gst_rate: Decimal,
    pub gateway_fee_rate: Decimal,
    pub gateway_fixed_fee: Decimal,
    pub gateway_fee_gst: bool,
    /// Event, sponsor, premium, custom.
    pub platform_fee_rates: [Decimal; 4],
    pub platform_fee_gst: bool,
    pub holding_days: i32,
    pub anomaly_multiple: Decimal,
    pub set_by: &'a str,
    pub set_at: DateTime<Utc>,
}

/// A version as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeScheduleRecord {
    pub id: i64,
    pub effective_from: NaiveDate,
    pub gst_rate: Decimal,
    pub gateway_fee_rate: Decimal,
    pub gateway_fixed_fee: Decimal,
    pub gateway_fee_gst: bool,
    pub platform_fee_rate_event: Decimal,
    pub platform_fee_rate_sponsor: Decimal,
    pub platform_fee_rate_premium: Decimal,
    pub platform_fee_rate_custom: Decimal,
    pub platform_fee_gst: bool,
    pub holding_days: i32,
    pub anomaly_multiple: Decimal,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

pub async fn insert_schedule(
    tx: &mut Tx<'_>,
    new: &NewFeeSchedule<'_>,
) -> Result<i64, RevenueStoreError> {
    let [event, sponsor, premium, custom] = new.platform_fee_rates;
    Ok(sqlx::query_scalar!(
        "INSERT INTO fee_schedules (program_id, effective_from, gst_rate, gateway_fee_rate,
             gateway_fixed_fee, gateway_fee_gst, platform_fee_rate_event, platform_fee_rate_sponsor,
             platform_fee_rate_premium, platform_fee_rate_custom, platform_fee_gst, holding_days,
             set_by, set_at, anomaly_multiple)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        new.program_id,
        new.effective_from,
        new.gst_rate,
        new.gateway_fee_rate,
        new.gateway_fixed_fee,
        new.gateway_fee_gst,
        event,
        sponsor,
        premium,
        custom,
        new.platform_fee_gst,
        new.holding_days,
        new.set_by,
        new.set_at,
        new.anomaly_multiple
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The day the program's latest version takes effect, the program's versions locked against
/// another being set at the same moment (as PostgreSQL's trigger locks them).
pub async fn latest_schedule_date(
    tx: &mut Tx<'_>,
    program_id: i64,
) -> Result<Option<NaiveDate>, RevenueStoreError> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('fee_schedules:' || $1::bigint, 0))",
        program_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(sqlx::query_scalar!(
        "SELECT max(effective_from) FROM fee_schedules WHERE program_id = $1",
        program_id
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The version in effect on `day`: the latest that started on or before it.
pub async fn schedule_as_of(
    conn: &mut PgConnection,
    program_id: i64,
    day: NaiveDate,
) -> Result<Option<FeeScheduleRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        FeeScheduleRecord,
        "SELECT id, effective_from, gst_rate, gateway_fee_rate, gateway_fixed_fee, gateway_fee_gst,
                platform_fee_rate_event, platform_fee_rate_sponsor, platform_fee_rate_premium,
                platform_fee_rate_custom, platform_fee_gst, holding_days, anomaly_multiple, set_by, set_at
         FROM fee_schedules WHERE program_id = $1 AND effective_from <= $2
         ORDER BY effective_from DESC LIMIT 1",
        program_id,
        day
    )
    .fetch_optional(conn)
    .await?)
}

/// Every version of the program's schedule, the newest first.
pub async fn list_schedules(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<FeeScheduleRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        FeeScheduleRecord,
        "SELECT id, effective_from, gst_rate, gateway_fee_rate, gateway_fixed_fee, gateway_fee_gst,
                platform_fee_rate_event, platform_fee_rate_sponsor, platform_fee_rate_premium,
                platform_fee_rate_custom, platform_fee_gst, holding_days, anomaly_multiple, set_by, set_at
         FROM fee_schedules WHERE program_id = $1 ORDER BY effective_from DESC",
        program_id
    )
    .fetch_all(conn)
    .await?)
}
