//! Opening a store made by an earlier release migrates it in place, its book intact.

use prorata_domain::Currency;
use prorata_domain::ledger::{AccountCode, AccountType, Side};
use prorata_store::Store;
use prorata_store::ledger::{LedgerStoreError, NewAccount, account_balance, open_account};
use prorata_store::testing::TestDatabase;
use sqlx::{Connection, PgConnection};

/// A fixed instant: the store never reads the clock for business data.
fn opened_at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_764_061_200, 0).expect("an instant")
}

/// The last migration of the release before one book per currency.
const BEFORE_ONE_BOOK_PER_CURRENCY: i64 = 20_261_202_000_015;

#[tokio::test]
async fn a_store_made_before_one_book_per_currency_opens_with_its_accounts_and_its_shares_tied_to_their_deal()
 {
    let (options, name) = TestDatabase::at_migration(BEFORE_ONE_BOOK_PER_CURRENCY)
        .await
        .expect("a store of the earlier release");
    let mut owner = PgConnection::connect_with(&options)
        .await
        .expect("the owner");
    sqlx::raw_sql(include_str!(
        "fixtures/store_before_one_book_per_currency.sql"
    ))
    .execute(&mut owner)
    .await
    .expect("written as the earlier release wrote");
    owner.close().await.expect("closed");

    let store = Store::open_with(options, &name)
        .await
        .expect("opening migrates it");
    let shares: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT investment_id, deal_id, amount_minor FROM distribution_shares ORDER BY investment_id",
    )
    .fetch_all(store.pool())
    .await
    .expect("the shares");
    assert_eq!(
        shares,
        [(1, 1, 62_400), (2, 1, 93_600)],
        "each share took its deal"
    );

    let mut conn = store.pool().acquire().await.expect("a connection");
    let fee = account_balance(&mut conn, 1, "platform:fee_income", None, None)
        .await
        .expect("a code kept in one currency is read without one");
    assert_eq!(fee.account.currency, Currency::USD);
    drop(conn);

    let mut tx = store.pool().begin().await.expect("a transaction");
    let ngn = NewAccount {
        program_id: 1,
        code: AccountCode::parse("platform:fee_income").expect("a code"),
        account_type: AccountType::Income,
        currency: Currency::NGN,
        normal_side: Side::Credit,
        must_not_go_negative: false,
    };
    let opened = open_account(&mut tx, &ngn, opened_at())
        .await
        .expect("the NGN book opens beside the USD one");
    tx.commit().await.expect("committed");
    assert_ne!(opened.id, fee.account.id, "another account");
    let mut conn = store.pool().acquire().await.expect("a connection");
    let ambiguous = account_balance(&mut conn, 1, "platform:fee_income", None, None)
        .await
        .expect_err("now kept in two currencies");
    assert!(
        matches!(ambiguous, LedgerStoreError::AmbiguousAccount { .. }),
        "{ambiguous}"
    );
}
