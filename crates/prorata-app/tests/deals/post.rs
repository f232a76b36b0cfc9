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
        SecondFactor::default(),
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

#[tokio::test]
async fn a_shown_distribution_restates_the_entry_posting_books_with_whose_account_each_leg_is() {
    let book = Book::new().await;
    let deal = book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let id = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let shown = book.show(id).await;
    assert_eq!(shown.flagged_because, None, "only a flagged one says why");
    let legs: Vec<(String, &str, String)> = shown
        .entry
        .iter()
        .map(|l| (l.owner.clone(), l.side.as_str(), l.amount.clone()))
        .collect();
    let leg = |owner: &str, side, amount: &str| (owner.to_owned(), side, amount.to_owned());
    assert_eq!(
        legs,
        [
            leg("profit receivable of Phones", "debit", "2000.00"),
            leg("payable to the partner of Phones", "credit", "400.00"),
            leg("platform fee income", "credit", "40.00"),
            leg("payable to Phones A", "credit", "312.00"),
            leg("payable to Phones B", "credit", "624.00"),
            leg("payable to Phones C", "credit", "624.00"),
        ]
    );
    assert_eq!(
        shown.entry[0].account,
        format!("deal:{deal}:profit_receivable")
    );
    book.approve_and_post(id).await;
    let trial = trial_balance(book.store(), &book.officer, None)
        .await
        .expect("a trial balance");
    let booked = trial
        .accounts
        .iter()
        .find(|a| a.account == shown.entry[0].account)
        .expect("the receivable was booked");
    assert_eq!(
        booked.debits, "2000.00",
        "what was restated is what was booked"
    );
}
