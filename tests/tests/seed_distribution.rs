//! The worked example of DESIGN §5 from the calculation to the ledger: the profit share of
//! the seed deal, booked as one balanced entry, leaves every account where the design says.

use chrono::{TimeZone, Utc};
use prorata_domain::{Currency, Money};
use prorata_scenarios::seed::book_seed_example;
use prorata_store::ledger::{account_balance, trial_balance};
use prorata_store::testing::TestDatabase;

#[tokio::test]
async fn the_seed_profit_share_books_as_one_balanced_entry() {
    let db = TestDatabase::create().await.expect("a database");
    let program: i64 = sqlx::query_scalar(
        "INSERT INTO programs (slug, name, created_at) VALUES ('main', 'Main', now()) RETURNING id",
    )
    .fetch_one(db.store.pool())
    .await
    .expect("a program");
    let at = Utc
        .with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
        .single()
        .expect("an instant");
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    book_seed_example(&mut tx, program, at)
        .await
        .expect("a balanced entry books");
    tx.commit().await.expect("commits");

    let mut conn = db.store.pool().acquire().await.expect("a connection");
    for (text, expected) in [
        ("deal:1:profit_receivable", "2000.00"),
        ("partner:1:payable", "400.00"),
        ("platform:fee_income", "40.00"),
        ("investor:A:payable", "312.00"),
        ("investor:B:payable", "624.00"),
        ("investor:C:payable", "624.00"),
    ] {
        let balance = account_balance(&mut conn, program, text, None, None)
            .await
            .expect("a balance");
        let minor = balance.totals.balance_minor(balance.account.normal_side);
        assert_eq!(
            Money::from_minor_units(minor, Currency::USD)
                .expect("in range")
                .to_string(),
            expected,
            "{text} holds what DESIGN §5 says"
        );
    }
    let lines = trial_balance(&mut conn, program, None)
        .await
        .expect("a trial balance");
    let debits: i64 = lines.iter().map(|l| l.debits_minor).sum();
    let credits: i64 = lines.iter().map(|l| l.credits_minor).sum();
    assert_eq!(
        (debits, credits),
        (200_000, 200_000),
        "the trial balance sums to zero"
    );
}
