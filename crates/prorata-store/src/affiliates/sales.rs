//! Affiliates' sales and the commissions they earned.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{AffiliateStoreError, Tx};

/// A sale to write, its commissions computed.
#[derive(Debug, Clone, Copy)]
pub struct NewAffiliateSale<'a> {
    pub program_id: i64,
    pub affiliate_id: i64,
    pub currency: &'a str,
    pub amount_minor: i64,
    pub sold_on: NaiveDate,
    pub reference: Option<&'a str>,
    pub rates_id: i64,
    pub direct_rate: Decimal,
    pub override_rate: Decimal,
    pub direct_minor: i64,
    pub override_affiliate_id: Option<i64>,
    pub override_minor: i64,
    pub entry_id: i64,
    pub recorded_by: &'a str,
    pub recorded_at: DateTime<Utc>,
}

pub async fn insert_affiliate_sale(
    tx: &mut Tx<'_>,
    new: &NewAffiliateSale<'_>,
) -> Result<i64, AffiliateStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO affiliate_sales (program_id, affiliate_id, currency, amount_minor, sold_on,
             reference, rates_id, direct_rate, override_rate, direct_minor, override_affiliate_id,
             override_minor, entry_id, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        new.program_id,
        new.affiliate_id,
        new.currency,
        new.amount_minor,
        new.sold_on,
        new.reference,
        new.rates_id,
        new.direct_rate,
        new.override_rate,
        new.direct_minor,
        new.override_affiliate_id,
        new.override_minor,
        new.entry_id,
        new.recorded_by,
        new.recorded_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The sale an entry booked, if any: a replayed key finds its sale.
pub async fn sale_of_entry(
    conn: &mut PgConnection,
    program_id: i64,
    entry_id: i64,
) -> Result<Option<i64>, AffiliateStoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM affiliate_sales WHERE program_id = $1 AND entry_id = $2",
        program_id,
        entry_id
    )
    .fetch_optional(conn)
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliateSaleRecord {
    pub id: i64,
    pub affiliate_id: i64,
    pub affiliate: String,
    pub currency: String,
    pub amount_minor: i64,
    pub sold_on: NaiveDate,
    pub reference: Option<String>,
    pub direct_rate: Decimal,
    pub override_rate: Decimal,
    pub direct_minor: i64,
    pub override_affiliate_id: Option<i64>,
    pub override_affiliate: Option<String>,
    pub override_minor: i64,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// The program's sales, the newest first, or those that earned an affiliate a commission
/// (brought by it, or by its child): its commission history.
pub async fn affiliate_sales(
    conn: &mut PgConnection,
    program_id: i64,
    affiliate_id: Option<i64>,
    limit: i64,
) -> Result<Vec<AffiliateSaleRecord>, AffiliateStoreError> {
    Ok(sqlx::query_as!(
        AffiliateSaleRecord,
        r#"SELECT s.id, s.affiliate_id, a.name AS affiliate, s.currency, s.amount_minor, s.sold_on,
                  s.reference, s.direct_rate, s.override_rate, s.direct_minor,
                  s.override_affiliate_id, o.name AS "override_affiliate?", s.override_minor,
                  s.recorded_by, s.recorded_at
           FROM affiliate_sales s
           JOIN affiliates a ON a.id = s.affiliate_id
           LEFT JOIN affiliates o ON o.id = s.override_affiliate_id
           WHERE s.program_id = $1
             AND ($2::bigint IS NULL OR s.affiliate_id = $2 OR s.override_affiliate_id = $2)
           ORDER BY s.id DESC
           LIMIT $3"#,
        program_id,
        affiliate_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// What each affiliate of the program brought and earned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliateStatsRecord {
    pub affiliate_id: i64,
    pub sales: i64,
    pub sales_minor: i64,
    pub direct_minor: i64,
    pub override_minor: i64,
}

pub async fn affiliate_stats(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<AffiliateStatsRecord>, AffiliateStoreError> {
    Ok(sqlx::query_as!(
        AffiliateStatsRecord,
        r#"SELECT a.id AS "affiliate_id!",
                  (SELECT count(*) FROM affiliate_sales s WHERE s.affiliate_id = a.id) AS "sales!",
                  (SELECT coalesce(sum(s.amount_minor), 0)::int8 FROM affiliate_sales s WHERE s.affiliate_id = a.id) AS "sales_minor!",
                  (SELECT coalesce(sum(s.direct_minor), 0)::int8 FROM affiliate_sales s WHERE s.affiliate_id = a.id) AS "direct_minor!",
                  (SELECT coalesce(sum(s.override_minor), 0)::int8 FROM affiliate_sales s WHERE s.override_affiliate_id = a.id) AS "override_minor!"
           FROM affiliates a WHERE a.program_id = $1 ORDER BY a.id"#,
        program_id
    )
    .fetch_all(conn)
    .await?)
}
