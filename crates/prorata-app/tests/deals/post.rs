//! Posting distributions to the ledger under concurrency.

use crate::prelude::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_postings_of_one_distribution_book_it_exactly_once() {
    let book = std::sync::Arc::new(Book::new().await);
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let id = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    approve_distributions(
        book.store(),
        &book.clock,
        &book.approver,
        &[id],
        None,
        &book.key(),
    )
    .await
    .expect("approved");
    let tasks: Vec<_> = (0..6)
        .map(|n| {
            let book = book.clone();
            tokio::spawn(async move {
                post_distributions(
                    book.store(),
                    &book.clock,
                    &book.officer,
                    &[id],
                    &format!("post-{n}"),
                )
                .await
            })
        })
        .collect();
    let mut booked = 0;
    for task in tasks {
        match task.await.expect("the task ran") {
            Ok(_) => booked += 1,
            Err(error) => assert_eq!(
                error.code,
                Code::Conflict,
                "the others see it posted: {error:?}"
            ),
        }
    }
    assert_eq!(
        booked, 1,
        "one posting, however many people press the button at once"
    );
    assert_eq!(book.balance("platform:fee_income").await, "40.00");
}
