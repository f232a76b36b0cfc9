//! Requests and decisions against one payable at the same moment, on real concurrent
//! transactions: the payable never goes below zero and nothing is applied twice.

use crate::prelude::*;

/// Concurrent requests raced against one payable.
const REQUESTS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_requests_never_hold_more_than_the_payable_has() {
    let book = std::sync::Arc::new(Book::new().await);
    owed(&book).await;
    // 312.00 owed; twenty requests of 20.00 each: at most fifteen fit (300.00).
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..REQUESTS {
        let book = book.clone();
        set.spawn(async move { request(&book, to_investor("Phones A", "20.00")).await });
    }
    let results: Vec<_> = set.join_all().await;
    let held = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(held, 15, "exactly what fits is held: {results:?}");
    for refused in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(refused.code, Code::Conflict, "{refused:?}");
    }
    let id: i64 = sqlx::query_scalar("SELECT id FROM investors WHERE name = 'Phones A'")
        .fetch_one(book.store().pool())
        .await
        .expect("the investor");
    let (balance, pending, available) = payable(&book, &format!("investor:{id}:payable")).await;
    assert_eq!(
        (balance.as_str(), pending.as_str(), available.as_str()),
        ("312.00", "300.00", "12.00")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_approvers_deciding_one_request_at_once_decide_it_once() {
    let book = Book::new().await;
    owed(&book).await;
    let second = user_with_roles(
        book.store(),
        &book.clock,
        &book.admin,
        "ava",
        &[prorata_domain::control::Role::Approver],
    )
    .await;
    for _ in 0..5 {
        let id = request(&book, to_investor("Phones A", "1.00"))
            .await
            .expect("requested");
        let s = book.store();
        let (k1, k2) = (book.key(), book.key());
        let (approve, reject) = tokio::join!(
            payouts::approve_withdrawal(s, &book.clock, &book.approver, id, &k1),
            payouts::reject_withdrawal(s, &book.clock, &second, id, "duplicate", &k2),
        );
        assert!(
            approve.is_ok() != reject.is_ok(),
            "one decision wins: {approve:?} {reject:?}"
        );
        let status: String = sqlx::query_scalar("SELECT status FROM withdrawals WHERE id = $1")
            .bind(id)
            .fetch_one(s.pool())
            .await
            .expect("reads");
        let resolved: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM ledger_hold_resolutions r JOIN withdrawals w ON w.hold_entry_id = r.pending_entry_id WHERE w.id = $1",
        )
        .bind(id)
        .fetch_one(s.pool())
        .await
        .expect("reads");
        match status.as_str() {
            "approved" => assert_eq!(resolved, 0, "an approved request keeps its hold"),
            "rejected" => assert_eq!(resolved, 1, "a rejected one voided it once"),
            other => panic!("{other}"),
        }
    }
}
