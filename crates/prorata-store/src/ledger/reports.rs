//! What the ledger says: balances (now or as of a date), the trial balance, account
//! statements with running balances, and the check that stored balances equal the postings.

use chrono::NaiveDate;
use prorata_domain::Currency;
use prorata_domain::ledger::{BalanceTotals, Side};
use sqlx::{Connection, PgConnection};

use super::accounts::resolve_account;
use super::{Account, LedgerStoreError};

/// An account's totals, now (from the running balances) or as of a date (from postings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountBalance {
    pub account: Account,
    pub totals: BalanceTotals,
}

/// One account's line of the trial balance: its posted debits and credits in minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrialBalanceLine {
    pub code: String,
    pub currency: String,
    pub debits_minor: i64,
    pub credits_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub entry_id: i64,
    pub effective_date: NaiveDate,
    pub kind: String,
    pub description: String,
    pub side: Side,
    pub amount_minor: i64,
    /// The balance on the account's normal side after this line.
    pub running_balance_minor: i64,
}

/// An account's posted lines over a period, between the balance before its first day and
/// the balance at the end of its last, both on the account's normal side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountStatement {
    pub account: Account,
    /// The balance at the end of the day before `from` (zero without `from`).
    pub opening_balance_minor: i64,
    /// The balance at the end of `to` (now without `to`).
    pub closing_balance_minor: i64,
    pub lines: Vec<StatementLine>,
    /// True when the period holds more than [`MAX_STATEMENT_LINES`] lines: the first ones are
    /// listed, and the closing balance is still the period's.
    pub truncated: bool,
}

/// The most lines one statement returns; a longer history is read by date range.
pub const MAX_STATEMENT_LINES: i64 = 100_000;

/// An account the program keeps, by code and currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountKept {
    pub code: String,
    pub currency: String,
}

/// The most accounts one listing returns.
pub const MAX_LISTED_ACCOUNTS: i64 = 100_000;

/// The program's accounts by currency and code, without their balances: what a screen offers
/// to pick from.
pub async fn list_accounts(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<AccountKept>, LedgerStoreError> {
    Ok(sqlx::query_as!(
        AccountKept,
        "SELECT code, currency FROM ledger_accounts WHERE program_id = $1
         ORDER BY currency, code LIMIT $2",
        program_id,
        MAX_LISTED_ACCOUNTS
    )
    .fetch_all(conn)
    .await?)
}

/// The currencies whose books keep an account with this code, in order: one account per
/// code and currency.
pub async fn currencies_kept(
    conn: &mut PgConnection,
    program_id: i64,
    code: &str,
) -> Result<Vec<String>, LedgerStoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT currency FROM ledger_accounts WHERE program_id = $1 AND code = $2 ORDER BY currency",
        program_id,
        code
    )
    .fetch_all(conn)
    .await?)
}

/// An account's balance; `currency` may be left out when its code is kept in one currency.
pub async fn account_balance(
    conn: &mut PgConnection,
    program_id: i64,
    code: &str,
    currency: Option<Currency>,
    as_of: Option<NaiveDate>,
) -> Result<AccountBalance, LedgerStoreError> {
    let account = resolve_account(conn, program_id, code, currency).await?;
    let totals = match as_of {
        None => {
            let row = sqlx::query!(
                "SELECT posted_debits_minor, posted_credits_minor, pending_debits_minor, pending_credits_minor
                 FROM ledger_balances WHERE account_id = $1",
                account.id
            )
            .fetch_one(&mut *conn)
            .await?;
            BalanceTotals {
                posted_debits_minor: row.posted_debits_minor,
                posted_credits_minor: row.posted_credits_minor,
                pending_debits_minor: row.pending_debits_minor,
                pending_credits_minor: row.pending_credits_minor,
            }
        }
        Some(day) => totals_as_of(conn, account.id, day).await?,
    };
    Ok(AccountBalance { account, totals })
}

/// Totals at the end of `day`: postings dated up to it, and holds placed by then and not
/// resolved before the day was over.
async fn totals_as_of(
    conn: &mut PgConnection,
    account_id: i64,
    day: NaiveDate,
) -> Result<BalanceTotals, LedgerStoreError> {
    let row = sqlx::query!(
        r#"SELECT
             coalesce(sum(p.amount_minor) FILTER (WHERE p.phase = 'posted' AND p.side = 'debit'), 0)::int8 AS "pd!",
             coalesce(sum(p.amount_minor) FILTER (WHERE p.phase = 'posted' AND p.side = 'credit'), 0)::int8 AS "pc!",
             coalesce(sum(p.amount_minor) FILTER (WHERE p.phase = 'pending' AND p.side = 'debit'
                 AND (r.resolved_at IS NULL OR r.resolved_at::date > $2)), 0)::int8 AS "nd!",
             coalesce(sum(p.amount_minor) FILTER (WHERE p.phase = 'pending' AND p.side = 'credit'
                 AND (r.resolved_at IS NULL OR r.resolved_at::date > $2)), 0)::int8 AS "nc!"
           FROM ledger_postings p
           LEFT JOIN ledger_hold_resolutions r ON r.pending_entry_id = p.entry_id
           WHERE p.account_id = $1 AND p.effective_date <= $2"#,
        account_id,
        day
    )
    .fetch_one(conn)
    .await?;
    Ok(BalanceTotals {
        posted_debits_minor: row.pd,
        posted_credits_minor: row.pc,
        pending_debits_minor: row.nd,
        pending_credits_minor: row.nc,
    })
}

/// Every account's posted debits and credits, from the postings themselves (not the running
/// balances), as of a date or now. Per currency, debits must equal credits.
pub async fn trial_balance(
    conn: &mut PgConnection,
    program_id: i64,
    as_of: Option<NaiveDate>,
) -> Result<Vec<TrialBalanceLine>, LedgerStoreError> {
    let rows = sqlx::query!(
        r#"SELECT a.code, a.currency,
                  coalesce(t.debits, 0)::int8 AS "debits!", coalesce(t.credits, 0)::int8 AS "credits!"
           FROM ledger_accounts a
           LEFT JOIN (
               SELECT account_id,
                      sum(amount_minor) FILTER (WHERE side = 'debit') AS debits,
                      sum(amount_minor) FILTER (WHERE side = 'credit') AS credits
               FROM ledger_postings
               WHERE phase = 'posted' AND ($1::date IS NULL OR effective_date <= $1)
                 AND account_id IN (SELECT id FROM ledger_accounts WHERE program_id = $2)
               GROUP BY account_id
           ) t ON t.account_id = a.id
           WHERE a.program_id = $2
           ORDER BY a.currency, a.code"#,
        as_of,
        program_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TrialBalanceLine {
            code: r.code,
            currency: r.currency,
            debits_minor: r.debits,
            credits_minor: r.credits,
        })
        .collect())
}

/// An account's posted lines in date order with the running balance on its normal side, and
/// the balances that open and close the period; `currency` may be left out when its code is
/// kept in one currency. Read in one snapshot, so that a posting committed meanwhile cannot
/// make the lines and the balances disagree.
pub async fn account_statement(
    conn: &mut PgConnection,
    program_id: i64,
    code: &str,
    currency: Option<Currency>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<AccountStatement, LedgerStoreError> {
    let mut tx = conn.begin().await?;
    sqlx::query!("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let account = resolve_account(&mut tx, program_id, code, currency).await?;
    let sign_of_debit: i64 = match account.normal_side {
        Side::Debit => 1,
        Side::Credit => -1,
    };
    let bounds = sqlx::query!(
        r#"SELECT
             coalesce(sum(CASE side WHEN 'debit' THEN amount_minor ELSE -amount_minor END)
                 FILTER (WHERE effective_date < $3), 0)::int8 * $2 AS "opening!",
             coalesce(sum(CASE side WHEN 'debit' THEN amount_minor ELSE -amount_minor END)
                 FILTER (WHERE $4::date IS NULL OR effective_date <= $4), 0)::int8 * $2 AS "closing!"
           FROM ledger_postings WHERE account_id = $1 AND phase = 'posted'"#,
        account.id,
        sign_of_debit,
        from,
        to
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut lines = statement_lines(&mut tx, account.id, sign_of_debit, from, to).await?;
    tx.commit().await?;
    // One line more than listed is read to tell a full statement from a cut one.
    let truncated = i64::try_from(lines.len()).map_or(true, |n| n > MAX_STATEMENT_LINES);
    lines.truncate(usize::try_from(MAX_STATEMENT_LINES).unwrap_or(usize::MAX));
    let statement = AccountStatement {
        truncated,
        account,
        opening_balance_minor: bounds.opening,
        closing_balance_minor: bounds.closing,
        lines,
    };
    check_statement_adds_up(&statement)?;
    Ok(statement)
}

async fn statement_lines(
    conn: &mut PgConnection,
    account_id: i64,
    sign_of_debit: i64,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<StatementLine>, LedgerStoreError> {
    let rows = sqlx::query!(
        r#"SELECT entry_id AS "entry_id!", effective_date AS "effective_date!", kind AS "kind!",
                  description AS "description!", side AS "side!", amount_minor AS "amount_minor!",
                  running::int8 AS "running!"
           FROM (
               SELECT p.entry_id, p.effective_date, e.kind, e.description, p.side::text AS side,
                      p.amount_minor, p.id,
                      sum(CASE p.side WHEN 'debit' THEN p.amount_minor * $2 ELSE -p.amount_minor * $2 END)
                          OVER (ORDER BY p.effective_date, p.entry_id, p.id) AS running
               FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
               WHERE p.account_id = $1 AND p.phase = 'posted' AND ($4::date IS NULL OR p.effective_date <= $4)
           ) s
           WHERE $3::date IS NULL OR effective_date >= $3
           ORDER BY effective_date, entry_id, id
           LIMIT $5"#,
        account_id,
        sign_of_debit,
        from,
        to,
        MAX_STATEMENT_LINES + 1
    )
    .fetch_all(conn)
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for r in rows {
        lines.push(StatementLine {
            entry_id: r.entry_id,
            effective_date: r.effective_date,
            kind: r.kind,
            description: r.description,
            side: Side::parse(&r.side).map_err(|e| {
                LedgerStoreError::Database(sqlx::Error::Decode(e.to_string().into()))
            })?,
            amount_minor: r.amount_minor,
            running_balance_minor: r.running,
        });
    }
    Ok(lines)
}

/// The opening balance and the lines make the closing balance, and each line's running
/// balance is the one before it moved by the line: a statement that does not add up is never
/// shown.
fn check_statement_adds_up(statement: &AccountStatement) -> Result<(), LedgerStoreError> {
    let normal = statement.account.normal_side;
    let mut balance = i128::from(statement.opening_balance_minor);
    for line in &statement.lines {
        let amount = i128::from(line.amount_minor);
        balance += if line.side == normal { amount } else { -amount };
        if balance != i128::from(line.running_balance_minor) {
            return Err(LedgerStoreError::Inconsistent(format!(
                "the statement of {} does not add up at entry {}",
                statement.account.code, line.entry_id
            )));
        }
    }
    if !statement.truncated && balance != i128::from(statement.closing_balance_minor) {
        return Err(LedgerStoreError::Inconsistent(format!(
            "the lines of the statement of {} do not make its closing balance",
            statement.account.code
        )));
    }
    Ok(())
}

/// The codes of the program's accounts whose stored running balances differ from their
/// postings. Empty means the program's ledger is consistent.
pub async fn balance_mismatches(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<String>, LedgerStoreError> {
    let rows = sqlx::query!(
        r#"SELECT m.code AS "code!" FROM ledger_balance_mismatches() m
           JOIN ledger_accounts a ON a.id = m.account_id
           WHERE a.program_id = $1"#,
        program_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.code).collect())
}
