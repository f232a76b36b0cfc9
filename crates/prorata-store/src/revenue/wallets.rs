//! Member wallets: credits released from pending to available on their day, each wallet's
//! locks and unlocks, and what each member holds.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::revenue_split::CommunityRole;
use sqlx::PgConnection;

use super::{RevenueStoreError, Tx};
use crate::deals::id_or_name;
use crate::states::Stored;

/// The most credits one release run marks: a bound on one statement's rows.
pub const MAX_CREDITS_PER_RELEASE: i64 = 1_000_000;

/// What a release run marked available, per currency: (currency, credits, minor units).
pub async fn release_due_credits(
    tx: &mut Tx<'_>,
    program_id: i64,
    as_of: NaiveDate,
) -> Result<Vec<(String, i64, i64)>, RevenueStoreError> {
    let rows = sqlx::query!(
        r#"WITH due AS (
               SELECT id FROM wallet_credits
               WHERE program_id = $1 AND status = 'pending' AND available_on <= $2
                 AND NOT EXISTS (SELECT 1 FROM revenue_holds h
                                 WHERE h.transaction_id = wallet_credits.transaction_id
                                   AND h.released_by IS NULL)
               ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
           ), released AS (
               UPDATE wallet_credits w SET status = 'available', released_on = $2
               FROM due WHERE w.id = due.id
               RETURNING w.transaction_id, w.amount_minor
           )
           SELECT t.currency, count(*) AS "credits!", coalesce(sum(r.amount_minor), 0)::bigint AS "amount!"
           FROM released r JOIN revenue_transactions t ON t.id = r.transaction_id
           GROUP BY t.currency ORDER BY t.currency"#,
        program_id,
        as_of,
        MAX_CREDITS_PER_RELEASE
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.currency, r.credits, r.amount))
        .collect())
}

/// A member's wallet: who, whether locked, and its credits by state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletRecord {
    pub member_id: i64,
    pub member: String,
    pub community_id: i64,
    pub community: String,
    pub currency: String,
    pub role: CommunityRole,
    pub locked: bool,
    pub pending_minor: i64,
    pub available_minor: i64,
    /// Every credit, pending or available.
    pub credited_minor: i64,
    /// What its paid withdrawals took.
    pub withdrawn_minor: i64,
}

/// The program's wallets, of one community or all, or one member's; by community and name.
pub async fn wallets(
    conn: &mut PgConnection,
    program_id: i64,
    community_id: Option<i64>,
    member_id: Option<i64>,
) -> Result<Vec<WalletRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        WalletRecord,
        r#"SELECT m.id AS member_id, m.name AS member, c.id AS community_id, c.name AS community,
                  c.currency, m.role::text AS "role!: Stored<CommunityRole>",
                  coalesce((SELECT l.locked FROM wallet_locks l WHERE l.member_id = m.id
                            ORDER BY l.id DESC LIMIT 1), false) AS "locked!",
                  coalesce((SELECT sum(amount_minor) FROM wallet_credits w
                            WHERE w.member_id = m.id AND w.status = 'pending'), 0)::bigint AS "pending_minor!",
                  coalesce((SELECT sum(amount_minor) FROM wallet_credits w
                            WHERE w.member_id = m.id AND w.status = 'available'), 0)::bigint AS "available_minor!",
                  coalesce((SELECT sum(amount_minor) FROM wallet_credits w
                            WHERE w.member_id = m.id), 0)::bigint AS "credited_minor!",
                  coalesce((SELECT sum(d.amount_minor) FROM withdrawals d
                            JOIN ledger_accounts a ON a.id = d.payee_account_id
                            WHERE a.program_id = m.program_id AND a.code = 'member:' || m.id || ':wallet'
                              AND d.status = 'paid'), 0)::bigint AS "withdrawn_minor!"
           FROM community_members m JOIN communities c ON c.id = m.community_id
           WHERE m.program_id = $1 AND ($2::bigint IS NULL OR m.community_id = $2)
             AND ($3::bigint IS NULL OR m.id = $3)
           ORDER BY c.name, m.name"#,
        program_id,
        community_id,
        member_id
    )
    .fetch_all(conn)
    .await?)
}

/// The members with this id (all digits) or else this name, across the program's
/// communities.
pub async fn find_members(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
) -> Result<Vec<(i64, String)>, RevenueStoreError> {
    let (id, name) = id_or_name(key);
    let rows = sqlx::query!(
        "SELECT m.id, c.name AS community FROM community_members m
         JOIN communities c ON c.id = m.community_id
         WHERE m.program_id = $1 AND (m.id = $2 OR m.name = $3) ORDER BY m.id",
        program_id,
        id,
        name
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.community)).collect())
}

/// One lock or unlock of a wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletLockRecord {
    pub locked: bool,
    pub reason: String,
    pub acted_by: String,
    pub acted_at: DateTime<Utc>,
}

/// The wallet's latest lock or unlock, read under the wallet's lock (as PostgreSQL's trigger
/// takes it), so that the act the caller makes next follows it.
pub async fn latest_wallet_lock(
    tx: &mut Tx<'_>,
    member_id: i64,
) -> Result<Option<WalletLockRecord>, RevenueStoreError> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('wallet:' || $1::bigint, 0))",
        member_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(sqlx::query_as!(
        WalletLockRecord,
        "SELECT locked, reason, acted_by, acted_at FROM wallet_locks
         WHERE member_id = $1 ORDER BY id DESC LIMIT 1",
        member_id
    )
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn insert_wallet_lock(
    tx: &mut Tx<'_>,
    program_id: i64,
    member_id: i64,
    locked: bool,
    reason: &str,
    acted_by: &str,
    acted_at: DateTime<Utc>,
) -> Result<i64, RevenueStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO wallet_locks (program_id, member_id, locked, reason, acted_by, acted_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        program_id,
        member_id,
        locked,
        reason,
        acted_by,
        acted_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// A wallet's locks and unlocks, the oldest first.
pub async fn wallet_locks_of(
    conn: &mut PgConnection,
    member_id: i64,
) -> Result<Vec<WalletLockRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        WalletLockRecord,
        "SELECT locked, reason, acted_by, acted_at FROM wallet_locks WHERE member_id = $1 ORDER BY id",
        member_id
    )
    .fetch_all(conn)
    .await?)
}
