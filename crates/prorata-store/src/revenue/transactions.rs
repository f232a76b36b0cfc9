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

/// Records transactions in one statement; their ids, in the order given.
pub async fn insert_transactions(
    tx: &mut Tx<'_>,
    news: &[NewRevenueTransaction<'_>],
) -> Result<Vec<i64>, RevenueStoreError> {
    let column = |f: fn(&NewRevenueTransaction<'_>) -> i64| news.iter().map(f).collect::<Vec<_>>();
    let step = |i: usize| news.iter().map(|n| n.steps_minor[i]).collect::<Vec<_>>();
    let rate = |i: usize| news.iter().map(|n| n.rates[i]).collect::<Vec<_>>();
    let sources: Vec<&str> = news.iter().map(|n| n.source.as_str()).collect();
    let currencies: Vec<&str> = news.iter().map(|n| n.currency).collect();
    let days: Vec<NaiveDate> = news.iter().map(|n| n.occurred_on).collect();
    let gateways: Vec<&str> = news.iter().map(|n| n.gateway).collect();
    let references: Vec<Option<&str>> = news.iter().map(|n| n.reference).collect();
    let recorders: Vec<&str> = news.iter().map(|n| n.recorded_by).collect();
    let times: Vec<DateTime<Utc>> = news.iter().map(|n| n.recorded_at).collect();
    let entry_ids = column(|n| n.entry_id);
    let rows = sqlx::query!(
        "INSERT INTO revenue_transactions (program_id, community_id, source, currency, occurred_on,
             gateway, reference, fee_schedule_id, gross_minor, gst_minor, gateway_fee_minor,
             gateway_fee_gst_minor, platform_fee_minor, platform_fee_gst_minor, net_minor,
             gst_rate, gateway_fee_rate, platform_fee_rate, entry_id, recorded_by, recorded_at)
         SELECT program, community, source::revenue_source, currency, day, gateway, reference,
                schedule, gross, gst, gateway_fee, gateway_fee_gst, platform_fee, platform_fee_gst,
                net, gst_rate, gateway_fee_rate, platform_fee_rate, entry, recorder, at
         FROM UNNEST($1::int8[], $2::int8[], $3::text[], $4::text[], $5::date[], $6::text[],
                     $7::text[], $8::int8[], $9::int8[], $10::int8[], $11::int8[], $12::int8[],
                     $13::int8[], $14::int8[], $15::int8[], $16::numeric[], $17::numeric[],
                     $18::numeric[], $19::int8[], $20::text[], $21::timestamptz[])
              WITH ORDINALITY AS n(program, community, source, currency, day, gateway, reference,
                  schedule, gross, gst, gateway_fee, gateway_fee_gst, platform_fee,
                  platform_fee_gst, net, gst_rate, gateway_fee_rate, platform_fee_rate, entry,
                  recorder, at, ord)
         ORDER BY ord
         RETURNING id, entry_id",
        &column(|n| n.program_id),
        &column(|n| n.community_id),
        &sources as &[&str],
        &currencies as &[&str],
        &days,
        &gateways as &[&str],
        &references as &[Option<&str>],
        &column(|n| n.fee_schedule_id),
        &step(0),
        &step(1),
        &step(2),
        &step(3),
        &step(4),
        &step(5),
        &step(6),
        &rate(0),
        &rate(1),
        &rate(2),
        &entry_ids,
        &recorders as &[&str],
        &times,
    )
    .fetch_all(&mut **tx)
    .await?;
    let ids: std::collections::HashMap<i64, i64> =
        rows.into_iter().map(|r| (r.entry_id, r.id)).collect();
    assert_eq!(
        ids.len(),
        news.len(),
        "one transaction a row, each its own entry"
    );
    Ok(entry_ids.iter().map(|entry| ids[entry]).collect())
}

/// A role's part of a transaction's net pool.
#[derive(Debug, Clone, Copy)]
pub struct NewRolePart {
    pub transaction_id: i64,
    pub role: CommunityRole,
    pub share: Decimal,
    pub amount_minor: i64,
}

/// Transactions' roles' parts, in one statement.
pub async fn insert_role_parts(
    tx: &mut Tx<'_>,
    program_id: i64,
    parts: &[NewRolePart],
) -> Result<(), RevenueStoreError> {
    let transactions: Vec<i64> = parts.iter().map(|p| p.transaction_id).collect();
    let roles: Vec<&str> = parts.iter().map(|p| p.role.as_str()).collect();
    let shares: Vec<Decimal> = parts.iter().map(|p| p.share).collect();
    let amounts: Vec<i64> = parts.iter().map(|p| p.amount_minor).collect();
    sqlx::query!(
        "INSERT INTO revenue_role_parts (program_id, transaction_id, role, share, amount_minor)
         SELECT $1, t, role::community_role, share, amount
         FROM UNNEST($2::int8[], $3::text[], $4::numeric[], $5::int8[]) AS p(t, role, share, amount)",
        program_id,
        &transactions,
        &roles as &[&str],
        &shares,
        &amounts
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A member's credit of a transaction, pending until `available_on`.
#[derive(Debug, Clone, Copy)]
pub struct NewWalletCredit {
    pub transaction_id: i64,
    pub member_id: i64,
    pub role: CommunityRole,
    pub amount_minor: i64,
    pub available_on: NaiveDate,
}

/// Members' credits of transactions, in one statement.
pub async fn insert_wallet_credits(
    tx: &mut Tx<'_>,
    program_id: i64,
    credits: &[NewWalletCredit],
) -> Result<(), RevenueStoreError> {
    let transactions: Vec<i64> = credits.iter().map(|c| c.transaction_id).collect();
    let members: Vec<i64> = credits.iter().map(|c| c.member_id).collect();
    let roles: Vec<&str> = credits.iter().map(|c| c.role.as_str()).collect();
    let amounts: Vec<i64> = credits.iter().map(|c| c.amount_minor).collect();
    let days: Vec<NaiveDate> = credits.iter().map(|c| c.available_on).collect();
    sqlx::query!(
        "INSERT INTO wallet_credits (program_id, transaction_id, member_id, role, amount_minor, available_on)
         SELECT $1, t, member, role::community_role, amount, day
         FROM UNNEST($2::int8[], $3::int8[], $4::text[], $5::int8[], $6::date[])
              AS c(t, member, role, amount, day)",
        program_id,
        &transactions,
        &members,
        &roles as &[&str],
        &amounts,
        &days
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The transactions that booked these entries: (entry, transaction), for entries replayed
/// under their key.
pub async fn transactions_of_entries(
    conn: &mut PgConnection,
    program_id: i64,
    entry_ids: &[i64],
) -> Result<Vec<(i64, i64)>, RevenueStoreError> {
    let rows = sqlx::query!(
        "SELECT entry_id, id FROM revenue_transactions WHERE program_id = $1 AND entry_id = ANY($2)",
        program_id,
        entry_ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.entry_id, r.id)).collect())
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

/// The median gross of each community's transactions in the 30 days before each day,
/// exactly, as PostgreSQL's check computes it; `None` without any. In the order given.
pub async fn medians_before(
    conn: &mut PgConnection,
    days: &[(i64, NaiveDate)],
) -> Result<Vec<Option<Decimal>>, RevenueStoreError> {
    let communities: Vec<i64> = days.iter().map(|d| d.0).collect();
    let dates: Vec<NaiveDate> = days.iter().map(|d| d.1).collect();
    let rows = sqlx::query!(
        "SELECT revenue_median_before(community, day) AS median
         FROM UNNEST($1::int8[], $2::date[]) WITH ORDINALITY AS d(community, day, ord)
         ORDER BY ord",
        &communities,
        &dates
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.median).collect())
}

/// A transaction's credits held for review, with the median and multiple it was above.
#[derive(Debug, Clone, Copy)]
pub struct NewHold {
    pub transaction_id: i64,
    pub median_minor: Decimal,
    pub multiple: Decimal,
}

/// Holds transactions' credits for review, in one statement.
pub async fn insert_holds(
    tx: &mut Tx<'_>,
    program_id: i64,
    holds: &[NewHold],
) -> Result<(), RevenueStoreError> {
    let transactions: Vec<i64> = holds.iter().map(|h| h.transaction_id).collect();
    let medians: Vec<Decimal> = holds.iter().map(|h| h.median_minor).collect();
    let multiples: Vec<Decimal> = holds.iter().map(|h| h.multiple).collect();
    sqlx::query!(
        "INSERT INTO revenue_holds (transaction_id, program_id, median_minor, multiple)
         SELECT t, $1, median, multiple
         FROM UNNEST($2::int8[], $3::numeric[], $4::numeric[]) AS h(t, median, multiple)",
        program_id,
        &transactions,
        &medians,
        &multiples
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
