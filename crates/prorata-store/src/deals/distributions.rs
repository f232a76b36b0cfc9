//! Distributions: one day's profit of a deal, split by the waterfall, with a share for each
//! investment. Prepared, approved by another person, posted to the ledger, or cancelled.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::deal::{DistributionKind, DistributionStatus, PayoutStatus};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{DealStoreError, Tx};
use crate::states::Stored;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDistribution<'a> {
    pub program_id: i64,
    pub deal_id: i64,
    pub value_date: NaiveDate,
    pub performance_record_id: i64,
    pub currency: &'a str,
    pub value_minor: i64,
    pub high_water_mark_minor: i64,
    pub profit_minor: i64,
    pub partner_commission_minor: i64,
    pub platform_fee_minor: i64,
    pub investor_pool_minor: i64,
    pub partner_commission_rate: Decimal,
    pub platform_fee_rate: Decimal,
    pub flagged: bool,
    pub prepared_by: &'a str,
    /// 0, or one more than the round of a reversed distribution of the same date.
    pub round: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewShare {
    pub investment_id: i64,
    pub investor_id: i64,
    pub amount_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionRecord {
    pub id: i64,
    pub deal_id: i64,
    pub deal_name: String,
    pub partner_id: i64,
    pub value_date: NaiveDate,
    pub performance_record_id: i64,
    pub status: DistributionStatus,
    pub currency: String,
    pub value_minor: i64,
    pub high_water_mark_minor: i64,
    pub new_high_water_mark_minor: i64,
    pub profit_minor: i64,
    pub partner_commission_minor: i64,
    pub platform_fee_minor: i64,
    pub investor_pool_minor: i64,
    pub partner_commission_rate: Decimal,
    pub platform_fee_rate: Decimal,
    pub flagged: bool,
    pub override_reason: Option<String>,
    pub prepared_by: String,
    pub prepared_at: DateTime<Utc>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub posted_by: Option<String>,
    pub posted_at: Option<DateTime<Utc>>,
    pub journal_entry_id: Option<i64>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    /// `distribution`, or `reversal` for a correction that undoes `reverses_distribution_id`.
    pub kind: DistributionKind,
    pub reverses_distribution_id: Option<i64>,
    pub correction_reason: Option<String>,
    pub round: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionShare {
    pub investment_id: i64,
    pub investor_id: i64,
    pub investor_name: String,
    pub investment_minor: i64,
    pub amount_minor: i64,
    pub payout_status: PayoutStatus,
}

/// Writes a prepared distribution and its shares (one statement for all the shares). `None`
/// if the deal already has a live distribution for the date. PostgreSQL checks at commit
/// that the shares add up to the pool.
pub async fn insert_distribution(
    tx: &mut Tx<'_>,
    distribution: &NewDistribution<'_>,
    shares: &[NewShare],
    at: DateTime<Utc>,
) -> Result<Option<i64>, DealStoreError> {
    let d = distribution;
    let id = sqlx::query_scalar!(
        "INSERT INTO distributions
             (program_id, deal_id, value_date, performance_record_id, status, currency, value_minor,
              high_water_mark_minor, new_high_water_mark_minor, profit_minor, partner_commission_minor,
              platform_fee_minor, investor_pool_minor, partner_commission_rate, platform_fee_rate,
              flagged, prepared_by, prepared_at, round)
         VALUES ($1, $2, $3, $4, 'prepared', $5, $6, $7, $6, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (deal_id, value_date, round) WHERE status <> 'cancelled' AND kind = 'distribution' DO NOTHING
         RETURNING id",
        d.program_id,
        d.deal_id,
        d.value_date,
        d.performance_record_id,
        d.currency,
        d.value_minor,
        d.high_water_mark_minor,
        d.profit_minor,
        d.partner_commission_minor,
        d.platform_fee_minor,
        d.investor_pool_minor,
        d.partner_commission_rate,
        d.platform_fee_rate,
        d.flagged,
        d.prepared_by,
        at,
        d.round
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    let investments: Vec<i64> = shares.iter().map(|s| s.investment_id).collect();
    let investors: Vec<i64> = shares.iter().map(|s| s.investor_id).collect();
    let amounts: Vec<i64> = shares.iter().map(|s| s.amount_minor).collect();
    sqlx::query!(
        "INSERT INTO distribution_shares (distribution_id, deal_id, investment_id, investor_id, amount_minor, payout_status)
         SELECT $1, $5, * , 'unpaid' FROM UNNEST($2::bigint[], $3::bigint[], $4::bigint[])",
        id,
        &investments,
        &investors,
        &amounts,
        d.deal_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}

/// The program's distribution with this id.
pub async fn find_distribution(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<DistributionRecord>, DealStoreError> {
    Ok(sqlx::query_as!(
        DistributionRecord,
        r#"SELECT d.id, d.deal_id, k.name AS deal_name, k.partner_id, d.value_date, d.performance_record_id,
                  d.status AS "status: Stored<DistributionStatus>", d.currency AS "currency!", d.value_minor, d.high_water_mark_minor,
                  d.new_high_water_mark_minor, d.profit_minor, d.partner_commission_minor,
                  d.platform_fee_minor, d.investor_pool_minor, d.partner_commission_rate,
                  d.platform_fee_rate, d.flagged, d.override_reason, d.prepared_by, d.prepared_at,
                  d.approved_by, d.approved_at, d.posted_by, d.posted_at, d.journal_entry_id,
                  d.cancelled_by, d.cancel_reason, d.kind AS "kind: Stored<DistributionKind>",
                  d.reverses_distribution_id,
                  d.correction_reason, d.round
           FROM distributions d JOIN deals k ON k.id = d.deal_id
           WHERE d.program_id = $1 AND d.id = $2"#,
        program_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// Locks the distribution's row until the transaction ends, so approvals, posting and
/// cancelling happen one at a time.
pub async fn lock_distribution(
    tx: &mut Tx<'_>,
    program_id: i64,
    id: i64,
) -> Result<Option<DistributionRecord>, DealStoreError> {
    let locked = sqlx::query_scalar!(
        "SELECT id FROM distributions WHERE program_id = $1 AND id = $2 FOR UPDATE",
        program_id,
        id
    )
    .fetch_optional(&mut **tx)
    .await?;
    match locked {
        Some(id) => find_distribution(tx, program_id, id).await,
        None => Ok(None),
    }
}

/// The program's distributions, newest date first, optionally of one deal, at most `limit`.
pub async fn list_distributions(
    conn: &mut PgConnection,
    program_id: i64,
    deal_id: Option<i64>,
    limit: i64,
) -> Result<Vec<DistributionRecord>, DealStoreError> {
    Ok(sqlx::query_as!(
        DistributionRecord,
        r#"SELECT d.id, d.deal_id, k.name AS deal_name, k.partner_id, d.value_date, d.performance_record_id,
                  d.status AS "status: Stored<DistributionStatus>", d.currency AS "currency!", d.value_minor, d.high_water_mark_minor,
                  d.new_high_water_mark_minor, d.profit_minor, d.partner_commission_minor,
                  d.platform_fee_minor, d.investor_pool_minor, d.partner_commission_rate,
                  d.platform_fee_rate, d.flagged, d.override_reason, d.prepared_by, d.prepared_at,
                  d.approved_by, d.approved_at, d.posted_by, d.posted_at, d.journal_entry_id,
                  d.cancelled_by, d.cancel_reason, d.kind AS "kind: Stored<DistributionKind>",
                  d.reverses_distribution_id,
                  d.correction_reason, d.round
           FROM distributions d JOIN deals k ON k.id = d.deal_id
           WHERE d.program_id = $1 AND ($2::bigint IS NULL OR d.deal_id = $2)
           ORDER BY d.value_date DESC, d.id DESC
           LIMIT $3"#,
        program_id,
        deal_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// What the circuit breaker saw when it flagged a distribution's value: the value it was
/// compared with, the move, and the deal's threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakerMove {
    pub distribution_id: i64,
    pub previous_value_minor: i64,
    /// `None` when the value was compared with nothing (zero).
    pub change_ratio: Option<Decimal>,
    pub threshold: Decimal,
}

/// The breaker's view of those of the program's distributions, among `ids`, that it flagged.
pub async fn breaker_moves(
    conn: &mut PgConnection,
    program_id: i64,
    ids: &[i64],
) -> Result<Vec<BreakerMove>, DealStoreError> {
    Ok(sqlx::query_as!(
        BreakerMove,
        r#"SELECT d.id AS distribution_id, p.previous_value_minor, p.change_ratio,
                  k.circuit_breaker_threshold AS threshold
           FROM distributions d
           JOIN performance_records p ON p.id = d.performance_record_id
           JOIN deals k ON k.id = d.deal_id
           WHERE d.program_id = $1 AND d.id = ANY($2) AND d.flagged"#,
        program_id,
        ids
    )
    .fetch_all(conn)
    .await?)
}

/// The shares of a distribution, in investment order.
pub async fn shares_of(
    conn: &mut PgConnection,
    distribution_id: i64,
) -> Result<Vec<DistributionShare>, DealStoreError> {
    Ok(sqlx::query_as!(
        DistributionShare,
        r#"SELECT s.investment_id, s.investor_id, v.name AS investor_name, i.amount_minor AS investment_minor,
                s.amount_minor, s.payout_status AS "payout_status: Stored<PayoutStatus>"
         FROM distribution_shares s
         JOIN investors v ON v.id = s.investor_id
         JOIN investments i ON i.id = s.investment_id
         WHERE s.distribution_id = $1 ORDER BY s.investment_id"#,
        distribution_id
    )
    .fetch_all(conn)
    .await?)
}

/// The mark the deal's latest live distribution before `date` left: its date and value.
pub async fn last_mark_before(
    conn: &mut PgConnection,
    deal_id: i64,
    date: NaiveDate,
) -> Result<Option<(NaiveDate, i64)>, DealStoreError> {
    let row = sqlx::query!(
        "SELECT value_date, new_high_water_mark_minor FROM distributions d
         WHERE deal_id = $1 AND value_date < $2 AND status <> 'cancelled' AND kind = 'distribution'
           AND NOT EXISTS (SELECT 1 FROM distributions r
                           WHERE r.reverses_distribution_id = d.id AND r.status = 'posted')
         ORDER BY value_date DESC, round DESC LIMIT 1",
        deal_id,
        date
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| (row.value_date, row.new_high_water_mark_minor)))
}

/// The date of the deal's earliest live distribution on or after `date`, if any: a mark
/// computed before it would be out of order.
pub async fn live_distribution_on_or_after(
    conn: &mut PgConnection,
    deal_id: i64,
    date: NaiveDate,
) -> Result<Option<(i64, NaiveDate)>, DealStoreError> {
    let row = sqlx::query!(
        "SELECT id, value_date FROM distributions d
         WHERE deal_id = $1 AND value_date >= $2 AND status <> 'cancelled' AND kind = 'distribution'
           AND NOT EXISTS (SELECT 1 FROM distributions r
                           WHERE r.reverses_distribution_id = d.id AND r.status = 'posted')
         ORDER BY value_date LIMIT 1",
        deal_id,
        date
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| (row.id, row.value_date)))
}

/// The deal's reversal that is prepared or approved but not posted yet, with the
/// distribution it reverses: while it is under way, that distribution's mark is about to go,
/// so nothing may be built on it.
pub async fn reversal_under_way(
    conn: &mut PgConnection,
    deal_id: i64,
) -> Result<Option<(i64, i64)>, DealStoreError> {
    let row = sqlx::query!(
        r#"SELECT id, reverses_distribution_id AS "reverses!" FROM distributions
           WHERE deal_id = $1 AND kind = 'reversal' AND status IN ('prepared', 'approved')
           ORDER BY id LIMIT 1"#,
        deal_id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| (row.id, row.reverses)))
}

pub async fn mark_approved(
    tx: &mut Tx<'_>,
    id: i64,
    by: &str,
    override_reason: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), DealStoreError> {
    sqlx::query!(
        "UPDATE distributions SET status = 'approved', approved_by = $2, approved_at = $3, override_reason = $4
         WHERE id = $1",
        id,
        by,
        at,
        override_reason
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn mark_posted(
    tx: &mut Tx<'_>,
    id: i64,
    by: &str,
    journal_entry_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DealStoreError> {
    sqlx::query!(
        "UPDATE distributions SET status = 'posted', posted_by = $2, posted_at = $3, journal_entry_id = $4
         WHERE id = $1",
        id,
        by,
        at,
        journal_entry_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn cancel_distribution(
    tx: &mut Tx<'_>,
    id: i64,
    by: &str,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<(), DealStoreError> {
    sqlx::query!(
        "UPDATE distributions SET status = 'cancelled', cancelled_by = $2, cancelled_at = $3, cancel_reason = $4
         WHERE id = $1",
        id,
        by,
        at,
        reason
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The round a new distribution of the deal for `date` takes: one past the last live one
/// (which, if there is one, has been reversed), or 0.
pub async fn next_round(
    conn: &mut PgConnection,
    deal_id: i64,
    date: NaiveDate,
) -> Result<i32, DealStoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT coalesce(max(round) + 1, 0) AS "round!" FROM distributions
           WHERE deal_id = $1 AND value_date = $2 AND kind = 'distribution' AND status <> 'cancelled'"#,
        deal_id,
        date
    )
    .fetch_one(conn)
    .await?)
}

/// Writes a prepared reversal of a posted distribution: a copy of its figures and shares
/// that, once approved and posted, undoes it. `None` if it already has a live reversal.
pub async fn insert_reversal(
    tx: &mut Tx<'_>,
    original_id: i64,
    by: &str,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<Option<i64>, DealStoreError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO distributions
             (program_id, deal_id, value_date, performance_record_id, status, currency, value_minor,
              high_water_mark_minor, new_high_water_mark_minor, profit_minor, partner_commission_minor,
              platform_fee_minor, investor_pool_minor, partner_commission_rate, platform_fee_rate,
              flagged, prepared_by, prepared_at, kind, reverses_distribution_id, correction_reason, round)
         SELECT program_id, deal_id, value_date, performance_record_id, 'prepared', currency, value_minor,
                high_water_mark_minor, new_high_water_mark_minor, profit_minor, partner_commission_minor,
                platform_fee_minor, investor_pool_minor, partner_commission_rate, platform_fee_rate,
                false, $2, $3, 'reversal', id, $4, round
         FROM distributions WHERE id = $1
         ON CONFLICT (reverses_distribution_id) WHERE status <> 'cancelled' AND kind = 'reversal' DO NOTHING
         RETURNING id",
        original_id,
        by,
        at,
        reason
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    sqlx::query!(
        "INSERT INTO distribution_shares (distribution_id, deal_id, investment_id, investor_id, amount_minor, payout_status)
         SELECT $1, deal_id, investment_id, investor_id, amount_minor, 'unpaid' FROM distribution_shares
         WHERE distribution_id = $2",
        id,
        original_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}

/// Marks the shares of a reversed distribution as reversed: nothing of them is owed any more.
pub async fn mark_shares_reversed(
    tx: &mut Tx<'_>,
    distribution_id: i64,
) -> Result<(), DealStoreError> {
    sqlx::query!(
        "UPDATE distribution_shares SET payout_status = 'reversed' WHERE distribution_id = $1",
        distribution_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
