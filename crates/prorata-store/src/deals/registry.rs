//! Deals and the investments that fund them.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::deal::DealStatus;
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::states::Stored;
use super::{DealStoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeal<'a> {
    pub program_id: i64,
    pub name: &'a str,
    pub currency: &'a str,
    pub partner_id: i64,
    pub partner_commission_rate: Decimal,
    pub platform_fee_rate: Decimal,
    pub circuit_breaker_threshold: Decimal,
    pub created_by: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealRecord {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub partner_id: i64,
    pub partner_name: String,
    pub partner_commission_rate: Decimal,
    pub platform_fee_rate: Decimal,
    pub circuit_breaker_threshold: Decimal,
    pub status: DealStatus,
    pub capital_minor: i64,
    pub investments: i64,
}

/// Creates an active deal; `None` if the program already has a deal of that name.
pub async fn create_deal(
    tx: &mut Tx<'_>,
    deal: &NewDeal<'_>,
    at: DateTime<Utc>,
) -> Result<Option<i64>, DealStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO deals (program_id, name, currency, partner_id, partner_commission_rate,
                            platform_fee_rate, circuit_breaker_threshold, status, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9)
         ON CONFLICT (program_id, name) DO NOTHING RETURNING id",
        deal.program_id,
        deal.name,
        deal.currency,
        deal.partner_id,
        deal.partner_commission_rate,
        deal.platform_fee_rate,
        deal.circuit_breaker_threshold,
        deal.created_by,
        at
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The program's deals with their capital, in id order, from `after_id` on, at most `limit`.
pub async fn list_deals(
    conn: &mut PgConnection,
    program_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<DealRecord>, DealStoreError> {
    Ok(sqlx::query_as!(
        DealRecord,
        r#"SELECT d.id, d.name, d.currency AS "currency!", d.partner_id, p.name AS partner_name,
                  d.partner_commission_rate, d.platform_fee_rate, d.circuit_breaker_threshold,
                  d.status AS "status: Stored<DealStatus>",
                  coalesce(sum(i.amount_minor), 0)::bigint AS "capital_minor!",
                  count(i.id) AS "investments!"
           FROM deals d
           JOIN partners p ON p.id = d.partner_id
           LEFT JOIN investments i ON i.deal_id = d.id
           WHERE d.program_id = $1 AND d.id > $2
           GROUP BY d.id, p.name
           ORDER BY d.id
           LIMIT $3"#,
        program_id,
        after_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// The program's deal with this id (digits) or name.
pub async fn find_deal(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
) -> Result<Option<DealRecord>, DealStoreError> {
    let id = key.parse::<i64>().ok();
    Ok(sqlx::query_as!(
        DealRecord,
        r#"SELECT d.id, d.name, d.currency AS "currency!", d.partner_id, p.name AS partner_name,
                  d.partner_commission_rate, d.platform_fee_rate, d.circuit_breaker_threshold,
                  d.status AS "status: Stored<DealStatus>",
                  coalesce(sum(i.amount_minor), 0)::bigint AS "capital_minor!",
                  count(i.id) AS "investments!"
           FROM deals d
           JOIN partners p ON p.id = d.partner_id
           LEFT JOIN investments i ON i.deal_id = d.id
           WHERE d.program_id = $1 AND (d.id = $2 OR d.name = $3)
           GROUP BY d.id, p.name"#,
        program_id,
        id,
        key
    )
    .fetch_optional(conn)
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvestment<'a> {
    pub program_id: i64,
    pub deal_id: i64,
    pub investor_id: i64,
    pub amount_minor: i64,
    pub invested_on: NaiveDate,
    pub created_by: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvestmentRecord {
    pub id: i64,
    pub investor_id: i64,
    pub investor_name: String,
    pub amount_minor: i64,
    pub invested_on: NaiveDate,
}

pub async fn add_investment(
    tx: &mut Tx<'_>,
    investment: &NewInvestment<'_>,
    at: DateTime<Utc>,
) -> Result<i64, DealStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO investments (program_id, deal_id, investor_id, amount_minor, invested_on, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        investment.program_id,
        investment.deal_id,
        investment.investor_id,
        investment.amount_minor,
        investment.invested_on,
        investment.created_by,
        at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Every investment of a deal, in date then id order.
pub async fn investments_of(
    conn: &mut PgConnection,
    deal_id: i64,
) -> Result<Vec<InvestmentRecord>, DealStoreError> {
    Ok(sqlx::query_as!(
        InvestmentRecord,
        "SELECT i.id, i.investor_id, v.name AS investor_name, i.amount_minor, i.invested_on
         FROM investments i JOIN investors v ON v.id = i.investor_id
         WHERE i.deal_id = $1 ORDER BY i.invested_on, i.id",
        deal_id
    )
    .fetch_all(conn)
    .await?)
}

/// The date of a deal's first investment, if it has one.
pub async fn first_investment_date(
    conn: &mut PgConnection,
    deal_id: i64,
) -> Result<Option<NaiveDate>, DealStoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT min(invested_on) FROM investments WHERE deal_id = $1",
        deal_id
    )
    .fetch_one(conn)
    .await?)
}

/// Closes an active deal; false if it was already closed.
pub async fn close_deal(tx: &mut Tx<'_>, deal_id: i64) -> Result<bool, DealStoreError> {
    let closed = sqlx::query!(
        "UPDATE deals SET status = 'closed' WHERE id = $1 AND status = 'active'",
        deal_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(closed.rows_affected() == 1)
}

/// The currency of the program's deals, if it has any.
pub async fn program_currency(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Option<String>, DealStoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT currency AS "currency!" FROM deals WHERE program_id = $1 ORDER BY id LIMIT 1"#,
        program_id
    )
    .fetch_optional(conn)
    .await?)
}
