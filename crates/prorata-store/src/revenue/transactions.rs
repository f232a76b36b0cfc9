//! Revenue transactions with every step of their split, their roles' parts and their
//! members' wallet credits; gateway settlements and the transactions each one settles.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::revenue_split::{CommunityRole, RevenueSource};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{RevenueStoreError, Tx};
use crate::states::Stored;

/// A transaction to record: its split in minor units and the rates it used.
#[derive(Debug, Clone)]
pub struct NewRevenueTransaction<'a> {
    pub program_id: i64,
    pub community_id: i64,
    pub source: RevenueSource,
    pub currency: &'a str,
    pub occurred_on: NaiveDate,
    pub gateway: &'a str,
    pub reference: Option<&'a str>,
    pub fee_schedule_id: i64,
    /// Gross, GST, gateway fee, its GST, platform fee, its GST, net.
    pub steps_minor: [i64; 7],
    /// GST, gateway fee and platform fee rates.
    pub rates: [Decimal; 3],
    pub entry_id: i64,
    pub recorded_by: &'a str,
    pub recorded_at: DateTime<Utc>,
}

/// A transaction as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueTransactionRecord {
    pub id: i64,
    pub community_id: i64,
    pub community: String,
    pub source: RevenueSource,
    pub currency: String,
    pub occurred_on: NaiveDate,
    pub gateway: String,
    pub reference: Option<String>,
    pub fee_schedule_id: i64,
    pub gross_minor: i64,
    pub gst_minor: i64,
    pub gateway_fee_minor: i64,
    pub gateway_fee_gst_minor: i64,
    pub platform_fee_minor: i64,
    pub platform_fee_gst_minor: i64,
    pub net_minor: i64,
    pub gst_rate: Decimal,
    pub gateway_fee_rate: Decimal,
    pub platform_fee_rate: Decimal,
    pub entry_id: i64,
    pub settlement_id: Option<i64>,
    /// `None` without a hold; `Some(false)` held for review; `Some(true)` released.
    pub hold_released: Option<bool>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// A member's credit of a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletCreditRecord {
    pub member_id: i64,
    pub member: String,
    pub role: CommunityRole,
    pub amount_minor: i64,
    pub available_on: NaiveDate,
    pub status: String,
}

pub async fn insert_transaction(
    tx: &mut Tx<'_>,
    new: &NewRevenueTransaction<'_>,
) -> Result<i64, RevenueStoreError> {
    let [
        gross,
        gst,
        gateway_fee,
        gateway_fee_gst,
        platform_fee,
        platform_fee_gst,
        net,
    ] = new.steps_minor;
    let [gst_rate, gateway_fee_rate, platform_fee_rate] = new.rates;
    Ok(sqlx::query_scalar!(
        "INSERT INTO revenue_transactions (program_id, community_id, source, currency, occurred_on,
             gateway, reference, fee_schedule_id, gross_minor, gst_minor, gateway_fee_minor,
             gateway_fee_gst_minor, platform_fee_minor, platform_fee_gst_minor, net_minor,
             gst_rate, gateway_fee_rate, platform_fee_rate, entry_id, recorded_by, recorded_at)
         VALUES ($1, $2, $3::text::revenue_source, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
                 $15, $16, $17, $18, $19, $20, $21)
         RETURNING id",
        new.program_id,
        new.community_id,
        new.source.as_str(),
        new.currency,
        new.occurred_on,
        new.gateway,
        new.reference,
        new.fee_schedule_id,
        gross,
        gst,
        gateway_fee,
        gateway_fee_gst,
        platform_fee,
        platform_fee_gst,
        net,
        gst_rate,
        gateway_fee_rate,
        platform_fee_rate,
        new.entry_id,
        new.recorded_by,
        new.recorded_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The transaction's roles' parts: (role, share, amount in minor units).
pub async fn insert_role_parts(
    tx: &mut Tx<'_>,
    program_id: i64,
    transaction_id: i64,
    parts: &[(CommunityRole, Decimal, i64)],
) -> Result<(), RevenueStoreError> {
    let roles: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    let shares: Vec<Decimal> = parts.iter().map(|p| p.1).collect();
    let amounts: Vec<i64> = parts.iter().map(|p| p.2).collect();
    sqlx::query!(
        "INSERT INTO revenue_role_parts (program_id, transaction_id, role, share, amount_minor)
         SELECT $1, $2, role::community_role, share, amount
         FROM UNNEST($3::text[], $4::numeric[], $5::int8[]) AS p(role, share, amount)",
        program_id,
        transaction_id,
        &roles as &[&str],
        &shares,
        &amounts
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The members' credits: (member, role, amount in minor units), pending until `available_on`.
pub async fn insert_wallet_credits(
    tx: &mut Tx<'_>,
    program_id: i64,
    transaction_id: i64,
    credits: &[(i64, CommunityRole, i64)],
    available_on: NaiveDate,
) -> Result<(), RevenueStoreError> {
    let members: Vec<i64> = credits.iter().map(|c| c.0).collect();
    let roles: Vec<&str> = credits.iter().map(|c| c.1.as_str()).collect();
    let amounts: Vec<i64> = credits.iter().map(|c| c.2).collect();
    sqlx::query!(
        "INSERT INTO wallet_credits (program_id, transaction_id, member_id, role, amount_minor, available_on)
         SELECT $1, $2, member, role::community_role, amount, $6
         FROM UNNEST($3::int8[], $4::text[], $5::int8[]) AS c(member, role, amount)",
        program_id,
        transaction_id,
        &members,
        &roles as &[&str],
        &amounts,
        available_on
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A transaction's members' credits, by role then member.
pub async fn wallet_credits_of(
    conn: &mut PgConnection,
    transaction_id: i64,
) -> Result<Vec<WalletCreditRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        WalletCreditRecord,
        r#"SELECT w.member_id, m.name AS member, w.role::text AS "role!: Stored<CommunityRole>",
                  w.amount_minor, w.available_on, w.status::text AS "status!"
           FROM wallet_credits w JOIN community_members m ON m.id = w.member_id
           WHERE w.transaction_id = $1 ORDER BY w.role, w.member_id"#,
        transaction_id
    )
    .fetch_all(conn)
    .await?)
}

/// What a gateway has collected and not settled, in a currency, on or before a day: the
/// transactions locked (so two settlements never take the same one), their gross and fees.
pub async fn lock_unsettled(
    tx: &mut Tx<'_>,
    program_id: i64,
    gateway: &str,
    currency: &str,
    up_to: NaiveDate,
) -> Result<(Vec<i64>, i64, i64), RevenueStoreError> {
    let rows = sqlx::query!(
        "SELECT id, gross_minor, gateway_fee_minor + gateway_fee_gst_minor AS \"fees!\"
         FROM revenue_transactions
         WHERE program_id = $1 AND gateway = $2 AND currency = $3 AND occurred_on <= $4
           AND settlement_id IS NULL
         ORDER BY id FOR UPDATE",
        program_id,
        gateway,
        currency,
        up_to
    )
    .fetch_all(&mut **tx)
    .await?;
    let ids = rows.iter().map(|r| r.id).collect();
    let gross = rows.iter().map(|r| r.gross_minor).sum();
    let fees = rows.iter().map(|r| r.fees).sum();
    Ok((ids, gross, fees))
}

/// A settlement to record.
#[derive(Debug, Clone)]
pub struct NewSettlement<'a> {
    pub program_id: i64,
    pub gateway: &'a str,
    pub bank_id: i64,
    pub currency: &'a str,
    pub settled_on: NaiveDate,
    pub reference: Option<&'a str>,
    pub gross_minor: i64,
    pub fees_minor: i64,
    pub amount_minor: i64,
    pub entry_id: i64,
    pub settled_by: &'a str,
    pub settled_at: DateTime<Utc>,
}

/// Records a settlement and marks the transactions it settles.
pub async fn insert_settlement(
    tx: &mut Tx<'_>,
    new: &NewSettlement<'_>,
    transaction_ids: &[i64],
) -> Result<i64, RevenueStoreError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO gateway_settlements (program_id, gateway, bank_id, currency, settled_on, reference,
             gross_minor, fees_minor, amount_minor, entry_id, settled_by, settled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        new.program_id,
        new.gateway,
        new.bank_id,
        new.currency,
        new.settled_on,
        new.reference,
        new.gross_minor,
        new.fees_minor,
        new.amount_minor,
        new.entry_id,
        new.settled_by,
        new.settled_at
    )
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE revenue_transactions SET settlement_id = $1 WHERE program_id = $2 AND id = ANY($3)",
        id,
        new.program_id,
        transaction_ids
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// These transactions' roles' parts, in one query: (transaction, role, share, amount in minor
/// units), by transaction and in the order of the roles.
pub async fn role_parts_of(
    conn: &mut PgConnection,
    transaction_ids: &[i64],
) -> Result<Vec<(i64, CommunityRole, Decimal, i64)>, RevenueStoreError> {
    let rows = sqlx::query!(
        r#"SELECT transaction_id, role::text AS "role!: Stored<CommunityRole>", share, amount_minor
           FROM revenue_role_parts WHERE transaction_id = ANY($1) ORDER BY transaction_id, role"#,
        transaction_ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.transaction_id, r.role.0, r.share, r.amount_minor))
        .collect())
}

/// The median gross of a community's transactions in the 30 days before `day`, exactly, as
/// PostgreSQL's check computes it; `None` without any.
pub async fn median_before(
    conn: &mut PgConnection,
    community_id: i64,
    day: NaiveDate,
) -> Result<Option<Decimal>, RevenueStoreError> {
    Ok(
        sqlx::query_scalar!("SELECT revenue_median_before($1, $2)", community_id, day)
            .fetch_one(conn)
            .await?,
    )
}

/// Holds a transaction's credits for review, with the median and multiple it was above.
pub async fn insert_hold(
    tx: &mut Tx<'_>,
    program_id: i64,
    transaction_id: i64,
    median_minor: Decimal,
    multiple: Decimal,
) -> Result<(), RevenueStoreError> {
    sqlx::query!(
        "INSERT INTO revenue_holds (transaction_id, program_id, median_minor, multiple)
         VALUES ($1, $2, $3, $4)",
        transaction_id,
        program_id,
        median_minor,
        multiple
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A transaction's hold, locked: (recorded by, released by).
pub async fn lock_hold(
    tx: &mut Tx<'_>,
    program_id: i64,
    transaction_id: i64,
) -> Result<Option<(String, Option<String>)>, RevenueStoreError> {
    let row = sqlx::query!(
        "SELECT t.recorded_by, h.released_by FROM revenue_holds h
         JOIN revenue_transactions t ON t.id = h.transaction_id
         WHERE h.program_id = $1 AND h.transaction_id = $2 FOR UPDATE OF h",
        program_id,
        transaction_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| (r.recorded_by, r.released_by)))
}

pub async fn release_hold(
    tx: &mut Tx<'_>,
    transaction_id: i64,
    released_by: &str,
    released_at: DateTime<Utc>,
    reason: &str,
) -> Result<(), RevenueStoreError> {
    sqlx::query!(
        "UPDATE revenue_holds SET released_by = $2, released_at = $3, reason = $4
         WHERE transaction_id = $1 AND released_by IS NULL",
        transaction_id,
        released_by,
        released_at,
        reason
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The program's transactions with ids above `after`, by id, at most `limit`: of one
/// community or all, or the one with this id. A list, a page of an export and `show` read
/// the same query.
pub async fn revenue_transactions(
    conn: &mut PgConnection,
    program_id: i64,
    community_id: Option<i64>,
    id: Option<i64>,
    after: i64,
    limit: i64,
) -> Result<Vec<RevenueTransactionRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        RevenueTransactionRecord,
        r#"SELECT t.id, t.community_id, c.name AS community, t.source::text AS "source!: Stored<RevenueSource>",
                  t.currency, t.occurred_on, t.gateway, t.reference, t.fee_schedule_id, t.gross_minor,
                  t.gst_minor, t.gateway_fee_minor, t.gateway_fee_gst_minor, t.platform_fee_minor,
                  t.platform_fee_gst_minor, t.net_minor, t.gst_rate, t.gateway_fee_rate,
                  t.platform_fee_rate, t.entry_id, t.settlement_id,
                  (SELECT h.released_by IS NOT NULL FROM revenue_holds h WHERE h.transaction_id = t.id) AS hold_released,
                  t.recorded_by, t.recorded_at
           FROM revenue_transactions t JOIN communities c ON c.id = t.community_id
           WHERE t.program_id = $1 AND ($2::bigint IS NULL OR t.community_id = $2)
             AND ($3::bigint IS NULL OR t.id = $3) AND t.id > $4
           ORDER BY t.id LIMIT $5"#,
        program_id,
        community_id,
        id,
        after,
        limit
    )
    .fetch_all(conn)
    .await?)
}
