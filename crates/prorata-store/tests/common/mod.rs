//! Fixtures shared by the store's tests: a fresh database, accounts and entries.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use prorata_domain::ledger::{AccountCode, AccountType, Leg, Phase, Side};
use prorata_domain::{Currency, Money};
use prorata_store::ledger::{Account, NewAccount, NewEntry, open_account};
use prorata_store::testing::TestDatabase;
use sqlx::PgPool;

/// The program every fixture books into: the first (and only) one of a test database.
pub const PROGRAM: i64 = 1;

/// A fresh database with one program, whose id is [`PROGRAM`].
pub async fn database() -> TestDatabase {
    let db = TestDatabase::create()
        .await
        .expect("a test database on the real PostgreSQL");
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO programs (slug, name, created_at) VALUES ('main', 'Main', now()) RETURNING id",
    )
    .fetch_one(db.store.pool())
    .await
    .expect("a program");
    assert_eq!(id, PROGRAM, "the first program of a fresh database");
    db
}

/// A fixed instant: the ledger never reads the clock itself.
pub fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
        .single()
        .expect("a valid instant")
}

pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a valid date")
}

pub fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).expect("a valid amount")
}

pub fn code(text: &str) -> AccountCode {
    AccountCode::parse(text).expect("a valid code")
}

pub async fn account(
    pool: &PgPool,
    text: &str,
    account_type: AccountType,
    must_not_go_negative: bool,
) -> Account {
    account_in(
        pool,
        text,
        account_type,
        must_not_go_negative,
        Currency::USD,
    )
    .await
}

/// An account in a currency's book: the same code in two currencies is two accounts.
pub async fn account_in(
    pool: &PgPool,
    text: &str,
    account_type: AccountType,
    must_not_go_negative: bool,
    currency: Currency,
) -> Account {
    let mut tx = pool.begin().await.expect("a transaction");
    let new = NewAccount {
        program_id: PROGRAM,
        code: code(text),
        account_type,
        currency,
        normal_side: account_type.normal_side(),
        must_not_go_negative,
    };
    let opened = open_account(&mut tx, &new, at())
        .await
        .expect("the account opens");
    tx.commit().await.expect("the account commits");
    opened
}

/// The accounts of the worked example: a bank, an investor's payable (never negative) and
/// the platform's fee income.
pub async fn standard_accounts(pool: &PgPool) {
    account(pool, "bank:1", AccountType::Asset, false).await;
    account(pool, "investor:1:payable", AccountType::Liability, true).await;
    account(pool, "investor:2:payable", AccountType::Liability, true).await;
    account(pool, "platform:fee_income", AccountType::Income, false).await;
}

pub fn leg(account: &str, side: Side, amount: &str) -> Leg {
    Leg {
        account: code(account),
        side,
        amount: usd(amount),
    }
}

/// A two-leg entry moving `amount` from `from` (debited) to `to` (credited).
pub fn transfer(key: &str, debit: &str, credit: &str, amount: &str) -> NewEntry {
    NewEntry {
        program_id: PROGRAM,
        idempotency_key: key.to_owned(),
        kind: "test_transfer".to_owned(),
        phase: Phase::Posted,
        effective_date: day(20),
        actor: "tester".to_owned(),
        description: format!("{amount} from {debit} to {credit}"),
        legs: vec![
            leg(debit, Side::Debit, amount),
            leg(credit, Side::Credit, amount),
        ],
    }
}

pub fn hold(key: &str, debit: &str, credit: &str, amount: &str) -> NewEntry {
    NewEntry {
        phase: Phase::Pending,
        ..transfer(key, debit, credit, amount)
    }
}
