//! Anomalies held for review: a transaction above the schedule's multiple of its community's
//! median of the 30 days before is recorded with its credits held; the release run passes
//! them by until an approver, not the recorder, releases the hold with a reason.

use prorata_app::revenue::{self, NewRevenue};

use crate::prelude::*;

async fn club(book: &Book) {
    worked_example_schedule(book).await;
    add_community(book, &book.officer, "Chess club", &["owner=1"])
        .await
        .expect("a community");
    add_members(book, "Chess club", &[("Asha", "owner", None)]).await;
    book.clock.advance(chrono::Duration::days(20));
}

async fn record(
    book: &Book,
    session: &prorata_app::session::Session,
    gross: &str,
    date: &str,
) -> i64 {
    let new = NewRevenue {
        community: "Chess club",
        source: "event",
        gross,
        date,
        gateway: None,
        reference: None,
        notation: Notation::Plain,
    };
    revenue::record_revenue(book.store(), &book.clock, session, new, &book.key())
        .await
        .expect("recorded")
        .id
}

async fn review(book: &Book, id: i64) -> String {
    revenue::show_revenue(book.store(), &book.officer, id)
        .await
        .expect("shown")
        .review
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the officer's and the approver's steps, kept whole"
)]
async fn a_transaction_above_five_times_the_median_is_held_until_another_person_releases_it() {
    let book = Book::new().await;
    club(&book).await;
    for (gross, day) in [
        ("100.00", "2026-11-25"),
        ("200.00", "2026-11-26"),
        ("300.00", "2026-11-27"),
    ] {
        let id = record(&book, &book.officer, gross, day).await;
        assert_eq!(review(&book, id).await, "none");
    }
    // The median of the days before the 28th is 200.00: 1,000.00 is usual, a paisa more is not.
    let usual = record(&book, &book.officer, "1000.00", "2026-11-28").await;
    assert_eq!(review(&book, usual).await, "none");
    let held = record(&book, &book.both, "1000.01", "2026-11-28").await;
    assert_eq!(review(&book, held).await, "held");
    let released = revenue::release_wallet_credits(
        book.store(),
        &book.clock,
        &book.officer,
        None,
        &book.key(),
    )
    .await
    .expect("released");
    // 4 credits of 5 came due; the held one is passed by.
    assert_eq!(released.released[0].credits, 4);
    let own = revenue::release_revenue_hold(
        book.store(),
        &book.clock,
        &book.both,
        held,
        "checked",
        &book.key(),
    )
    .await
    .expect_err("its recorder");
    assert_eq!(own.code, Code::PermissionDenied);
    let officer = revenue::release_revenue_hold(
        book.store(),
        &book.clock,
        &book.officer,
        held,
        "checked",
        &book.key(),
    )
    .await
    .expect_err("an officer");
    assert_eq!(officer.code, Code::PermissionDenied);
    revenue::release_revenue_hold(
        book.store(),
        &book.clock,
        &book.approver,
        held,
        "the sponsor confirmed the payment",
        &book.key(),
    )
    .await
    .expect("released");
    assert_eq!(review(&book, held).await, "released");
    let again = revenue::release_revenue_hold(
        book.store(),
        &book.clock,
        &book.approver,
        held,
        "twice",
        &book.key(),
    )
    .await
    .expect_err("once");
    assert_eq!(again.code, Code::Conflict);
    let released = revenue::release_wallet_credits(
        book.store(),
        &book.clock,
        &book.officer,
        None,
        &book.key(),
    )
    .await
    .expect("released");
    assert_eq!(released.released[0].credits, 1, "the held credit, now");
}

#[tokio::test]
async fn postgresql_keeps_a_held_credit_pending_and_a_hold_placed_only_with_its_transaction() {
    let book = Book::new().await;
    club(&book).await;
    record(&book, &book.officer, "100.00", "2026-11-25").await;
    let usual = record(&book, &book.officer, "100.00", "2026-11-26").await;
    let held = record(&book, &book.officer, "600.00", "2026-11-27").await;
    assert_eq!(review(&book, held).await, "held");
    for (sql, says) in [
        (
            format!(
                "UPDATE wallet_credits SET status = 'available', released_on = '2026-12-10' WHERE transaction_id = {held}"
            ),
            "is held for review",
        ),
        (
            format!(
                "INSERT INTO revenue_holds (transaction_id, program_id, median_minor, multiple) VALUES ({usual}, 1, 10000, 5)"
            ),
            "a hold is placed when its transaction is recorded",
        ),
        (
            format!(
                "UPDATE revenue_holds SET released_by = 'olga', released_at = now(), reason = 'mine' WHERE transaction_id = {held}"
            ),
            "olga is not a user holding {approver,admin}",
        ),
        (
            format!("UPDATE revenue_holds SET median_minor = 1 WHERE transaction_id = {held}"),
            "permission denied",
        ),
        (
            format!("DELETE FROM revenue_holds WHERE transaction_id = {held}"),
            "permission denied",
        ),
    ] {
        let message = book.refused(&sql).await;
        assert!(message.contains(says), "{sql}: {message}");
    }
}
