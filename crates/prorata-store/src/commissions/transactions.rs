//! A network's transactions, their commissions and their reversals: each kind written in one
//! statement whatever the number of transactions, and read back by member or id.

use chrono::{DateTime, Utc};
use prorata_domain::commission::NetworkRole;
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{CommissionStoreError, Tx};
use crate::states::Stored;

/// Holds the program's schemes still while transactions are commissioned by their rates:
/// many transactions at once, but no scheme change until they commit (a change takes the
/// same lock exclusively, `lock_schemes`).
pub async fn share_schemes(tx: &mut Tx<'_>, program_id: i64) -> Result<(), CommissionStoreError> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock_shared(hashtextextended('commission_schemes:' || $1::bigint, 0))",
        program_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A member of an upline: `start` is the member whose upline it is, `depth` 0 that member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UplineRecord {
    pub start: i64,
    pub member_id: i64,
    pub role: NetworkRole,
    pub depth: i32,
}

/// The uplines of these members, each from the member up to its admin, in one query.
pub async fn uplines(
    conn: &mut PgConnection,
    program_id: i64,
    member_ids: &[i64],
) -> Result<Vec<UplineRecord>, CommissionStoreError> {
    Ok(sqlx::query_as!(
        UplineRecord,
        r#"WITH RECURSIVE up AS (
               SELECT m.id AS start, m.id, m.role, m.upline_id, 0 AS depth
               FROM network_members m WHERE m.program_id = $1 AND m.id = ANY($2)
               UNION ALL
               SELECT up.start, m.id, m.role, m.upline_id, up.depth + 1
               FROM up JOIN network_members m ON m.id = up.upline_id
               WHERE up.depth < 8
           )
           SELECT start AS "start!", id AS "member_id!", role::text AS "role!: Stored<NetworkRole>",
                  depth AS "depth!"
           FROM up ORDER BY start, depth"#,
        program_id,
        member_ids
    )
    .fetch_all(conn)
    .await?)
}

/// A transaction to write.
#[derive(Debug, Clone, Copy)]
pub struct NewNetworkTransaction<'a> {
    pub program_id: i64,
    pub member_id: i64,
    pub service: &'a str,
    pub currency: &'a str,
    pub amount_minor: i64,
    pub commission_rate: Decimal,
    pub commission_minor: i64,
    pub reference: Option<&'a str>,
    pub entry_id: i64,
    pub recorded_by: &'a str,
    pub recorded_at: DateTime<Utc>,
}

/// Writes the transactions; their ids, in order.
pub async fn insert_network_transactions(
    tx: &mut Tx<'_>,
    news: &[NewNetworkTransaction<'_>],
) -> Result<Vec<i64>, CommissionStoreError> {
    let column = |f: fn(&NewNetworkTransaction<'_>) -> i64| news.iter().map(f).collect::<Vec<_>>();
    let services: Vec<&str> = news.iter().map(|n| n.service).collect();
    let currencies: Vec<&str> = news.iter().map(|n| n.currency).collect();
    let recorders: Vec<&str> = news.iter().map(|n| n.recorded_by).collect();
    let rates: Vec<Decimal> = news.iter().map(|n| n.commission_rate).collect();
    let references: Vec<Option<&str>> = news.iter().map(|n| n.reference).collect();
    let times: Vec<DateTime<Utc>> = news.iter().map(|n| n.recorded_at).collect();
    let rows = sqlx::query_scalar!(
        "INSERT INTO network_transactions (program_id, member_id, service, currency, amount_minor,
             commission_rate, commission_minor, reference, entry_id, recorded_by, recorded_at)
         SELECT program, member, service, currency, amount, rate, commission, reference, entry,
                recorder, at
         FROM UNNEST($1::int8[], $2::int8[], $3::text[], $4::text[], $5::int8[], $6::numeric[],
                     $7::int8[], $8::text[], $9::int8[], $10::text[], $11::timestamptz[])
              WITH ORDINALITY AS n(program, member, service, currency, amount, rate, commission,
                  reference, entry, recorder, at, ord)
         ORDER BY ord
         RETURNING id",
        &column(|n| n.program_id),
        &column(|n| n.member_id),
        &services as &[&str],
        &currencies as &[&str],
        &column(|n| n.amount_minor),
        &rates,
        &column(|n| n.commission_minor),
        &references as &[Option<&str>],
        &column(|n| n.entry_id),
        &recorders as &[&str],
        &times,
    )
    .fetch_all(&mut **tx)
    .await?;
    // PostgreSQL returns rows in the order they were inserted, which ORDER BY ord fixed; the
    // ids are ascending with it.
    assert_eq!(rows.len(), news.len(), "one id a transaction");
    debug_assert!(rows.windows(2).all(|w| w[0] < w[1]));
    Ok(rows)
}

/// A member's part of a transaction's commission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkCommissionRecord {
    pub transaction_id: i64,
    pub member_id: i64,
    pub member: String,
    pub role: NetworkRole,
    pub margin: Decimal,
    pub amount_minor: i64,
}

/// Writes the parts of transactions written in this database transaction.
pub async fn insert_network_commissions(
    tx: &mut Tx<'_>,
    program_id: i64,
    parts: &[NetworkCommissionRecord],
) -> Result<(), CommissionStoreError> {
    let transactions: Vec<i64> = parts.iter().map(|p| p.transaction_id).collect();
    let members: Vec<i64> = parts.iter().map(|p| p.member_id).collect();
    let roles: Vec<&str> = parts.iter().map(|p| p.role.as_str()).collect();
    let margins: Vec<Decimal> = parts.iter().map(|p| p.margin).collect();
    let amounts: Vec<i64> = parts.iter().map(|p| p.amount_minor).collect();
    sqlx::query!(
        "INSERT INTO network_commissions (transaction_id, program_id, member_id, role, margin, amount_minor)
         SELECT t, $1, m, r::network_role, g, a
         FROM UNNEST($2::int8[], $3::int8[], $4::text[], $5::numeric[], $6::int8[]) AS n(t, m, r, g, a)",
        program_id,
        &transactions,
        &members,
        &roles as &[&str],
        &margins,
        &amounts
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The transactions booked by these entries: `(entry_id, transaction_id)`.
pub async fn network_transactions_of_entries(
    conn: &mut PgConnection,
    program_id: i64,
    entry_ids: &[i64],
) -> Result<Vec<(i64, i64)>, CommissionStoreError> {
    let rows = sqlx::query!(
        "SELECT entry_id, id FROM network_transactions WHERE program_id = $1 AND entry_id = ANY($2)",
        program_id,
        entry_ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.entry_id, r.id)).collect())
}

/// A transaction as recorded, with its reversal if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkTransactionRecord {
    pub id: i64,
    pub member_id: i64,
    pub member: String,
    pub service: String,
    pub currency: String,
    pub amount_minor: i64,
    pub commission_rate: Decimal,
    pub commission_minor: i64,
    pub reference: Option<String>,
    pub entry_id: i64,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub reversal_entry_id: Option<i64>,
    pub reversal_reason: Option<String>,
    pub reversed_by: Option<String>,
    pub reversed_at: Option<DateTime<Utc>>,
}

/// Which transactions to read: one, a member's (as the transacting member or earning a part),
/// or the program's latest.
#[derive(Debug, Clone, Copy)]
pub struct NetworkTransactionFilter {
    pub id: Option<i64>,
    pub member_id: Option<i64>,
    pub limit: i64,
}

/// The program's transactions, newest first.
pub async fn network_transactions(
    conn: &mut PgConnection,
    program_id: i64,
    filter: NetworkTransactionFilter,
) -> Result<Vec<NetworkTransactionRecord>, CommissionStoreError> {
    Ok(sqlx::query_as!(
        NetworkTransactionRecord,
        r#"SELECT t.id, t.member_id, m.name AS member, t.service, t.currency, t.amount_minor,
                  t.commission_rate, t.commission_minor, t.reference, t.entry_id, t.recorded_by,
                  t.recorded_at, r.entry_id AS "reversal_entry_id?", r.reason AS "reversal_reason?",
                  r.reversed_by AS "reversed_by?", r.reversed_at AS "reversed_at?"
           FROM network_transactions t
           JOIN network_members m ON m.id = t.member_id
           LEFT JOIN network_reversals r ON r.transaction_id = t.id
           WHERE t.program_id = $1 AND ($2::bigint IS NULL OR t.id = $2)
             AND ($3::bigint IS NULL OR t.member_id = $3 OR EXISTS (
                   SELECT 1 FROM network_commissions c
                   WHERE c.transaction_id = t.id AND c.member_id = $3 AND c.amount_minor > 0))
           ORDER BY t.id DESC
           LIMIT $4"#,
        program_id,
        filter.id,
        filter.member_id,
        filter.limit
    )
    .fetch_all(conn)
    .await?)
}

/// The parts of these transactions, by transaction and then from the transacting member up.
pub async fn network_commissions_of(
    conn: &mut PgConnection,
    transaction_ids: &[i64],
) -> Result<Vec<NetworkCommissionRecord>, CommissionStoreError> {
    Ok(sqlx::query_as!(
        NetworkCommissionRecord,
        r#"SELECT c.transaction_id, c.member_id, m.name AS member,
                  c.role::text AS "role!: Stored<NetworkRole>", c.margin, c.amount_minor
           FROM network_commissions c JOIN network_members m ON m.id = c.member_id
           WHERE c.transaction_id = ANY($1)
           ORDER BY c.transaction_id, c.role DESC"#,
        transaction_ids
    )
    .fetch_all(conn)
    .await?)
}

/// A transaction's reversal to write.
#[derive(Debug, Clone, Copy)]
pub struct NewNetworkReversal<'a> {
    pub program_id: i64,
    pub transaction_id: i64,
    pub entry_id: i64,
    pub reason: &'a str,
    pub reversed_by: &'a str,
    pub reversed_at: DateTime<Utc>,
}

pub async fn insert_network_reversal(
    tx: &mut Tx<'_>,
    new: &NewNetworkReversal<'_>,
) -> Result<(), CommissionStoreError> {
    sqlx::query!(
        "INSERT INTO network_reversals (transaction_id, program_id, entry_id, reason, reversed_by, reversed_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        new.transaction_id,
        new.program_id,
        new.entry_id,
        new.reason,
        new.reversed_by,
        new.reversed_at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes a transaction's lock for its reversal: two reversals at once run one after the
/// other, and the second finds the first's.
pub async fn lock_network_transaction(
    tx: &mut Tx<'_>,
    id: i64,
) -> Result<(), CommissionStoreError> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('network_transaction:' || $1::bigint, 0))",
        id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
