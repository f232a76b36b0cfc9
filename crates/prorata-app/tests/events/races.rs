//! Races on real concurrent transactions: requests against one allocation at once, and a
//! cancel meeting a request.

use std::sync::Arc;

use crate::prelude::*;

#[tokio::test]
async fn twenty_requests_at_once_against_one_allocation_never_draw_more_than_it_has() {
    let book = Arc::new(Book::new().await);
    units_held(&book).await;
    let id = active(&book, "Phones", "600.00", "2026-11-20").await;
    let a = allocation_of(&shown(&book, id).await, "Phones A");
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let book = Arc::clone(&book);
        tasks.push(tokio::spawn(async move {
            request(&book, against("Phones A", "15.00", Some(a))).await
        }));
    }
    let mut held = 0;
    for task in tasks {
        match task.await.expect("joined") {
            Ok(_) => held += 1,
            Err(e) => assert_eq!(e.code, Code::Conflict, "{}", e.message),
        }
    }
    assert_eq!(held, 6, "100.00 holds six of 15.00");
    let view = shown(&book, id).await;
    let allocation = &view.allocations[0];
    assert_eq!(
        (allocation.pending.as_str(), allocation.available.as_str()),
        ("90.00", "10.00")
    );
}

#[tokio::test]
async fn a_cancel_and_a_request_at_the_same_moment_never_both_happen() {
    for round in 0..4 {
        let book = Arc::new(Book::new().await);
        units_held(&book).await;
        let id = active(&book, "Phones", "600.00", "2026-11-20").await;
        let a = allocation_of(&shown(&book, id).await, "Phones A");
        let requester = {
            let book = Arc::clone(&book);
            tokio::spawn(async move { request(&book, against("Phones A", "5.00", Some(a))).await })
        };
        let canceller = {
            let book = Arc::clone(&book);
            tokio::spawn(async move {
                events::cancel_event(
                    book.store(),
                    &book.clock,
                    &book.officer,
                    id,
                    "race",
                    &book.key(),
                )
                .await
            })
        };
        let requested = requester.await.expect("joined");
        let cancelled = canceller.await.expect("joined");
        assert!(
            requested.is_ok() != cancelled.is_ok(),
            "round {round}: {requested:?} {cancelled:?}"
        );
        let status = shown(&book, id).await.status;
        assert_eq!(
            status.as_str() == "cancelled",
            cancelled.is_ok(),
            "round {round}"
        );
    }
}
