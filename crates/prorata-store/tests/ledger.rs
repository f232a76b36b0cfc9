//! The ledger through its Rust API, against a real PostgreSQL.

mod common;

use common::*;
use prorata_domain::ledger::{AccountType, Side};
use prorata_domain::{Currency, Money};
use prorata_store::ledger::NewEntry;
use prorata_store::ledger::{
    EntryOutcome, HoldResolution, LedgerStoreError, account_balance, account_statement,
    balance_mismatches, post_entries, post_hold, reverse_entry, trial_balance, void_hold,
};

async fn post(
    db: &prorata_store::testing::TestDatabase,
    entries: &[NewEntry],
) -> Result<Vec<EntryOutcome>, LedgerStoreError> {
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    let outcome = post_entries(&mut tx, entries, at()).await;
    if outcome.is_ok() {
        tx.commit().await.expect("the commit succeeds");
    }
    outcome
}

async fn available(db: &prorata_store::testing::TestDatabase, code: &str) -> i128 {
    let mut conn = db.store.pool().acquire().await.expect("a connection");
    let balance = account_balance(&mut conn, PROGRAM, code, None, None)
        .await
        .expect("a balance");
    balance.totals.available_minor(balance.account.normal_side)
}

#[tokio::test]
async fn a_balanced_entry_moves_money_and_the_trial_balance_stays_zero() {
    let db = database().await;
    standard_accounts(db.store.pool()).await;
    let outcomes = post(
        &db,
        &[transfer("e1", "bank:1", "investor:1:payable", "312.00")],
    )
    .await
    .expect("a balanced entry books");
    assert!(matches!(outcomes[0], EntryOutcome::Booked(_)));
    assert_eq!(
        available(&db, "investor:1:payable").await,
        31_200,
        "credited to the payable"
    );
    assert_eq!(
        available(&db, "bank:1").await,
        31_200,
        "debited to the bank"
    );
    let mut conn = db.store.pool().acquire().await.expect("a connection");
    let lines = trial_balance(&mut conn, PROGRAM, None)
        .await
        .expect("a trial balance");
    let debits: i64 = lines.iter().map(|l| l.debits_minor).sum();
    let credits: i64 = lines.iter().map(|l| l.credits_minor).sum();
    assert_eq!((debits, credits), (31_200, 31_200), "debits equal credits");
    assert!(
        balance_mismatches(&mut conn, PROGRAM)
            .await
            .expect("a check")
            .is_empty()
    );
}

#[tokio::test]
async fn the_same_key_and_entry_books_once_and_another_entry_under_it_conflicts() {
    let db = database().await;
    standard_accounts(db.store.pool()).await;
    let entry = transfer("dist-7", "bank:1", "investor:1:payable", "10.00");
    let first = post(&db, std::slice::from_ref(&entry))
        .await
        .expect("books")[0];
    let again = post(&db, std::slice::from_ref(&entry))
        .await
        .expect("replays")[0];
    assert_eq!(
        again,
        EntryOutcome::Replayed(first.entry_id()),
        "a replay returns the first booking"
    );
    assert_eq!(
        available(&db, "investor:1:payable").await,
        1_000,
        "nothing was applied twice"
    );
    let other = transfer("dist-7", "bank:1", "investor:1:payable", "11.00");
    let error = post(&db, &[other])
        .await
        .expect_err("another entry under the same key");
    assert!(
        matches!(error, LedgerStoreError::IdempotencyConflict(_)),
        "{error}"
    );
}

#[tokio::test]
async fn a_must_not_go_negative_account_cannot_be_overdrawn_and_nothing_is_booked() {
    let db = database().await;
    standard_accounts(db.store.pool()).await;
    post(
        &db,
        &[transfer("fund", "bank:1", "investor:1:payable", "100.00")],
    )
    .await
    .expect("books");
    let batch = [
        transfer("pay-1", "investor:1:payable", "bank:1", "60.00"),
        transfer("pay-2", "investor:1:payable", "bank:1", "60.00"),
    ];
    let error = post(&db, &batch)
        .await
        .expect_err("120 out of 100 overdraws");
    assert!(
        matches!(error, LedgerStoreError::WouldGoNegative { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("20.00 USD short"), "{error}");
    assert_eq!(
        available(&db, "investor:1:payable").await,
        10_000,
        "the batch changed nothing"
    );
}

#[tokio::test]
async fn unknown_accounts_and_legs_in_a_currency_the_account_is_not_kept_in_are_refused_by_name() {
    let db = database().await;
    standard_accounts(db.store.pool()).await;
    let error = post(&db, &[transfer("x", "bank:9", "investor:1:payable", "1")])
        .await
        .expect_err("unknown");
    assert_eq!(error.to_string(), "no ledger account has the code bank:9");
    let mut entry = transfer("y", "bank:1", "investor:1:payable", "1");
    for leg in &mut entry.legs {
        leg.amount = Money::parse("1", Currency::INR).expect("INR");
    }
    let error = post(&db, &[entry]).await.expect_err("wrong currency");
    assert_eq!(
        error.to_string(),
        "account bank:1 has no INR book: it is kept in USD"
    );
}

fn ngn_transfer(key: &str, debit: &str, credit: &str, amount: &str) -> NewEntry {
    let mut entry = transfer(key, debit, credit, amount);
    for leg in &mut entry.legs {
        leg.amount = Money::parse(amount, Currency::NGN).expect("NGN");
    }
    entry
}

#[tokio::test]
async fn one_code_in_two_currencies_is_two_books_and_a_read_names_which() {
    let db = database().await;
    let pool = db.store.pool();
    standard_accounts(pool).await;
    account_in(pool, "bank:1", AccountType::Asset, false, Currency::NGN).await;
    account_in(
        pool,
        "platform:fee_income",
        AccountType::Income,
        false,
        Currency::NGN,
    )
    .await;
    post(
        &db,
        &[
            transfer("usd", "bank:1", "platform:fee_income", "12.50"),
            ngn_transfer("ngn", "bank:1", "platform:fee_income", "40000.00"),
        ],
    )
    .await
    .expect("each entry books in its currency's book");

    let mut conn = pool.acquire().await.expect("a connection");
    let usd = account_balance(
        &mut conn,
        PROGRAM,
        "platform:fee_income",
        Some(Currency::USD),
        None,
    )
    .await
    .expect("the USD book");
    let ngn = account_balance(
        &mut conn,
        PROGRAM,
        "platform:fee_income",
        Some(Currency::NGN),
        None,
    )
    .await
    .expect("the NGN book");
    assert_ne!(usd.account.id, ngn.account.id, "two accounts");
    assert_eq!(usd.totals.balance_minor(Side::Credit), 1_250);
    assert_eq!(ngn.totals.balance_minor(Side::Credit), 4_000_000);
    let ambiguous = account_balance(&mut conn, PROGRAM, "platform:fee_income", None, None)
        .await
        .expect_err("which book?");
    assert_eq!(
        ambiguous.to_string(),
        "account platform:fee_income is kept in NGN and USD: name the currency"
    );
    let absent = account_statement(
        &mut conn,
        PROGRAM,
        "platform:fee_income",
        Some(Currency::EUR),
        None,
        None,
    )
    .await
    .expect_err("no EUR book");
    assert_eq!(
        absent.to_string(),
        "account platform:fee_income has no EUR book: it is kept in NGN and USD"
    );
    let single = account_balance(&mut conn, PROGRAM, "investor:1:payable", None, None)
        .await
        .expect("a code kept in one currency needs none");
    assert_eq!(single.account.currency, Currency::USD);

    each_book_balances_apart(&mut conn).await;
}

/// The trial balance shows each currency's accounts apart, and each book balances alone.
async fn each_book_balances_apart(conn: &mut sqlx::PgConnection) {
    let lines = trial_balance(conn, PROGRAM, None)
        .await
        .expect("a trial balance");
    for currency in ["NGN", "USD"] {
        let (debits, credits) = lines
            .iter()
            .filter(|l| l.currency == currency)
            .fold((0, 0), |(d, c), l| {
                (d + l.debits_minor, c + l.credits_minor)
            });
        assert_eq!(debits, credits, "the {currency} book balances on its own");
    }
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.code == "platform:fee_income")
            .count(),
        2,
        "the trial balance shows each currency's account apart: {lines:?}"
    );
}

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[tokio::test]
async fn a_hold_reserves_funds_until_it_is_posted_or_voided() {
    let db = database().await;
    standard_accounts(db.store.pool()).await;
    post(
        &db,
        &[transfer("fund", "bank:1", "investor:1:payable", "100.00")],
    )
    .await
    .expect("books");
    let held = post(&db, &[hold("w-1", "investor:1:payable", "bank:1", "60.00")])
        .await
        .expect("a hold")[0];
    assert_eq!(
        available(&db, "investor:1:payable").await,
        4_000,
        "60 of 100 is reserved"
    );
    let error = post(&db, &[hold("w-2", "investor:1:payable", "bank:1", "50.00")])
        .await
        .expect_err("only 40 left");
    assert!(matches!(error, LedgerStoreError::WouldGoNegative { .. }));

    let mut tx = db.store.pool().begin().await.expect("a transaction");
    let posted = post_hold(
        &mut tx,
        held.entry_id(),
        "w-1-paid",
        "officer",
        day(21),
        at(),
    )
    .await
    .expect("posts");
    tx.commit().await.expect("commits");
    assert!(matches!(posted, HoldResolution::Posted(_)));
    let mut conn = db.store.pool().acquire().await.expect("a connection");
    let balance = account_balance(&mut conn, PROGRAM, "investor:1:payable", None, None)
        .await
        .expect("a balance");
    assert_eq!(
        balance.totals.balance_minor(Side::Credit),
        4_000,
        "60 paid out of 100"
    );
    assert_eq!(
        balance.totals.pending_minor(Side::Credit),
        0,
        "the hold is released"
    );
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    let again = post_hold(
        &mut tx,
        held.entry_id(),
        "w-1-paid",
        "officer",
        day(21),
        at(),
    )
    .await
    .expect("idempotent");
    assert_eq!(again, HoldResolution::AlreadyDone);
    let error = void_hold(&mut tx, held.entry_id(), "officer", at())
        .await
        .expect_err("a posted hold stays posted");
    assert!(matches!(
        error,
        LedgerStoreError::HoldAlreadyResolved { .. }
    ));
    drop(tx);

    let second = post(&db, &[hold("w-3", "investor:1:payable", "bank:1", "40.00")])
        .await
        .expect("a hold")[0];
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    void_hold(&mut tx, second.entry_id(), "approver", at())
        .await
        .expect("voids");
    tx.commit().await.expect("commits");
    assert_eq!(
        available(&db, "investor:1:payable").await,
        4_000,
        "voiding returns the funds"
    );
    assert!(
        balance_mismatches(&mut conn, PROGRAM)
            .await
            .expect("a check")
            .is_empty()
    );
}

#[tokio::test]
async fn a_reversal_mirrors_its_entry_once_and_balances_as_of_a_date_see_history() {
    let db = database().await;
    standard_accounts(db.store.pool()).await;
    let booked = post(
        &db,
        &[transfer("fee", "bank:1", "platform:fee_income", "40.00")],
    )
    .await
    .expect("books")[0];
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    reverse_entry(
        &mut tx,
        booked.entry_id(),
        "fee-rev",
        "officer",
        day(22),
        "booked twice",
        at(),
    )
    .await
    .expect("reverses");
    tx.commit().await.expect("commits");
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    let error = reverse_entry(
        &mut tx,
        booked.entry_id(),
        "fee-rev-2",
        "officer",
        day(22),
        "again",
        at(),
    )
    .await
    .expect_err("only once");
    assert!(
        matches!(error, LedgerStoreError::AlreadyReversed { .. }),
        "{error}"
    );
    drop(tx);
    let mut conn = db.store.pool().acquire().await.expect("a connection");
    let now = account_balance(&mut conn, PROGRAM, "platform:fee_income", None, None)
        .await
        .expect("a balance");
    assert_eq!(now.totals.balance_minor(Side::Credit), 0, "reversed");
    let then = account_balance(
        &mut conn,
        PROGRAM,
        "platform:fee_income",
        None,
        Some(day(21)),
    )
    .await
    .expect("a balance");
    assert_eq!(
        then.totals.balance_minor(Side::Credit),
        4_000,
        "before the reversal's date"
    );
    let statement = account_statement(&mut conn, PROGRAM, "platform:fee_income", None, None, None)
        .await
        .expect("a statement");
    let running: Vec<i64> = statement
        .lines
        .iter()
        .map(|l| l.running_balance_minor)
        .collect();
    assert_eq!(running, [4_000, 0], "running balance after each line");
}

#[tokio::test]
async fn each_program_has_its_own_accounts_and_sees_nothing_of_another() {
    let db = database().await;
    standard_accounts(db.store.pool()).await;
    post(
        &db,
        &[transfer("fund", "bank:1", "investor:1:payable", "50.00")],
    )
    .await
    .expect("books in program 1");
    let other: i64 = sqlx::query_scalar(
        "INSERT INTO programs (slug, name, created_at) VALUES ('other', 'Other', now()) RETURNING id",
    )
    .fetch_one(db.store.pool())
    .await
    .expect("a second program");

    let mut conn = db.store.pool().acquire().await.expect("a connection");
    let error = account_balance(&mut conn, other, "investor:1:payable", None, None)
        .await
        .expect_err("program 1's account is not visible from the other program");
    assert!(
        matches!(error, LedgerStoreError::UnknownAccount(_)),
        "{error}"
    );
    let lines = trial_balance(&mut conn, other, None)
        .await
        .expect("a trial balance");
    assert!(
        lines.is_empty(),
        "the other program's book is empty: {lines:?}"
    );

    let mut entry = transfer("fund", "bank:1", "investor:1:payable", "50.00");
    entry.program_id = other;
    let error = post(&db, &[entry])
        .await
        .expect_err("no such accounts in the other program");
    assert!(
        matches!(error, LedgerStoreError::UnknownAccount(_)),
        "{error}"
    );
}
