//! Preparing distributions: the high-water mark over losses, recoveries and new capital.

use crate::prelude::*;

#[tokio::test]
async fn a_loss_day_distributes_nothing_and_profit_resumes_only_above_the_old_peak() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-23", "12000").await;
    let first = book
        .prepare("Phones", "2026-11-23")
        .await
        .expect("prepared")
        .id;
    book.approve_and_post(first).await;

    book.verified("Phones", "2026-11-24", "11000").await;
    let loss = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect_err("a loss day has no profit");
    assert_eq!(loss.code, Code::Conflict);
    assert!(
        loss.message
            .contains("not above the high-water mark 12000.00"),
        "{}",
        loss.message
    );

    book.verified("Phones", "2026-11-25", "12500").await;
    let recovery = book
        .show(
            book.prepare("Phones", "2026-11-25")
                .await
                .expect("prepared")
                .id,
        )
        .await;
    assert_eq!(
        recovery.high_water_mark, "12000.00",
        "the mark stayed at the old peak through the loss"
    );
    assert_eq!(
        recovery.profit, "500.00",
        "only what is above the old peak is profit"
    );
    assert_eq!(recovery.new_high_water_mark, "12500.00");
}

#[tokio::test]
async fn capital_added_mid_way_raises_the_mark_and_shares_in_the_next_profit() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-23", "12000").await;
    let first = book
        .prepare("Phones", "2026-11-23")
        .await
        .expect("prepared")
        .id;
    book.approve_and_post(first).await;
    deals::add_investor(
        book.store(),
        &book.clock,
        &book.officer,
        "D",
        None,
        None,
        &book.key(),
    )
    .await
    .expect("D");
    book.invest("Phones", "D", "5000", "2026-11-24").await;

    let recorded = book.record("Phones", "2026-11-24", "17500").await;
    assert!(
        !recorded.flagged,
        "new capital is not a move of the value: +500 on 17,000 is +2.94%"
    );
    assert_eq!(recorded.change.as_deref(), Some("+2.94%"));
    verify_performance(
        book.store(),
        &book.clock,
        &book.approver,
        recorded.id,
        &book.key(),
    )
    .await
    .expect("verified");
    let view = book
        .show(
            book.prepare("Phones", "2026-11-24")
                .await
                .expect("prepared")
                .id,
        )
        .await;
    assert_eq!(
        view.high_water_mark, "17000.00",
        "12,000 plus the 5,000 added that day"
    );
    assert_eq!(
        (view.profit.as_str(), view.investor_pool.as_str()),
        ("500.00", "390.00")
    );
    assert_eq!(
        amounts(&view),
        [
            ("Phones A", "52.00"),
            ("Phones B", "104.00"),
            ("Phones C", "104.00"),
            ("D", "130.00")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned())),
        "the pool over 15,000 of capital, D's 5,000 included"
    );
}
