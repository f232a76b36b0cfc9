//! What community revenue came to: per month and currency, the top communities of a period,
//! and a member's wallet history. Read-only, each one query.

use chrono::NaiveDate;
use sqlx::PgConnection;

use super::RevenueStoreError;

/// A month's revenue in one currency, in minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueMonthRecord {
    /// The month's first day.
    pub month: NaiveDate,
    pub currency: String,
    pub transactions: i64,
    pub gross_minor: i64,
    /// GST on the gross and on the platform's fee: what is owed to the tax authority.
    pub gst_collected_minor: i64,
    /// The gateways' fees with their GST.
    pub gateway_charges_minor: i64,
    pub platform_earnings_minor: i64,
    pub net_minor: i64,
    /// What members' wallet withdrawals the bank confirmed paid in the month.
    pub paid_out_minor: i64,
}

/// The program's revenue per month and currency for months from `from` up to, not
/// including, `until` (both first days of a month), with the months' wallet payouts.
pub async fn revenue_by_month(
    conn: &mut PgConnection,
    program_id: i64,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<RevenueMonthRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        RevenueMonthRecord,
        r#"WITH r AS (
               SELECT date_trunc('month', occurred_on)::date AS month, currency,
                      count(*) AS transactions, sum(gross_minor) AS gross,
                      sum(gst_minor + platform_fee_gst_minor) AS gst,
                      sum(gateway_fee_minor + gateway_fee_gst_minor) AS gateway,
                      sum(platform_fee_minor) AS platform, sum(net_minor) AS net
               FROM revenue_transactions
               WHERE program_id = $1 AND occurred_on >= $2 AND occurred_on < $3
               GROUP BY 1, 2
           ), p AS (
               SELECT date_trunc('month', i.confirmed_at AT TIME ZONE 'UTC')::date AS month,
                      i.currency, sum(i.amount_minor) AS paid
               FROM payout_items i
               JOIN withdrawals w ON w.id = i.withdrawal_id
               JOIN ledger_accounts a ON a.id = w.payee_account_id
               WHERE i.program_id = $1 AND i.status = 'paid' AND a.code LIKE 'member:%:wallet'
                 AND i.confirmed_at >= $2::date AND i.confirmed_at < $3::date
               GROUP BY 1, 2
           )
           SELECT coalesce(r.month, p.month) AS "month!", coalesce(r.currency, p.currency) AS "currency!",
                  coalesce(r.transactions, 0) AS "transactions!",
                  coalesce(r.gross, 0)::bigint AS "gross_minor!",
                  coalesce(r.gst, 0)::bigint AS "gst_collected_minor!",
                  coalesce(r.gateway, 0)::bigint AS "gateway_charges_minor!",
                  coalesce(r.platform, 0)::bigint AS "platform_earnings_minor!",
                  coalesce(r.net, 0)::bigint AS "net_minor!",
                  coalesce(p.paid, 0)::bigint AS "paid_out_minor!"
           FROM r FULL JOIN p ON p.month = r.month AND p.currency = r.currency
           ORDER BY 1, 2"#,
        program_id,
        from,
        until
    )
    .fetch_all(conn)
    .await?)
}

/// A community's revenue over a period, in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommunityEarningsRecord {
    pub community_id: i64,
    pub community: String,
    pub currency: String,
    pub transactions: i64,
    pub gross_minor: i64,
    pub net_minor: i64,
}

/// The `limit` communities with the most gross revenue in each currency over the period,
/// the most first.
pub async fn top_communities(
    conn: &mut PgConnection,
    program_id: i64,
    from: NaiveDate,
    until: NaiveDate,
    limit: i64,
) -> Result<Vec<CommunityEarningsRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        CommunityEarningsRecord,
        r#"SELECT community_id AS "community_id!", community AS "community!", currency AS "currency!",
                  transactions AS "transactions!", gross_minor AS "gross_minor!", net_minor AS "net_minor!"
           FROM (
               SELECT c.id AS community_id, c.name AS community, t.currency, count(*) AS transactions,
                      sum(t.gross_minor)::bigint AS gross_minor, sum(t.net_minor)::bigint AS net_minor,
                      row_number() OVER (PARTITION BY t.currency
                                         ORDER BY sum(t.gross_minor) DESC, c.name) AS place
               FROM revenue_transactions t JOIN communities c ON c.id = t.community_id
               WHERE t.program_id = $1 AND t.occurred_on >= $2 AND t.occurred_on < $3
               GROUP BY c.id, c.name, t.currency
           ) ranked
           WHERE place <= $4
           ORDER BY currency, place"#,
        program_id,
        from,
        until,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// One movement of a member's wallet: a credit of a revenue transaction, or a withdrawal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletMovementRecord {
    /// `credit` or `withdrawal`.
    pub kind: String,
    /// The revenue's day for a credit, the request's day for a withdrawal.
    pub day: NaiveDate,
    /// The revenue transaction's id, or the withdrawal's.
    pub id: i64,
    pub amount_minor: i64,
    /// A credit's `pending` or `available`; a withdrawal's state.
    pub status: String,
    /// A credit's first day of availability.
    pub available_on: Option<NaiveDate>,
}

/// A member's wallet movements, the newest first, at most `limit`.
pub async fn wallet_history(
    conn: &mut PgConnection,
    program_id: i64,
    member_id: i64,
    limit: i64,
) -> Result<Vec<WalletMovementRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        WalletMovementRecord,
        r#"SELECT kind AS "kind!", day AS "day!", id AS "id!", amount_minor AS "amount_minor!",
                  status AS "status!", available_on
           FROM (
               SELECT 'credit' AS kind, t.occurred_on AS day, c.transaction_id AS id, c.amount_minor,
                      c.status::text AS status, c.available_on
               FROM wallet_credits c JOIN revenue_transactions t ON t.id = c.transaction_id
               WHERE c.program_id = $1 AND c.member_id = $2
               UNION ALL
               SELECT 'withdrawal', (w.requested_at AT TIME ZONE 'UTC')::date, w.id, w.amount_minor,
                      w.status, NULL::date
               FROM withdrawals w JOIN ledger_accounts a ON a.id = w.payee_account_id
               WHERE a.program_id = $1 AND a.code = 'member:' || $2::bigint || ':wallet'
           ) h
           ORDER BY day DESC, kind, id DESC
           LIMIT $3"#,
        program_id,
        member_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}
