//! What statements are made of, read for many investors at once: each read is one statement
//! whatever the number of investors, and the caller reads them all in one snapshot
//! (`reconcile::begin_snapshot`), so that the balances and the lines agree.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use prorata_domain::deal::DistributionKind;
use sqlx::PgConnection;

use super::StatementStoreError;
use crate::states::Stored;

/// An investor's payable in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayableRecord {
    pub investor_id: i64,
    pub investor_name: String,
    pub account_id: i64,
    pub code: String,
    pub currency: String,
}

/// The payables of these investors (or of every investor) in one currency (or in each they
/// hold one in), by investor id then currency.
pub async fn payables(
    conn: &mut PgConnection,
    program_id: i64,
    investor_ids: Option<&[i64]>,
    currency: Option<&str>,
) -> Result<Vec<PayableRecord>, StatementStoreError> {
    Ok(sqlx::query_as!(
        PayableRecord,
        r#"SELECT i.id AS investor_id, i.name AS investor_name, a.id AS account_id, a.code,
                  a.currency
           FROM investors i
           JOIN ledger_accounts a ON a.program_id = i.program_id
                                 AND a.code = 'investor:' || i.id || ':payable'
           WHERE i.program_id = $1
             AND ($2::int8[] IS NULL OR i.id = ANY($2))
             AND ($3::text IS NULL OR a.currency = $3)
           ORDER BY i.id, a.currency"#,
        program_id,
        investor_ids,
        currency
    )
    .fetch_all(conn)
    .await?)
}

/// Each account's posted balance on its credit side (what a payable owes) at the end of
/// `day`; accounts with no posting by then are absent.
pub async fn balances_at(
    conn: &mut PgConnection,
    account_ids: &[i64],
    day: NaiveDate,
) -> Result<BTreeMap<i64, i64>, StatementStoreError> {
    let rows = sqlx::query!(
        r#"SELECT account_id,
                  coalesce(sum(CASE side WHEN 'credit' THEN amount_minor ELSE -amount_minor END), 0)::int8
                      AS "balance_minor!"
           FROM ledger_postings
           WHERE account_id = ANY($1) AND phase = 'posted' AND effective_date <= $2
           GROUP BY account_id"#,
        account_ids,
        day
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.account_id, r.balance_minor))
        .collect())
}

/// One posted distribution's shares of one investor, booked in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfitRecord {
    pub investor_id: i64,
    pub distribution_id: i64,
    pub kind: DistributionKind,
    pub deal_id: i64,
    pub deal_name: String,
    pub currency: String,
    pub booked_on: NaiveDate,
    pub profit_minor: i64,
    pub investor_pool_minor: i64,
    pub amount_minor: i64,
}

/// The distributions (and reversals) booked to these investors' payables in the period:
/// the entry's date decides, as it does for the ledger's balances.
pub async fn profit_lines(
    conn: &mut PgConnection,
    program_id: i64,
    investor_ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ProfitRecord>, StatementStoreError> {
    Ok(sqlx::query_as!(
        ProfitRecord,
        r#"SELECT s.investor_id, d.id AS distribution_id, d.kind AS "kind: Stored<DistributionKind>",
                  d.deal_id, dl.name AS deal_name, d.currency::text AS "currency!",
                  e.effective_date AS booked_on, d.profit_minor, d.investor_pool_minor,
                  sum(s.amount_minor)::int8 AS "amount_minor!"
           FROM distributions d
           JOIN ledger_entries e ON e.id = d.journal_entry_id
           JOIN deals dl ON dl.id = d.deal_id
           JOIN distribution_shares s ON s.distribution_id = d.id
           WHERE d.program_id = $1 AND d.journal_entry_id IS NOT NULL
             AND s.investor_id = ANY($2)
             AND e.effective_date BETWEEN $3 AND $4
           GROUP BY s.investor_id, d.id, dl.name, e.effective_date
           ORDER BY s.investor_id, d.deal_id, e.effective_date, d.id"#,
        program_id,
        investor_ids,
        from,
        to
    )
    .fetch_all(conn)
    .await?)
}

/// A withdrawal out of a payable, as a statement lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalSource {
    pub account_id: i64,
    pub withdrawal_id: i64,
    pub requested_on: NaiveDate,
    pub paid_on: Option<NaiveDate>,
    pub bank_name: String,
    pub account_number_last4: String,
    pub amount_minor: i64,
}

/// The withdrawals paid out of these payables in the period: their hold posted by an entry
/// dated in it.
pub async fn withdrawals_paid(
    conn: &mut PgConnection,
    account_ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<WithdrawalSource>, StatementStoreError> {
    Ok(sqlx::query_as!(
        WithdrawalSource,
        r#"SELECT w.payee_account_id AS account_id, w.id AS withdrawal_id,
                  h.effective_date AS requested_on, p.effective_date AS "paid_on?",
                  w.bank_name, w.account_number_last4, w.amount_minor
           FROM withdrawals w
           JOIN ledger_entries h ON h.id = w.hold_entry_id
           JOIN ledger_hold_resolutions r ON r.pending_entry_id = w.hold_entry_id
                                         AND r.outcome = 'posted'
           JOIN ledger_entries p ON p.id = r.posted_entry_id
           WHERE w.payee_account_id = ANY($1) AND p.effective_date BETWEEN $2 AND $3
           ORDER BY w.payee_account_id, p.effective_date, w.id"#,
        account_ids,
        from,
        to
    )
    .fetch_all(conn)
    .await?)
}

/// The withdrawals still held on these payables at the end of `day`: requested by then and
/// not paid, rejected, cancelled or failed before the day was over (the ledger's rule for a
/// balance as of a date).
pub async fn withdrawals_pending(
    conn: &mut PgConnection,
    account_ids: &[i64],
    day: NaiveDate,
) -> Result<Vec<WithdrawalSource>, StatementStoreError> {
    Ok(sqlx::query_as!(
        WithdrawalSource,
        r#"SELECT w.payee_account_id AS account_id, w.id AS withdrawal_id,
                  h.effective_date AS requested_on, NULL::date AS "paid_on?",
                  w.bank_name, w.account_number_last4, w.amount_minor
           FROM withdrawals w
           JOIN ledger_entries h ON h.id = w.hold_entry_id
           LEFT JOIN ledger_hold_resolutions r ON r.pending_entry_id = w.hold_entry_id
           WHERE w.payee_account_id = ANY($1) AND h.effective_date <= $2
             AND (r.resolved_at IS NULL OR r.resolved_at::date > $2)
           ORDER BY w.payee_account_id, h.effective_date, w.id"#,
        account_ids,
        day
    )
    .fetch_all(conn)
    .await?)
}

/// What a distribution notice states, for one distribution and one investor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeSource {
    pub distribution_id: i64,
    pub kind: DistributionKind,
    pub posted: bool,
    pub deal_id: i64,
    pub deal_name: String,
    pub currency: String,
    pub value_date: NaiveDate,
    pub value_minor: i64,
    pub high_water_mark_minor: i64,
    pub new_high_water_mark_minor: i64,
    pub profit_minor: i64,
    pub partner_commission_rate: rust_decimal::Decimal,
    pub partner_commission_minor: i64,
    pub platform_fee_rate: rust_decimal::Decimal,
    pub platform_fee_minor: i64,
    pub investor_pool_minor: i64,
    /// The investor's capital that shared in it, and all the capital that did.
    pub investment_minor: i64,
    pub active_capital_minor: i64,
    pub share_minor: i64,
    /// The payable's posted balance before the distribution's entry, and what the entry
    /// moved it by.
    pub balance_before_minor: i64,
    pub entry_moved_minor: i64,
    /// The investor's shares of this deal's posted distributions up to and with this one,
    /// less reversals.
    pub cumulative_minor: i64,
}

/// The notice's figures; `None` when the investor has no share in the distribution.
pub async fn notice_source(
    conn: &mut PgConnection,
    program_id: i64,
    distribution_id: i64,
    investor_id: i64,
) -> Result<Option<NoticeSource>, StatementStoreError> {
    Ok(sqlx::query_as!(
        NoticeSource,
        r#"WITH d AS (
               SELECT d.*, e.effective_date AS booked_on
               FROM distributions d LEFT JOIN ledger_entries e ON e.id = d.journal_entry_id
               WHERE d.program_id = $1 AND d.id = $2
           ), mine AS (
               SELECT coalesce(sum(s.amount_minor), 0)::int8 AS share_minor,
                      coalesce(sum(i.amount_minor), 0)::int8 AS investment_minor,
                      count(*) AS shares
               FROM distribution_shares s JOIN investments i ON i.id = s.investment_id
               WHERE s.distribution_id = $2 AND s.investor_id = $3
           ), capital AS (
               SELECT coalesce(sum(i.amount_minor), 0)::int8 AS active_capital_minor
               FROM distribution_shares s JOIN investments i ON i.id = s.investment_id
               WHERE s.distribution_id = $2
           ), payable AS (
               SELECT a.id FROM ledger_accounts a, d
               WHERE a.program_id = $1 AND a.code = 'investor:' || $3 || ':payable'
                 AND a.currency = d.currency
           ), moves AS (
               SELECT
                 coalesce(sum(CASE p.side WHEN 'credit' THEN p.amount_minor ELSE -p.amount_minor END)
                   FILTER (WHERE (p.effective_date, p.entry_id) < (d.booked_on, d.journal_entry_id)), 0)::int8 AS before_minor,
                 coalesce(sum(CASE p.side WHEN 'credit' THEN p.amount_minor ELSE -p.amount_minor END)
                   FILTER (WHERE p.entry_id = d.journal_entry_id), 0)::int8 AS moved_minor
               FROM ledger_postings p, d
               WHERE p.account_id = (SELECT id FROM payable) AND p.phase = 'posted'
           ), cumulative AS (
               SELECT coalesce(sum(CASE x.kind WHEN 'reversal' THEN -s.amount_minor ELSE s.amount_minor END), 0)::int8
                          AS cumulative_minor
               FROM distributions x
               JOIN ledger_entries xe ON xe.id = x.journal_entry_id
               JOIN distribution_shares s ON s.distribution_id = x.id AND s.investor_id = $3,
               d
               WHERE x.deal_id = d.deal_id
                 AND (xe.effective_date, x.journal_entry_id) <= (d.booked_on, d.journal_entry_id)
           )
           SELECT d.id AS "distribution_id!", d.kind AS "kind!: Stored<DistributionKind>",
                  (d.journal_entry_id IS NOT NULL) AS "posted!", d.deal_id AS "deal_id!",
                  dl.name AS deal_name, d.currency::text AS "currency!",
                  d.value_date AS "value_date!", d.value_minor AS "value_minor!",
                  d.high_water_mark_minor AS "high_water_mark_minor!",
                  d.new_high_water_mark_minor AS "new_high_water_mark_minor!",
                  d.profit_minor AS "profit_minor!",
                  d.partner_commission_rate AS "partner_commission_rate!",
                  d.partner_commission_minor AS "partner_commission_minor!",
                  d.platform_fee_rate AS "platform_fee_rate!",
                  d.platform_fee_minor AS "platform_fee_minor!",
                  d.investor_pool_minor AS "investor_pool_minor!",
                  mine.investment_minor AS "investment_minor!",
                  capital.active_capital_minor AS "active_capital_minor!",
                  mine.share_minor AS "share_minor!",
                  moves.before_minor AS "balance_before_minor!",
                  moves.moved_minor AS "entry_moved_minor!",
                  cumulative.cumulative_minor AS "cumulative_minor!"
           FROM d JOIN deals dl ON dl.id = d.deal_id, mine, capital, moves, cumulative
           WHERE mine.shares > 0"#,
        program_id,
        distribution_id,
        investor_id
    )
    .fetch_optional(conn)
    .await?)
}
