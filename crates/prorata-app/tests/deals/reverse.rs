//! Corrections: a reversal distribution, approved and posted, never an edit.

use crate::prelude::*;

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[tokio::test]
async fn a_posted_distribution_is_corrected_by_an_approved_reversal_never_by_an_edit() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let original = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let early = deals::reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        original,
        "typo",
        &book.key(),
    )
    .await
    .expect_err("not posted yet");
    assert_eq!(
        early.code,
        Code::Conflict,
        "a distribution not yet posted is cancelled, not reversed"
    );
    book.approve_and_post(original).await;

    let blank = deals::reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        original,
        " ",
        &book.key(),
    )
    .await
    .expect_err("no reason");
    assert_eq!(blank.code, Code::Validation);
    let reason = "the partner restated the day's value";
    let reversal = deals::reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        original,
        reason,
        &book.key(),
    )
    .await
    .expect("a reversal")
    .id;
    let twice = deals::reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        original,
        reason,
        &book.key(),
    )
    .await
    .expect_err("one reversal");
    assert_eq!(twice.code, Code::Conflict);
    let view = book.show(reversal).await;
    assert_eq!(
        (
            view.kind.as_str(),
            view.reverses_distribution_id,
            view.correction_reason.as_deref()
        ),
        ("reversal", Some(original), Some(reason))
    );
    assert_eq!(
        view.status.as_str(),
        "prepared",
        "a reversal is approved by a second person like any distribution"
    );
    assert_eq!(
        book.balance("platform:fee_income").await,
        "40.00",
        "nothing is undone before it is posted"
    );

    book.approve_and_post(reversal).await;
    assert_eq!(
        book.balance("platform:fee_income").await,
        "0.00",
        "the mirror entry undid the fee"
    );
    let tb = trial_balance(book.store(), &book.officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(tb.difference.get("USD").map(String::as_str), Some("0.00"));
    assert_eq!(
        tb.total_debits.get("USD").map(String::as_str),
        Some("4000.00"),
        "the original and its mirror both stay on the books"
    );
    let posted = book.show(original).await;
    assert_eq!(
        posted.status.as_str(),
        "posted",
        "the original row is never edited"
    );
    assert!(
        posted
            .shares
            .iter()
            .all(|s| s.payout_status.as_str() == "reversed"),
        "its shares are owed no more"
    );

    let again = book
        .show(
            book.prepare("Phones", "2026-11-24")
                .await
                .expect("the date is open again")
                .id,
        )
        .await;
    assert_eq!(
        (again.high_water_mark.as_str(), again.profit.as_str()),
        ("10000.00", "2000.00"),
        "the reversed distribution's mark no longer counts"
    );
}
