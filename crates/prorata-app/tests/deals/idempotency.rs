//! Replays under one idempotency key: applied once; another request under it is a conflict.

use crate::prelude::*;
use prorata_domain::control::Role;

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[tokio::test]
async fn a_replayed_request_is_applied_once_and_a_reused_key_for_another_is_a_conflict() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let new = value("Phones", "2026-11-24", "12000");
    let first = record_performance(book.store(), &book.clock, &book.officer, new, "record-once")
        .await
        .expect("recorded");
    let again = record_performance(book.store(), &book.clock, &book.officer, new, "record-once")
        .await
        .expect("replayed");
    assert_eq!(first, again, "the replay returns the stored result");
    let other = NewPerformance {
        notation: Notation::Plain,
        value: "12001",
        ..new
    };
    let clash = record_performance(
        book.store(),
        &book.clock,
        &book.officer,
        other,
        "record-once",
    )
    .await
    .expect_err("another body");
    assert_eq!(clash.code, Code::Conflict);
    verify_performance(
        book.store(),
        &book.clock,
        &book.approver,
        first.id,
        &book.key(),
    )
    .await
    .expect("verified");

    let a = prepare_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        "Phones",
        "2026-11-24",
        "prepare-once",
    )
    .await
    .expect("prepared");
    let b = prepare_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        "Phones",
        "2026-11-24",
        "prepare-once",
    )
    .await
    .expect("replayed");
    assert_eq!(a, b);
    let list = deals::list_distributions(book.store(), &book.officer, Some("Phones"))
        .await
        .expect("a list");
    assert_eq!(
        list.items.len(),
        1,
        "one distribution, however often the request came"
    );
    approve_distributions(
        book.store(),
        &book.clock,
        &book.approver,
        &[a.id],
        None,
        SecondFactor::default(),
        "approve-once",
    )
    .await
    .expect("approved");
    post_distributions(
        book.store(),
        &book.clock,
        &book.officer,
        &[a.id],
        "post-once",
    )
    .await
    .expect("posted");
    post_distributions(
        book.store(),
        &book.clock,
        &book.officer,
        &[a.id],
        "post-once",
    )
    .await
    .expect("replayed");
    let again = post_distributions(
        book.store(),
        &book.clock,
        &book.officer,
        &[a.id],
        "post-twice",
    )
    .await
    .expect_err("a second posting");
    assert_eq!(
        again.code,
        Code::Conflict,
        "a posted distribution is never posted again"
    );
    assert_eq!(
        book.balance("platform:fee_income").await,
        "40.00",
        "booked once"
    );
}

#[tokio::test]
async fn a_key_belongs_to_its_program_and_its_user() {
    let book = Book::new().await;
    let (s, clock) = (book.store(), &book.clock);
    prorata_app::control::add_program(s, clock, &book.admin, "eu", "Europe", "k-eu")
        .await
        .expect("a program");
    let admin_eu = session_of(s, "eu", ADMIN).await;
    let eve = user_with_roles(s, clock, &admin_eu, "eve", &[Role::Officer]).await;

    let main = deals::add_partner(s, clock, &book.officer, "Main partner", "shared-key")
        .await
        .expect("a partner in main");
    let eu = deals::add_partner(s, clock, &eve, "EU partner", "shared-key")
        .await
        .expect("the same key in another program is another key");
    assert_ne!(main.id, eu.id, "eu's officer gets eu's partner, not main's");
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM partners ORDER BY id")
        .fetch_all(s.pool())
        .await
        .expect("names");
    assert_eq!(names, ["Main partner", "EU partner"]);

    // In one program, the same key and request from another user is not theirs to replay.
    let error = deals::add_partner(s, clock, &book.both, "Main partner", "shared-key")
        .await
        .expect_err("another user's key");
    assert_eq!(error.code, Code::Conflict);
    assert!(
        error.message.contains("was already used by another user"),
        "{}",
        error.message
    );
}
