//! Many transfers at once out of one account that must not go negative.

mod common;

use common::*;
use prorata_store::ledger::{LedgerStoreError, account_balance, balance_mismatches, post_entries};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_transfers_never_overdraw_and_lose_nothing() {
    let db = database().await;
    standard_accounts(db.store.pool()).await;
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    post_entries(
        &mut tx,
        &[transfer("fund", "bank:1", "investor:1:payable", "100.00")],
        at(),
    )
    .await
    .expect("funds the payable");
    tx.commit().await.expect("commits");

    // 50 transfers of 3.00 out of 100.00: exactly 33 fit (99.00), 17 must be refused.
    let mut tasks = Vec::new();
    for n in 0..50 {
        let pool = db.store.pool().clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = pool.begin().await.expect("a transaction");
            let entry = transfer(
                &format!("pay-{n}"),
                "investor:1:payable",
                "investor:2:payable",
                "3.00",
            );
            let outcome = post_entries(&mut tx, &[entry], at()).await;
            if outcome.is_ok() {
                tx.commit().await.expect("commits");
            }
            outcome.map(|_| ())
        }));
    }
    let mut booked = 0;
    let mut refused = 0;
    for task in tasks {
        match task.await.expect("the task ran") {
            Ok(()) => booked += 1,
            Err(LedgerStoreError::WouldGoNegative { .. }) => refused += 1,
            Err(other) => panic!("only an overdraft may refuse a transfer, not: {other}"),
        }
    }
    assert_eq!(
        (booked, refused),
        (33, 17),
        "every transfer that fits is booked, no more"
    );

    let mut conn = db.store.pool().acquire().await.expect("a connection");
    let from = account_balance(&mut conn, PROGRAM, "investor:1:payable", None, None)
        .await
        .expect("a balance");
    let to = account_balance(&mut conn, PROGRAM, "investor:2:payable", None, None)
        .await
        .expect("a balance");
    let side = from.account.normal_side;
    assert_eq!(from.totals.balance_minor(side), 100, "1.00 is left");
    assert_eq!(
        to.totals.balance_minor(side),
        9_900,
        "99.00 arrived: nothing lost"
    );
    assert!(
        balance_mismatches(&mut conn, PROGRAM)
            .await
            .expect("a check")
            .is_empty()
    );
}
