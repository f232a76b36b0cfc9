//! Deals: closing one, and deals of several currencies in one program.

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
async fn a_program_keeps_usd_and_ngn_deals_side_by_side_each_in_its_own_book() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.seed_deal_in("Generators", "NGN").await;
    // One investor in both: two payables, one per currency.
    book.invest("Generators", "Phones A", "1000", "2026-11-02")
        .await;
    book.posted("Phones", "2026-11-24", "12000").await;
    // NGN capital 11,000; value 13,500: profit 2,500, partner 500, platform 50.
    book.posted("Generators", "2026-11-24", "13500").await;

    let (s, o) = (book.store(), &book.officer);
    let fee = |currency: Option<&str>| {
        let currency = currency.map(|c| prorata_domain::Currency::from_code(c).expect("ISO"));
        async move {
            prorata_app::ledger::account_balance(s, o, "platform:fee_income", currency, None).await
        }
    };
    assert_eq!(fee(Some("USD")).await.expect("USD").balance, "40.00");
    assert_eq!(fee(Some("NGN")).await.expect("NGN").balance, "50.00");
    let ambiguous = fee(None).await.expect_err("two books");
    assert_eq!(ambiguous.code, Code::Validation);
    assert_eq!(
        ambiguous.message,
        "account platform:fee_income is kept in NGN and USD: name the currency"
    );
    let refused = fee(Some("EUR")).await.expect_err("no EUR book");
    assert_eq!(
        refused.message,
        "account platform:fee_income has no EUR book: it is kept in NGN and USD"
    );

    let view = trial_balance(s, o, None).await.expect("a trial balance");
    let fee_lines: Vec<&str> = view
        .accounts
        .iter()
        .filter(|a| a.account == "platform:fee_income")
        .map(|a| a.currency.as_str())
        .collect();
    assert_eq!(fee_lines, ["NGN", "USD"], "each currency apart");
    for currency in ["NGN", "USD"] {
        assert_eq!(view.difference[currency], "0.00", "{view:#?}");
    }
    let report = prorata_app::reconcile::reconcile_ledger(s, o)
        .await
        .expect("a reconciliation");
    assert!(
        report.intact,
        "every book ties in its currency: {report:#?}"
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
