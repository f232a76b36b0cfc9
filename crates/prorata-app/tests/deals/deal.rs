//! Deals: closing one, and one currency per program.

use crate::prelude::*;

#[tokio::test]
async fn a_closed_deal_takes_no_capital_and_the_daily_run_passes_it_by() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    deals::close_deal(
        book.store(),
        &book.clock,
        &book.officer,
        "Phones",
        &book.key(),
    )
    .await
    .expect("closed");
    let again = deals::close_deal(
        book.store(),
        &book.clock,
        &book.officer,
        "Phones",
        &book.key(),
    )
    .await
    .expect_err("closed twice");
    assert_eq!(again.code, Code::Conflict);
    let new = NewInvestment {
        deal: "Phones",
        investor: "Phones A",
        amount: "100",
        date: "2026-11-25",
    };
    let refused = deals::invest(book.store(), &book.clock, &book.officer, new, &book.key())
        .await
        .expect_err("no new capital");
    assert_eq!(refused.code, Code::Conflict);
    let report = run_daily(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11-24",
        &book.key(),
        &mut |_, _| {},
    )
    .await
    .expect("ran");
    assert!(
        report.prepared.is_empty() && report.deals == 0,
        "only active deals are run: {report:?}"
    );
}

#[tokio::test]
async fn a_program_keeps_its_deals_in_one_currency() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let euro = NewDeal {
        name: "Bikes",
        currency: "EUR",
        partner: "Phones partner",
        partner_commission_rate: "0.20",
        platform_fee_rate: "0.02",
        circuit_breaker_threshold: None,
    };
    let refused = deals::create_deal(book.store(), &book.clock, &book.officer, euro, &book.key())
        .await
        .expect_err("a second currency");
    assert_eq!(refused.code, Code::Validation);
    assert_eq!(
        refused.message,
        "currency: program main keeps its deals in USD; a EUR deal belongs in a program of its own"
    );
}

#[tokio::test]
async fn a_name_of_digits_only_is_refused_so_a_number_always_means_an_id() {
    let book = Book::new().await;
    let (s, clock) = (book.store(), &book.clock);
    let error = deals::add_partner(s, clock, &book.officer, "12", &book.key())
        .await
        .expect_err("digits read as an id");
    assert_eq!(error.code, Code::Validation);
    assert!(
        error.message.contains("reads as an id"),
        "{}",
        error.message
    );
    let refused = s
        .pool()
        .execute("INSERT INTO investors (program_id, name, created_by, created_at) VALUES (1, '7', 'olga', now())")
        .await
        .expect_err("PostgreSQL refuses it too");
    assert!(
        refused.to_string().contains("investors_name_is_not_an_id"),
        "{refused}"
    );
}
