//! Cancelling distributions.

use crate::prelude::*;

#[tokio::test]
async fn a_cancelled_distribution_makes_way_for_a_new_one_and_a_posted_one_never_changes() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let first = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let empty = cancel_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        first,
        "  ",
        &book.key(),
    )
    .await
    .expect_err("no reason");
    assert_eq!(empty.code, Code::Validation);
    cancel_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        first,
        "prepared before the partner's correction",
        &book.key(),
    )
    .await
    .expect("cancelled");
    let second = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared again")
        .id;
    assert_ne!(first, second);
    book.approve_and_post(second).await;
    let refused = cancel_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        second,
        "too late",
        &book.key(),
    )
    .await
    .expect_err("posted");
    assert_eq!(refused.code, Code::Conflict);
    assert_eq!(refused.message, "a posted distribution cannot be cancelled");
}
