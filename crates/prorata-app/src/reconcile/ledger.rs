//! `prorata reconcile ledger`: six checks over the program's book, each naming what does
//! not tie. It reads only, so it can run by hand or nightly beside the officers' work.
//!
//! 1. Stored running balances against the postings (the ledger's own consistency).
//! 2. Per deal, the profit of its live distributions against its last mark less the capital
//!    up to that mark: the high-water mark telescopes, so any gain paid twice shows here.
//! 3. Per distribution, its investors' shares against its pool.
//! 4. Per account distributions and LP events book to, its posted balance against the
//!    distributions posted and not reversed and the events approved and not cancelled, less
//!    the withdrawals paid and the profit and proceeds remitted.
//! 5. Per issued investor statement, its closing balance against what the ledger holds for
//!    the period's end now: an entry booked into a period after its statements went out.
//! 6. Per LP allocation, its withdrawn and pending against the withdrawals drawn on it.

use prorata_store::reconcile::{
    account_count, account_differences, allocation_differences, begin_snapshot,
    deal_mark_differences, pool_differences, statement_differences,
};
use serde::{Deserialize, Serialize};

use crate::session::Session;
use crate::{Error, Store, stored};

/// One check: what it compares, how many objects it looked at, and each that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReconciliationCheck {
    pub name: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub checked: i64,
    pub differences: Vec<String>,
}

/// Every check, and whether the book ties everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LedgerReconciliation {
    pub checks: Vec<ReconciliationCheck>,
    pub intact: bool,
}

/// A stored amount shown at its currency's scale, or in minor units where the currency
/// cannot be read (the finding must still be reported).
fn shown(minor: i64, currency: &str) -> String {
    stored::currency(currency)
        .and_then(|c| stored::amount(minor, c))
        .map_or_else(
            |_| format!("{minor} minor units"),
            |a| format!("{a} {currency}"),
        )
}

/// A check's report: its name, how many objects it looked at, and each difference in words.
fn check<T>(
    name: &str,
    (checked, found): (i64, Vec<T>),
    describe: impl Fn(&T) -> String,
) -> ReconciliationCheck {
    ReconciliationCheck {
        name: name.to_owned(),
        checked,
        differences: found.iter().map(describe).collect(),
    }
}

async fn balances(
    conn: &mut prorata_store::PgConnection,
    session: &Session,
) -> Result<ReconciliationCheck, Error> {
    let accounts = account_count(conn, session.program.id).await?;
    let mismatched = prorata_store::ledger::balance_mismatches(conn, session.program.id).await?;
    Ok(ReconciliationCheck {
        name: "stored balances against postings".to_owned(),
        checked: accounts,
        differences: mismatched
            .into_iter()
            .map(|code| format!("{code}: its stored balances differ from its postings"))
            .collect(),
    })
}

async fn deal_marks(
    conn: &mut prorata_store::PgConnection,
    session: &Session,
) -> Result<ReconciliationCheck, Error> {
    let found = deal_mark_differences(conn, session.program.id).await?;
    Ok(check(
        "profit distributed against the last mark less capital",
        found,
        |d| {
            let c = d.currency.as_str();
            format!(
                "deal {} ({}): {} distributed, but its last mark {} less capital {} is {}",
                d.deal_id,
                d.deal,
                shown(d.profit_minor, c),
                shown(d.last_mark_minor, c),
                shown(d.capital_minor, c),
                shown(d.last_mark_minor.saturating_sub(d.capital_minor), c),
            )
        },
    ))
}

async fn pools(
    conn: &mut prorata_store::PgConnection,
    session: &Session,
) -> Result<ReconciliationCheck, Error> {
    let found = pool_differences(conn, session.program.id).await?;
    Ok(check("shares against the investor pool", found, |d| {
        let c = d.currency.as_str();
        format!(
            "distribution {}: its shares add up to {}, its pool is {}",
            d.distribution_id,
            shown(d.shares_minor, c),
            shown(d.pool_minor, c)
        )
    }))
}

async fn accounts(
    conn: &mut prorata_store::PgConnection,
    session: &Session,
) -> Result<ReconciliationCheck, Error> {
    let found = account_differences(conn, session.program.id).await?;
    Ok(check(
        "ledger accounts against the distributions posted, LP events approved, withdrawals paid, remittances, community revenue and gateway settlements",
        found,
        |d| {
            let c = d.currency.as_str();
            format!(
                "{}: the ledger holds {}, the distributions, LP events, withdrawals, remittances, revenue and settlements put {} there",
                d.account,
                shown(d.booked_minor, c),
                shown(d.expected_minor, c)
            )
        },
    ))
}

async fn statements(
    conn: &mut prorata_store::PgConnection,
    session: &Session,
) -> Result<ReconciliationCheck, Error> {
    let found = statement_differences(conn, session.program.id).await?;
    Ok(check(
        "issued statements against the ledger now",
        found,
        |d| {
            let c = d.currency.as_str();
            format!(
                "{}: it states {} closes at {}, the ledger now holds {} for that day",
                d.document_id,
                d.account,
                shown(d.stated_minor, c),
                shown(d.ledger_minor, c)
            )
        },
    ))
}

async fn allocations(
    conn: &mut prorata_store::PgConnection,
    session: &Session,
) -> Result<ReconciliationCheck, Error> {
    let found = allocation_differences(conn, session.program.id).await?;
    Ok(check(
        "LP allocations against the withdrawals drawn on them",
        found,
        |d| {
            let c = d.currency.as_str();
            format!(
                "allocation {} of event {}: {} withdrawn and {} pending, but its withdrawals paid {} and hold {}",
                d.allocation_id,
                d.event_id,
                shown(d.withdrawn_minor, c),
                shown(d.pending_minor, c),
                shown(d.paid_minor, c),
                shown(d.live_minor, c)
            )
        },
    ))
}

/// Runs every check on the program's book, in one snapshot: what it reports is one moment's
/// book, even while officers post.
pub async fn reconcile_ledger(
    store: &Store,
    session: &Session,
) -> Result<LedgerReconciliation, Error> {
    let mut tx = begin_snapshot(store).await?;
    let checks = vec![
        balances(&mut tx, session).await?,
        deal_marks(&mut tx, session).await?,
        pools(&mut tx, session).await?,
        accounts(&mut tx, session).await?,
        statements(&mut tx, session).await?,
        allocations(&mut tx, session).await?,
    ];
    drop(tx);
    let intact = checks.iter().all(|check| check.differences.is_empty());
    Ok(LedgerReconciliation { checks, intact })
}
