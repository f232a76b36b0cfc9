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
        notation: Notation::Plain,
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

/// A deal of the window's notation, with its partner added first.
async fn window_deal(
    book: &Book,
    partner_rate: &str,
    threshold: Option<&str>,
) -> Result<i64, prorata_app::Error> {
    let (s, o) = (book.store(), &book.officer);
    if deals::list_partners(s, o)
        .await
        .expect("partners")
        .items
        .is_empty()
    {
        deals::add_partner(s, &book.clock, o, "Window partner", &book.key())
            .await
            .expect("a partner");
    }
    let new = NewDeal {
        notation: Notation::Window,
        name: "Window deal",
        currency: "USD",
        partner: "Window partner",
        partner_commission_rate: partner_rate,
        platform_fee_rate: "2",
        circuit_breaker_threshold: threshold,
    };
    deals::create_deal(s, &book.clock, o, new, &book.key())
        .await
        .map(|created| created.id)
}

#[tokio::test]
async fn the_window_gives_rates_as_percentages_read_exactly_and_refused_in_its_words() {
    let book = Book::new().await;
    let refused = window_deal(&book, "0.2", Some("250%"))
        .await
        .expect_err("over 100%");
    assert_eq!(
        refused.message,
        "circuit-breaker threshold: \"250%\" is outside 0-100%"
    );
    let refused = window_deal(&book, "twenty", None)
        .await
        .expect_err("not a percentage");
    assert_eq!(
        refused.message,
        "partner commission rate: \"twenty\" is not a percentage (write e.g. 20 or 20% for twenty percent)"
    );
    let id = window_deal(&book, "20%", Some("25 %"))
        .await
        .expect("created");
    let deal = deals::show_deal(book.store(), &book.officer, &id.to_string())
        .await
        .expect("shown")
        .deal;
    assert_eq!(
        (
            deal.partner_commission_rate.as_str(),
            deal.platform_fee_rate.as_str()
        ),
        ("0.2", "0.02"),
        "stored as the fractions the command line shows"
    );
    assert_eq!(
        (
            deal.partner_commission_percent.as_str(),
            deal.platform_fee_percent.as_str(),
            deal.circuit_breaker_percent.as_str()
        ),
        ("20%", "2%", "25%")
    );
}

#[tokio::test]
async fn the_window_takes_amounts_grouped_in_thousands_and_the_command_line_plain_digits() {
    let book = Book::new().await;
    let (s, o) = (book.store(), &book.officer);
    window_deal(&book, "20", None).await.expect("created");
    deals::add_investor(
        s,
        &book.clock,
        o,
        "Window investor",
        None,
        None,
        &book.key(),
    )
    .await
    .expect("an investor");
    let invest = |amount| NewInvestment {
        notation: Notation::Window,
        deal: "Window deal",
        investor: "Window investor",
        amount,
        date: "2026-11-02",
    };
    let refused = deals::invest(s, &book.clock, o, invest("12,00"), &book.key())
        .await
        .expect_err("a comma out of place");
    assert_eq!(refused.code, Code::Validation);
    assert!(
        refused
            .message
            .starts_with("amount: \"12,00\" has a comma out of place")
    );
    deals::invest(s, &book.clock, o, invest("12,000.50"), &book.key())
        .await
        .expect("invested");
    let deal = deals::show_deal(s, o, "Window deal")
        .await
        .expect("shown")
        .deal;
    assert_eq!(deal.capital, "12000.50");
    let plain = NewInvestment {
        notation: Notation::Plain,
        ..invest("1,000")
    };
    let refused = deals::invest(s, &book.clock, o, plain, &book.key())
        .await
        .expect_err("the command line takes plain digits");
    assert!(
        refused
            .message
            .starts_with("amount: \"1,000\" is not a number"),
        "{}",
        refused.message
    );
}

#[tokio::test]
async fn an_e_mail_given_before_the_data_key_is_unlocked_is_refused_as_locked_with_the_remedy_named()
 {
    let book = Book::new().await;
    let refused = deals::add_investor(
        book.store(),
        &book.clock,
        &book.officer,
        "Amal",
        Some("amal@example.org"),
        None,
        &book.key(),
    )
    .await
    .expect_err("nothing to seal with");
    assert_eq!(
        refused.code,
        Code::Locked,
        "not an internal fault: a step the user can take"
    );
    assert!(
        refused
            .message
            .starts_with("email: sealing it needs the organisation's data key")
            && refused.message.contains("Open sealed fields"),
        "{}",
        refused.message
    );
    let investors = deals::list_investors(book.store(), &book.officer, None)
        .await
        .expect("listed");
    assert!(investors.items.is_empty(), "nothing was added");
}
