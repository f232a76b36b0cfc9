//! The edges: no units outstanding, a single holder, dust holdings, a transfer on the
//! snapshot date, an event in NGN beside USD deals, the register frozen up to a snapshot,
//! a snapshot in the future, cancels and completions.

use crate::prelude::*;

#[tokio::test]
async fn an_event_on_a_deal_with_no_units_outstanding_is_a_clear_error_and_stays_a_draft() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    issue(&book, "Phones", "Phones A", "5", "2026-11-10").await;
    let early = drafted(&book, revenue("Phones", "10.00", "2026-11-09"))
        .await
        .expect("drafted");
    let refused = calculated(&book, early, None)
        .await
        .expect_err("no units then");
    assert_eq!(refused.code, Code::Conflict);
    assert_eq!(
        refused.message,
        "event: no units of the deal are held on 2026-11-09: there is nothing to allocate by"
    );
    assert_eq!(shown(&book, early).await.status.as_str(), "draft");
    let future = calculated(&book, early, Some("2026-11-26"))
        .await
        .expect_err("tomorrow");
    assert!(
        future.message.contains("after today (2026-11-25)"),
        "{}",
        future.message
    );
    let zero = drafted(&book, revenue("Phones", "0.00", "2026-11-20"))
        .await
        .expect_err("zero");
    assert_eq!(zero.code, Code::Validation);
    let mut odd = revenue("Phones", "10.00", "2026-11-20");
    odd.kind = "bonus";
    let kind = drafted(&book, odd).await.expect_err("a type");
    assert!(
        kind.message.contains("revenue, exit, dividend or other"),
        "{}",
        kind.message
    );
}

#[tokio::test]
async fn a_single_holder_gets_everything_and_dust_gets_zero_or_one_minor_unit_by_the_rule() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    issue(&book, "Phones", "Phones A", "0.0000001", "2026-11-10").await;
    let only = active(&book, "Phones", "250.00", "2026-11-10").await;
    let alone: Vec<(String, String)> = shown(&book, only)
        .await
        .allocations
        .into_iter()
        .map(|a| (a.ownership, a.amount))
        .collect();
    assert_eq!(
        alone,
        [("100.0000000%".to_owned(), "250.00".to_owned())],
        "a single holder, however small, gets it all"
    );
    issue(&book, "Phones", "Phones B", "999.9999999", "2026-11-11").await;
    let id = active(&book, "Phones", "100.00", "2026-11-12").await;
    let view = shown(&book, id).await;
    let amounts: Vec<(&str, &str, &str)> = view
        .allocations
        .iter()
        .map(|a| (a.investor.as_str(), a.amount.as_str(), a.status.as_str()))
        .collect();
    assert_eq!(
        amounts,
        [
            ("Phones A", "0.00", "fully_withdrawn"),
            ("Phones B", "100.00", "allocated")
        ],
        "the dust holder's exact share, 0.00001 of a cent, floors to nothing"
    );
    assert_eq!(view.allocations[0].ownership, "0.0000000%");
}

#[tokio::test]
async fn a_transfer_on_the_snapshot_date_counts_and_the_register_is_frozen_up_to_a_calculated_snapshot()
 {
    let book = Book::new().await;
    units_held(&book).await;
    let transfer = UnitMovementKind::Transfer;
    moved(
        &book,
        transfer,
        "Phones",
        "Phones B",
        Some("Phones A"),
        "100",
        "2026-11-20",
    )
    .await
    .expect("transferred on the day");
    let id = drafted(&book, revenue("Phones", "600.00", "2026-11-20"))
        .await
        .expect("drafted");
    calculated(&book, id, None).await.expect("calculated");
    let view = shown(&book, id).await;
    let held: Vec<(&str, &str)> = view
        .allocations
        .iter()
        .map(|a| (a.investor.as_str(), a.amount.as_str()))
        .collect();
    assert_eq!(
        held,
        [("Phones B", "300.00"), ("Phones C", "300.00")],
        "A gave all of theirs on the day"
    );
    let late = moved(
        &book,
        UnitMovementKind::Issue,
        "Phones",
        "Phones A",
        None,
        "5",
        "2026-11-20",
    )
    .await;
    let late = late.expect_err("frozen");
    assert_eq!(late.code, Code::Conflict);
    assert!(
        late.message.contains(&format!(
            "event {id} snapshotted the deal's units on 2026-11-20"
        )),
        "{}",
        late.message
    );
    issue(&book, "Phones", "Phones A", "5", "2026-11-21").await;
    // Cancelled, the snapshot no longer stands in the way of the register.
    events::cancel_event(
        book.store(),
        &book.clock,
        &book.officer,
        id,
        "wrong date",
        &book.key(),
    )
    .await
    .expect("cancelled");
    assert_eq!(
        shown(&book, id).await.cancel_reason.as_deref(),
        Some("wrong date")
    );
}

#[tokio::test]
async fn an_event_in_naira_books_beside_dollar_deals_in_the_same_program() {
    let book = Book::new().await;
    units_held(&book).await;
    book.seed_deal_in("Farms", "NGN").await;
    issue(&book, "Farms", "Farms A", "1", "2026-11-10").await;
    issue(&book, "Farms", "Farms B", "2", "2026-11-10").await;
    let usd = active(&book, "Phones", "60.00", "2026-11-20").await;
    let ngn = active(&book, "Farms", "1000000.00", "2026-11-20").await;
    let view = shown(&book, ngn).await;
    assert_eq!(view.currency, "NGN");
    let amounts: Vec<&str> = view.allocations.iter().map(|a| a.amount.as_str()).collect();
    assert_eq!(amounts, ["333333.33", "666666.67"]);
    assert_eq!(shown(&book, usd).await.currency, "USD");
    let tb = prorata_app::ledger::trial_balance(book.store(), &book.officer, None)
        .await
        .expect("tb");
    assert_eq!(tb.difference.get("NGN").map(String::as_str), Some("0.00"));
    assert_eq!(tb.difference.get("USD").map(String::as_str), Some("0.00"));
}

#[tokio::test]
async fn an_approved_event_cancelled_before_anything_is_drawn_reverses_its_entry_and_a_completion_waits_for_pending_money()
 {
    let book = Book::new().await;
    units_held(&book).await;
    let id = active(&book, "Phones", "600.00", "2026-11-20").await;
    let view = shown(&book, id).await;
    let a = allocation_of(&view, "Phones A");
    let w = request(&book, against("Phones A", "10.00", Some(a)))
        .await
        .expect("requested");
    let complete =
        events::complete_event(book.store(), &book.clock, &book.officer, id, &book.key()).await;
    let complete = complete.expect_err("pending");
    assert!(
        complete
            .message
            .contains(&format!("withdrawal {w} (pending)")),
        "{}",
        complete.message
    );
    payouts::cancel_withdrawal(book.store(), &book.clock, &book.officer, w, &book.key())
        .await
        .expect("withdrawal cancelled");
    assert_eq!(shown(&book, id).await.allocations[0].available, "100.00");
    events::cancel_event(
        book.store(),
        &book.clock,
        &book.officer,
        id,
        "the proceeds were not received",
        &book.key(),
    )
    .await
    .expect("cancelled");
    let deal: i64 = sqlx::query_scalar("SELECT id FROM deals WHERE name = 'Phones'")
        .fetch_one(book.store().pool())
        .await
        .expect("deal");
    assert_eq!(
        book.balance(&format!("deal:{deal}:proceeds_receivable"))
            .await,
        "0.00"
    );
    let after = request(&book, against("Phones A", "1.00", Some(a)))
        .await
        .expect_err("cancelled");
    assert!(
        after.message.contains("which is cancelled"),
        "{}",
        after.message
    );
    // Another one, completed by hand: what is left stays owed, withdrawable as any payable.
    let next = active(&book, "Phones", "6.00", "2026-11-21").await;
    events::complete_event(book.store(), &book.clock, &book.officer, next, &book.key())
        .await
        .expect("completed by hand");
    request(&book, against("Phones A", "1.00", None))
        .await
        .expect("an ordinary withdrawal");
}
