//! Recording performance: the first investment bounds the dates; gaps are warned of.

use crate::prelude::*;

#[tokio::test]
async fn records_before_the_first_investment_are_refused_and_gaps_are_warned_of() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let new = value("Phones", "2026-11-01", "10000");
    let early = record_performance(book.store(), &book.clock, &book.officer, new, &book.key())
        .await
        .expect_err("too early");
    assert_eq!(early.code, Code::Validation);
    assert!(
        early
            .message
            .contains("before the deal's first investment, on 2026-11-02"),
        "{}",
        early.message
    );
    book.record("Phones", "2026-11-16", "10100").await; // a Monday
    let later = book.record("Phones", "2026-11-19", "10200").await; // the Thursday
    assert_eq!(
        later.warnings,
        ["2 business days without a record before this one"]
    );
    assert!(!later.flagged, "a gap is a warning, never a block");
}

#[tokio::test]
async fn a_value_recorded_out_of_order_is_flagged_against_the_later_value_too() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    assert!(!book.record("Phones", "2026-11-23", "10000").await.flagged);
    assert!(!book.record("Phones", "2026-11-25", "9000").await.flagged);
    // +24% on the 23rd is within the 25% threshold, but the 25th's 9,000 is 27% below it.
    let late = book.record("Phones", "2026-11-24", "12400").await;
    assert_eq!(late.change.as_deref(), Some("+24.00%"));
    assert!(
        late.flagged,
        "flagged against its later neighbour: {late:?}"
    );
    assert!(
        late.warnings.iter().any(|w| w.contains(
            "recorded out of order: the value of the later date 2026-11-25 was compared too, and the step from this value to it is beyond the threshold"
        )),
        "{:?}",
        late.warnings
    );
}
