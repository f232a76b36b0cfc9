//! The program's affiliate rates, a version per day it takes effect.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{AffiliateStoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliateRatesRecord {
    pub id: i64,
    pub direct_rate: Decimal,
    pub override_rate: Decimal,
    pub effective_from: NaiveDate,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

#[allow(clippy::too_many_arguments, reason = "one version's columns")]
pub async fn insert_affiliate_rates(
    tx: &mut Tx<'_>,
    program_id: i64,
    direct_rate: Decimal,
    override_rate: Decimal,
    effective_from: NaiveDate,
    set_by: &str,
    set_at: DateTime<Utc>,
) -> Result<i64, AffiliateStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO affiliate_rates (program_id, direct_rate, override_rate, effective_from, set_by, set_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        program_id,
        direct_rate,
        override_rate,
        effective_from,
        set_by,
        set_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The version in effect on `day`: the latest that took effect on it or before.
pub async fn rates_on(
    conn: &mut PgConnection,
    program_id: i64,
    day: NaiveDate,
) -> Result<Option<AffiliateRatesRecord>, AffiliateStoreError> {
    Ok(sqlx::query_as!(
        AffiliateRatesRecord,
        "SELECT id, direct_rate, override_rate, effective_from, set_by, set_at
         FROM affiliate_rates WHERE program_id = $1 AND effective_from <= $2
         ORDER BY effective_from DESC LIMIT 1",
        program_id,
        day
    )
    .fetch_optional(conn)
    .await?)
}

/// Every version, the earliest first.
pub async fn affiliate_rates(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<AffiliateRatesRecord>, AffiliateStoreError> {
    Ok(sqlx::query_as!(
        AffiliateRatesRecord,
        "SELECT id, direct_rate, override_rate, effective_from, set_by, set_at
         FROM affiliate_rates WHERE program_id = $1 ORDER BY effective_from",
        program_id
    )
    .fetch_all(conn)
    .await?)
}
