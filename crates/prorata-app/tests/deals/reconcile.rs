//! `reconcile ledger`: a sound book ties everywhere; a book changed behind PostgreSQL's
//! guards (by the owner, triggers off) is named difference by difference.

use prorata_app::reconcile::{LedgerReconciliation, reconcile_ledger};
use sqlx::Connection;

use crate::prelude::*;

async fn reconciled(book: &Book) -> LedgerReconciliation {
    reconcile_ledger(book.store(), &book.officer)
        .await
        .expect("a reconciliation")
}

/// Runs `sqls` as the store's owner with the named table's triggers off, as only someone
/// who owns the schema can.
async fn behind_the_guards(book: &Book, table: &str, sqls: &[&str]) {
    let mut owner = sqlx::PgConnection::connect_with(&book.db.options)
        .await
        .expect("the owner connects");
    let mut tx = owner.begin().await.expect("a transaction");
    tx.execute(sqlx::AssertSqlSafe(format!(
        "ALTER TABLE {table} DISABLE TRIGGER USER"
    )))
    .await
    .expect("triggers off");
    for sql in sqls {
        tx.execute(sqlx::AssertSqlSafe((*sql).to_owned()))
            .await
            .expect("tampered");
    }
    tx.execute(sqlx::AssertSqlSafe(format!(
        "ALTER TABLE {table} ENABLE TRIGGER USER"
    )))
    .await
    .expect("triggers on");
    tx.commit().await.expect("committed");
}

fn differences(report: &LedgerReconciliation) -> Vec<String> {
    report
        .checks
        .iter()
        .flat_map(|c| c.differences.iter().cloned())
        .collect()
}

#[tokio::test]
async fn a_sound_book_ties_everywhere_including_after_a_reversal() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.posted("Phones", "2026-11-23", "12000").await;
    let second = book.posted("Phones", "2026-11-24", "12500").await;
    let report = reconciled(&book).await;
    assert!(report.intact, "{report:#?}");
    let checked: Vec<i64> = report.checks.iter().map(|c| c.checked).collect();
    // 6 accounts (receivable, partner, fee income, three investors); 1 deal; 2 distributions;
    // no statement issued yet; no LP allocation.
    assert_eq!(checked, [6, 1, 2, 6, 0, 0], "{report:#?}");

    let reversal = deals::reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        second,
        "valued twice",
        &book.key(),
    )
    .await
    .expect("a reversal")
    .id;
    book.approve_and_post(reversal).await;
    let report = reconciled(&book).await;
    assert!(report.intact, "{report:#?}");
}

#[tokio::test]
async fn a_share_changed_and_a_gain_paid_twice_are_each_named() {
    let book = Book::new().await;
    let deal = book.seed_deal("Phones").await;
    let first = book.posted("Phones", "2026-11-23", "12000").await;
    book.verified("Phones", "2026-11-24", "12500").await;

    let share = format!(
        "UPDATE distribution_shares SET amount_minor = amount_minor + 1
         WHERE distribution_id = {first} AND investment_id = (SELECT min(investment_id) FROM distribution_shares WHERE distribution_id = {first})"
    );
    behind_the_guards(&book, "distribution_shares", &[&share]).await;
    let stale = stale_distribution_sql(deal);
    behind_the_guards(&book, "distributions", &[&stale]).await;

    let report = reconciled(&book).await;
    assert!(!report.intact);
    let found = differences(&report);
    assert!(
        found.iter().any(|d| d.starts_with(&format!(
            "deal {deal} (Phones): 4500.00 USD distributed, but its last mark 12500.00 USD less capital 10000.00 USD is 2500.00 USD"
        ))),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|d| d.starts_with(&format!(
            "distribution {first}: its shares add up to 1560.01 USD, its pool is 1560.00 USD"
        ))),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|d| d.contains(
            ":payable: the ledger holds 312.00 USD, the distributions, LP events, withdrawals, remittances, revenue and settlements put 312.01 USD there"
        )),
        "{found:#?}"
    );
}
