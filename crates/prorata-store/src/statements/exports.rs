//! The rows of the CSV exports, read a page at a time in key order, so that an export of any
//! size holds one page in memory: each function takes the last key of the page before.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use super::StatementStoreError;

/// A distribution as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionExportRow {
    pub id: i64,
    pub deal_id: i64,
    pub deal: String,
    pub value_date: NaiveDate,
    pub kind: String,
    pub status: String,
    pub currency: String,
    pub value_minor: i64,
    pub high_water_mark_minor: i64,
    pub profit_minor: i64,
    pub partner_commission_rate: rust_decimal::Decimal,
    pub partner_commission_minor: i64,
    pub platform_fee_rate: rust_decimal::Decimal,
    pub platform_fee_minor: i64,
    pub investor_pool_minor: i64,
    pub prepared_by: String,
    pub approved_by: Option<String>,
    pub posted_by: Option<String>,
    pub journal_entry_id: Option<i64>,
}

pub async fn distributions_page(
    conn: &mut PgConnection,
    program_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<DistributionExportRow>, StatementStoreError> {
    Ok(sqlx::query_as!(
        DistributionExportRow,
        r#"SELECT d.id, d.deal_id, dl.name AS deal, d.value_date, d.kind, d.status,
                  d.currency::text AS "currency!", d.value_minor, d.high_water_mark_minor,
                  d.profit_minor, d.partner_commission_rate, d.partner_commission_minor,
                  d.platform_fee_rate, d.platform_fee_minor, d.investor_pool_minor, d.prepared_by,
                  d.approved_by, d.posted_by, d.journal_entry_id
           FROM distributions d JOIN deals dl ON dl.id = d.deal_id
           WHERE d.program_id = $1 AND d.id > $2
           ORDER BY d.id LIMIT $3"#,
        program_id,
        after_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// A distribution's share of one investment, as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareExportRow {
    pub distribution_id: i64,
    pub investment_id: i64,
    pub deal: String,
    pub value_date: NaiveDate,
    pub distribution_kind: String,
    pub distribution_status: String,
    pub investor_id: i64,
    pub investor: String,
    pub currency: String,
    pub amount_minor: i64,
    pub payout_status: String,
}

pub async fn shares_page(
    conn: &mut PgConnection,
    program_id: i64,
    after: (i64, i64),
    limit: i64,
) -> Result<Vec<ShareExportRow>, StatementStoreError> {
    Ok(sqlx::query_as!(
        ShareExportRow,
        r#"SELECT s.distribution_id, s.investment_id, dl.name AS deal, d.value_date,
                  d.kind AS distribution_kind, d.status AS distribution_status, s.investor_id,
                  i.name AS investor, d.currency::text AS "currency!", s.amount_minor, s.payout_status
           FROM distribution_shares s
           JOIN distributions d ON d.id = s.distribution_id
           JOIN deals dl ON dl.id = d.deal_id
           JOIN investors i ON i.id = s.investor_id
           WHERE d.program_id = $1 AND (s.distribution_id, s.investment_id) > ($2, $3)
           ORDER BY s.distribution_id, s.investment_id LIMIT $4"#,
        program_id,
        after.0,
        after.1,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// A withdrawal request as exported: its bank account by its last four only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalExportRow {
    pub id: i64,
    pub status: String,
    pub payee: String,
    pub currency: String,
    pub amount_minor: i64,
    pub bank_name: String,
    pub account_number_last4: String,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reject_reason: Option<String>,
}

pub async fn withdrawals_page(
    conn: &mut PgConnection,
    program_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<WithdrawalExportRow>, StatementStoreError> {
    Ok(sqlx::query_as!(
        WithdrawalExportRow,
        r#"SELECT w.id, w.status, a.code AS payee, w.currency, w.amount_minor, w.bank_name,
                  w.account_number_last4, w.requested_by, w.requested_at, w.decided_by,
                  w.decided_at, w.reject_reason
           FROM withdrawals w JOIN ledger_accounts a ON a.id = w.payee_account_id
           WHERE w.program_id = $1 AND w.id > $2
           ORDER BY w.id LIMIT $3"#,
        program_id,
        after_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// One posting with its entry, as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostingExportRow {
    pub posting_id: i64,
    pub entry_id: i64,
    pub effective_date: NaiveDate,
    pub kind: String,
    pub phase: String,
    pub account: String,
    pub currency: String,
    pub side: String,
    pub amount_minor: i64,
    pub description: String,
    pub reverses: Option<i64>,
}

pub async fn postings_page(
    conn: &mut PgConnection,
    program_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<PostingExportRow>, StatementStoreError> {
    Ok(sqlx::query_as!(
        PostingExportRow,
        r#"SELECT p.id AS posting_id, p.entry_id, p.effective_date, e.kind,
                  p.phase::text AS "phase!", a.code AS account, p.currency,
                  p.side::text AS "side!", p.amount_minor, e.description, e.reverses
           FROM ledger_postings p
           JOIN ledger_entries e ON e.id = p.entry_id
           JOIN ledger_accounts a ON a.id = p.account_id
           WHERE a.program_id = $1 AND p.id > $2
           ORDER BY p.id LIMIT $3"#,
        program_id,
        after_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}
