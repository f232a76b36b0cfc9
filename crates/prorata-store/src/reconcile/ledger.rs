//! `reconcile ledger`: what the distributions say against what the ledger holds.

use sqlx::PgConnection;

use crate::deals::DealStoreError;

/// A deal whose live distributions' profit is not its last mark less the capital up to
/// that mark's date: a gain paid twice, or a mark skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealMarkDifference {
    pub deal_id: i64,
    pub deal: String,
    pub currency: String,
    pub profit_minor: i64,
    pub last_mark_minor: i64,
    pub capital_minor: i64,
}

/// Each deal with live distributions and how its profit ties to its last mark; only the
/// deals that do not tie are returned, with the number of deals checked.
pub async fn deal_mark_differences(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<(i64, Vec<DealMarkDifference>), DealStoreError> {
    let rows = sqlx::query!(
        r#"WITH live AS (
               SELECT d.deal_id, d.value_date, d.round, d.profit_minor, d.new_high_water_mark_minor
               FROM distributions d
               WHERE d.program_id = $1 AND d.kind = 'distribution' AND d.status <> 'cancelled'
                 AND NOT EXISTS (SELECT 1 FROM distributions r
                                 WHERE r.reverses_distribution_id = d.id AND r.status = 'posted')
           ), last AS (
               SELECT DISTINCT ON (deal_id) deal_id, value_date, new_high_water_mark_minor
               FROM live ORDER BY deal_id, value_date DESC, round DESC
           ), profit AS (
               SELECT deal_id, sum(profit_minor) AS profit FROM live GROUP BY deal_id
           ), capital AS (
               SELECT l.deal_id, coalesce(sum(i.amount_minor), 0) AS capital
               FROM last l LEFT JOIN investments i ON i.deal_id = l.deal_id AND i.invested_on <= l.value_date
               GROUP BY l.deal_id
           )
           SELECT k.id AS "deal_id!", k.name AS "deal!", k.currency AS "currency!",
                  p.profit::bigint AS "profit_minor!", l.new_high_water_mark_minor AS "last_mark_minor!",
                  c.capital::bigint AS "capital_minor!",
                  (p.profit = l.new_high_water_mark_minor - c.capital) AS "ties!"
           FROM last l JOIN profit p USING (deal_id) JOIN capital c USING (deal_id)
           JOIN deals k ON k.id = l.deal_id
           ORDER BY k.id"#,
        program_id
    )
    .fetch_all(conn)
    .await?;
    let checked = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let differences = rows
        .into_iter()
        .filter(|row| !row.ties)
        .map(|row| DealMarkDifference {
            deal_id: row.deal_id,
            deal: row.deal,
            currency: row.currency,
            profit_minor: row.profit_minor,
            last_mark_minor: row.last_mark_minor,
            capital_minor: row.capital_minor,
        })
        .collect();
    Ok((checked, differences))
}

/// A distribution whose shares do not add up to its investor pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolDifference {
    pub distribution_id: i64,
    pub currency: String,
    pub pool_minor: i64,
    pub shares_minor: i64,
}

/// The distributions whose shares do not add up to their pool, with the number checked.
pub async fn pool_differences(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<(i64, Vec<PoolDifference>), DealStoreError> {
    let checked = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM distributions WHERE program_id = $1"#,
        program_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let differences = sqlx::query_as!(
        PoolDifference,
        r#"SELECT d.id AS "distribution_id!", d.currency AS "currency!", d.investor_pool_minor AS "pool_minor!",
                  coalesce(sum(s.amount_minor), 0)::bigint AS "shares_minor!"
           FROM distributions d LEFT JOIN distribution_shares s ON s.distribution_id = d.id
           WHERE d.program_id = $1
           GROUP BY d.id
           HAVING coalesce(sum(s.amount_minor), 0) <> d.investor_pool_minor
           ORDER BY d.id"#,
        program_id
    )
    .fetch_all(conn)
    .await?;
    Ok((checked, differences))
}

/// A ledger account whose posted balance is not what the posted distributions put there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountDifference {
    pub account: String,
    pub currency: String,
    pub expected_minor: i64,
    pub booked_minor: i64,
}

/// The accounts distributions and LP events book to (each investor's and partner's payable,
/// each deal's profit and proceeds receivable, the platform's fee income, each in its
/// currency's book) against the distributions posted and not reversed and the LP events
/// approved and not cancelled (and likewise community revenue, a network's transactions not
/// reversed and affiliates' sales against the accounts they book to), less the withdrawals
/// paid out of the payables and the profit and proceeds remitted against the receivables;
/// only the accounts that differ, with the number checked.
#[allow(clippy::too_many_lines, reason = "one query, read whole")]
pub async fn account_differences(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<(i64, Vec<AccountDifference>), DealStoreError> {
    let rows = sqlx::query!(
        r#"WITH posted AS (
               SELECT d.id, d.deal_id, d.currency, d.profit_minor, d.partner_commission_minor, d.platform_fee_minor
               FROM distributions d
               WHERE d.program_id = $1 AND d.kind = 'distribution' AND d.status = 'posted'
                 AND NOT EXISTS (SELECT 1 FROM distributions r
                                 WHERE r.reverses_distribution_id = d.id AND r.status = 'posted')
           ), moves AS (
               SELECT 'investor:' || s.investor_id || ':payable' AS code, p.currency::text AS currency, sum(s.amount_minor) AS minor
               FROM posted p JOIN distribution_shares s ON s.distribution_id = p.id GROUP BY s.investor_id, p.currency
               UNION ALL
               SELECT 'partner:' || k.partner_id || ':payable', p.currency::text, sum(p.partner_commission_minor)
               FROM posted p JOIN deals k ON k.id = p.deal_id GROUP BY k.partner_id, p.currency
               UNION ALL
               SELECT 'deal:' || p.deal_id || ':profit_receivable', p.currency::text, sum(p.profit_minor)
               FROM posted p GROUP BY p.deal_id, p.currency
               UNION ALL
               SELECT 'platform:fee_income', p.currency::text, sum(p.platform_fee_minor) FROM posted p GROUP BY p.currency
               UNION ALL
               -- LP events approved and not cancelled: each holder's allocation, the deal's proceeds.
               SELECT 'investor:' || a.investor_id || ':payable', e.currency::text, sum(a.amount_minor)
               FROM lp_events e JOIN lp_allocations a ON a.event_id = e.id
               WHERE e.program_id = $1 AND e.status IN ('active', 'completed')
               GROUP BY a.investor_id, e.currency
               UNION ALL
               SELECT 'deal:' || e.deal_id || ':proceeds_receivable', e.currency::text, sum(e.total_minor)
               FROM lp_events e WHERE e.program_id = $1 AND e.status IN ('active', 'completed')
               GROUP BY e.deal_id, e.currency
               UNION ALL
               -- Withdrawals paid out of a payable: their holds posted.
               SELECT a.code, w.currency, -sum(w.amount_minor)
               FROM withdrawals w
               JOIN ledger_accounts a ON a.id = w.payee_account_id
               JOIN ledger_hold_resolutions r ON r.pending_entry_id = w.hold_entry_id AND r.outcome = 'posted'
               WHERE w.program_id = $1
               GROUP BY a.code, w.currency
               UNION ALL
               -- Profit or proceeds the deal's partner remitted: the receivable settled.
               SELECT 'deal:' || m.deal_id || ':' || m.kind || '_receivable', m.currency, -sum(m.amount_minor)
               FROM remittances m WHERE m.program_id = $1
               GROUP BY m.deal_id, m.kind, m.currency
               UNION ALL
               -- Community revenue recorded: the platform's fee, GST, what the gateway
               -- collected and keeps, each member's credit.
               SELECT x.code, t.currency, sum(x.minor)
               FROM revenue_transactions t
               CROSS JOIN LATERAL (VALUES
                   ('platform:fee_income', t.platform_fee_minor),
                   ('tax:gst_payable', t.gst_minor + t.platform_fee_gst_minor),
                   ('gateway:' || t.gateway || ':clearing', t.gross_minor),
                   ('gateway:' || t.gateway || ':fees', t.gateway_fee_minor + t.gateway_fee_gst_minor)
               ) AS x(code, minor)
               WHERE t.program_id = $1
               GROUP BY x.code, t.currency
               UNION ALL
               SELECT 'member:' || w.member_id || ':wallet', t.currency, sum(w.amount_minor)
               FROM wallet_credits w JOIN revenue_transactions t ON t.id = w.transaction_id
               WHERE w.program_id = $1
               GROUP BY w.member_id, t.currency
               UNION ALL
               -- Gateway settlements: the clearing and the fees emptied into the bank.
               SELECT x.code, s.currency, -sum(x.minor)
               FROM gateway_settlements s
               CROSS JOIN LATERAL (VALUES
                   ('gateway:' || s.gateway || ':clearing', s.gross_minor),
                   ('gateway:' || s.gateway || ':fees', s.fees_minor)
               ) AS x(code, minor)
               WHERE s.program_id = $1
               GROUP BY x.code, s.currency
               UNION ALL
               -- A network's transactions not reversed: each service's commission pool and
               -- each member's part.
               SELECT 'service:' || n.service || ':commission_pool', n.currency, sum(n.commission_minor)
               FROM network_transactions n
               WHERE n.program_id = $1
                 AND NOT EXISTS (SELECT 1 FROM network_reversals r WHERE r.transaction_id = n.id)
               GROUP BY n.service, n.currency
               UNION ALL
               SELECT 'member:' || c.member_id || ':commission_payable', n.currency, sum(c.amount_minor)
               FROM network_commissions c JOIN network_transactions n ON n.id = c.transaction_id
               WHERE n.program_id = $1
                 AND NOT EXISTS (SELECT 1 FROM network_reversals r WHERE r.transaction_id = n.id)
               GROUP BY c.member_id, n.currency
               UNION ALL
               -- Affiliates' sales: the program's expense, each affiliate's direct and
               -- override commissions.
               SELECT 'program:commission_expense', s.currency, sum(s.direct_minor + s.override_minor)
               FROM affiliate_sales s WHERE s.program_id = $1 GROUP BY s.currency
               UNION ALL
               SELECT 'affiliate:' || s.affiliate_id || ':payable', s.currency, sum(s.direct_minor)
               FROM affiliate_sales s WHERE s.program_id = $1 GROUP BY s.affiliate_id, s.currency
               UNION ALL
               SELECT 'affiliate:' || s.override_affiliate_id || ':payable', s.currency, sum(s.override_minor)
               FROM affiliate_sales s WHERE s.program_id = $1 AND s.override_affiliate_id IS NOT NULL
               GROUP BY s.override_affiliate_id, s.currency
           ), expected AS (
               SELECT code, currency, sum(minor) AS minor FROM moves GROUP BY code, currency
           ), booked AS (
               SELECT a.code, a.currency,
                      CASE a.normal_side WHEN 'credit' THEN b.posted_credits_minor - b.posted_debits_minor
                                         ELSE b.posted_debits_minor - b.posted_credits_minor END AS minor
               FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
               WHERE a.program_id = $1
                 AND (a.code LIKE 'investor:%:payable' OR a.code LIKE 'partner:%:payable'
                      OR a.code LIKE 'deal:%:profit_receivable' OR a.code LIKE 'deal:%:proceeds_receivable'
                      OR a.code = 'platform:fee_income' OR a.code = 'tax:gst_payable'
                      OR a.code LIKE 'gateway:%:clearing' OR a.code LIKE 'gateway:%:fees'
                      OR a.code LIKE 'member:%:wallet'
                      OR a.code LIKE 'service:%:commission_pool'
                      OR a.code LIKE 'member:%:commission_payable'
                      OR a.code = 'program:commission_expense' OR a.code LIKE 'affiliate:%:payable')
           )
           SELECT coalesce(e.code, b.code) AS "account!", coalesce(b.currency, e.currency) AS "currency!",
                  coalesce(e.minor, 0)::bigint AS "expected_minor!", coalesce(b.minor, 0)::bigint AS "booked_minor!"
           FROM expected e FULL JOIN booked b ON b.code = e.code AND b.currency = e.currency
           ORDER BY 2, 1"#,
        program_id
    )
    .fetch_all(conn)
    .await?;
    let checked = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let differences = rows
        .into_iter()
        .filter(|row| row.expected_minor != row.booked_minor)
        .map(|row| AccountDifference {
            account: row.account,
            currency: row.currency,
            expected_minor: row.expected_minor,
            booked_minor: row.booked_minor,
        })
        .collect();
    Ok((checked, differences))
}

/// An issued statement whose closing balance the ledger no longer holds for its period's end:
/// something was booked into a closed period after the statement went out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementDifference {
    pub document_id: String,
    pub account: String,
    pub currency: String,
    pub stated_minor: i64,
    pub ledger_minor: i64,
}

/// Each issued investor statement against its payable's posted balance at its period's end
/// now; only those that no longer tie are returned, with the number checked.
pub async fn statement_differences(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<(i64, Vec<StatementDifference>), DealStoreError> {
    let rows = sqlx::query!(
        r#"SELECT s.document_id, a.code AS account, s.currency,
                  s.closing_balance_minor AS "stated_minor!",
                  coalesce((SELECT sum(CASE p.side WHEN 'credit' THEN p.amount_minor ELSE -p.amount_minor END)
                            FROM ledger_postings p
                            WHERE p.account_id = a.id AND p.phase = 'posted'
                              AND p.effective_date <= s.period_to), 0)::int8 AS "ledger_minor!"
           FROM statements s
           JOIN ledger_accounts a ON a.program_id = s.program_id AND a.currency = s.currency
                                 AND a.code = 'investor:' || s.investor_id || ':payable'
           WHERE s.program_id = $1 AND s.kind = 'investor_statement'
           ORDER BY s.id"#,
        program_id
    )
    .fetch_all(conn)
    .await?;
    let checked = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let differences = rows
        .into_iter()
        .filter(|r| r.stated_minor != r.ledger_minor)
        .map(|r| StatementDifference {
            document_id: r.document_id,
            account: r.account,
            currency: r.currency,
            stated_minor: r.stated_minor,
            ledger_minor: r.ledger_minor,
        })
        .collect();
    Ok((checked, differences))
}

/// An LP allocation whose position does not follow from its withdrawals: withdrawn is what was
/// paid against it, pending what is requested and not yet paid, failed, rejected or cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationDifference {
    pub allocation_id: i64,
    pub event_id: i64,
    pub currency: String,
    pub withdrawn_minor: i64,
    pub paid_minor: i64,
    pub pending_minor: i64,
    pub live_minor: i64,
}

/// Every LP allocation against the withdrawals drawn on it; only those that differ, with the
/// number checked.
pub async fn allocation_differences(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<(i64, Vec<AllocationDifference>), DealStoreError> {
    let rows = sqlx::query!(
        r#"SELECT a.id AS "allocation_id!", a.event_id AS "event_id!", e.currency::text AS "currency!",
                  a.withdrawn_minor AS "withdrawn_minor!", a.pending_minor AS "pending_minor!",
                  coalesce(sum(w.amount_minor) FILTER (WHERE w.status = 'paid'), 0)::bigint AS "paid_minor!",
                  coalesce(sum(w.amount_minor) FILTER (WHERE w.status IN ('pending', 'approved', 'sent')), 0)::bigint
                      AS "live_minor!"
           FROM lp_allocations a JOIN lp_events e ON e.id = a.event_id
           LEFT JOIN withdrawals w ON w.allocation_id = a.id
           WHERE a.program_id = $1
           GROUP BY a.id, a.event_id, e.currency, a.withdrawn_minor, a.pending_minor
           ORDER BY a.id"#,
        program_id
    )
    .fetch_all(conn)
    .await?;
    let checked = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let differences = rows
        .into_iter()
        .filter(|r| r.withdrawn_minor != r.paid_minor || r.pending_minor != r.live_minor)
        .map(|r| AllocationDifference {
            allocation_id: r.allocation_id,
            event_id: r.event_id,
            currency: r.currency,
            withdrawn_minor: r.withdrawn_minor,
            paid_minor: r.paid_minor,
            pending_minor: r.pending_minor,
            live_minor: r.live_minor,
        })
        .collect();
    Ok((checked, differences))
}
