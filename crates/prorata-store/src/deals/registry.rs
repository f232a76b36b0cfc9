//! Deals and the investments that fund them.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::deal::DealStatus;
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{DealStoreError, Tx};
use crate::states::Stored;

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

/// The program's deal with this id (all digits) or else this name. Names are never all
/// digits (the application and a CHECK say so), so a key means one thing only.
pub async fn find_deal(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
) -> Result<Option<DealRecord>, DealStoreError> {
    match super::id_or_name(key) {
        (Some(id), _) => deal_by_id(conn, program_id, id).await,
        (None, name) => deal_by_name(conn, program_id, name.unwrap_or_default()).await,
    }
}

// Two queries, not one with `id = $2 OR name = $3`: a plan for that OR cannot use either
// index, and summed the capital of every deal to find one. The deal's investments are read
// once, for their sum and their count together.
async fn deal_by_id(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<DealRecord>, DealStoreError> {
    Ok(sqlx::query_as!(
        DealRecord,
        r#"SELECT d.id, d.name, d.currency AS "currency!", d.partner_id, p.name AS partner_name,
                  d.partner_commission_rate, d.platform_fee_rate, d.circuit_breaker_threshold,
                  d.status AS "status: Stored<DealStatus>",
                  c.capital_minor AS "capital_minor!", c.investments AS "investments!"
           FROM deals d JOIN partners p ON p.id = d.partner_id
           CROSS JOIN LATERAL (
               SELECT coalesce(sum(i.amount_minor), 0)::bigint AS capital_minor, count(*) AS investments
               FROM investments i WHERE i.deal_id = d.id
           ) AS c
           WHERE d.program_id = $1 AND d.id = $2"#,
        program_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

async fn deal_by_name(
    conn: &mut PgConnection,
    program_id: i64,
    name: &str,
) -> Result<Option<DealRecord>, DealStoreError> {
    Ok(sqlx::query_as!(
        DealRecord,
        r#"SELECT d.id, d.name, d.currency AS "currency!", d.partner_id, p.name AS partner_name,
                  d.partner_commission_rate, d.platform_fee_rate, d.circuit_breaker_threshold,
                  d.status AS "status: Stored<DealStatus>",
                  c.capital_minor AS "capital_minor!", c.investments AS "investments!"
           FROM deals d JOIN partners p ON p.id = d.partner_id
           CROSS JOIN LATERAL (
               SELECT coalesce(sum(i.amount_minor), 0)::bigint AS capital_minor, count(*) AS investments
               FROM investments i WHERE i.deal_id = d.id
           ) AS c
           WHERE d.program_id = $1 AND d.name = $2"#,
        program_id,
        name
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

/// Locks the program's deal until the transaction ends and reads it afresh. Everything a
/// deal's high-water mark depends on (its capital, and its distributions prepared,
/// cancelled, reversed or posted) changes only under this lock, so two such changes never
/// both build on the same old mark.
pub async fn lock_deal(
    tx: &mut Tx<'_>,
    program_id: i64,
    deal_id: i64,
) -> Result<Option<DealRecord>, DealStoreError> {
    let locked = sqlx::query_scalar!(
        "SELECT id FROM deals WHERE program_id = $1 AND id = $2 FOR UPDATE",
        program_id,
        deal_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    match locked {
        Some(id) => deal_by_id(tx, program_id, id).await,
        None => Ok(None),
    }
}

/// Locks the deals of the program's distributions `ids` in ascending deal id, the one
/// order every job that locks several deals uses, so two jobs never wait for each other.
/// Returns the deal ids locked.
pub async fn lock_deals_of_distributions(
    tx: &mut Tx<'_>,
    program_id: i64,
    ids: &[i64],
) -> Result<Vec<i64>, DealStoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT k.id FROM deals k
         WHERE k.program_id = $1
           AND k.id IN (SELECT deal_id FROM distributions WHERE program_id = $1 AND id = ANY($2))
         ORDER BY k.id
         FOR UPDATE",
        program_id,
        ids
    )
    .fetch_all(&mut **tx)
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
