//! `affiliate add | tree | show | rates` and `sale record`: the direct commission to the
//! referring affiliate, the override to its parent (two levels only), rates versioned by day,
//! replays once, bad input changing nothing, and PostgreSQL's half as the application's role.

use prorata_app::affiliates::NewAffiliate;
use prorata_app::input::Notation;

use crate::prelude::*;

#[tokio::test]
async fn a_sale_pays_its_affiliate_the_direct_rate_and_only_its_parent_the_override() {
    let book = downline().await;
    sale(&book, "BEN-2", "199.90", "s-1")
        .await
        .expect("Ben's sale");
    sale(&book, "CY-1", "100.00", "s-2")
        .await
        .expect("Cy's sale");
    sale(&book, "ana", "50.00", "s-3")
        .await
        .expect("Ana's sale");
    let again = sale(&book, "CY-1", "100.00", "s-2")
        .await
        .expect("replayed");
    assert_eq!(again, 2, "the same sale");
    let tree = affiliates::affiliate_tree(book.store(), &book.officer, None)
        .await
        .expect("the tree");
    let lines: Vec<String> = tree
        .items
        .iter()
        .map(|n| {
            format!(
                "{} {} {} {} {} {}",
                n.depth, n.code, n.sales, n.sales_amount, n.direct_earned, n.override_earned
            )
        })
        .collect();
    // Cy's sale earns Ben the override, not Ana: two levels.
    assert_eq!(
        lines,
        [
            "0 ANA 1 50.00 5.00 5.00",
            "1 BEN-2 1 199.90 19.99 2.50",
            "2 CY-1 1 100.00 10.00 0.00",
        ]
    );
    let ben = affiliates::show_affiliate(book.store(), &book.officer, "Ben")
        .await
        .expect("Ben");
    assert_eq!(
        (ben.payable.as_str(), ben.available.as_str()),
        ("22.49", "22.49")
    );
    assert_eq!(
        ben.children
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Cy"]
    );
    let history: Vec<String> = ben
        .commissions
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {}",
                c.kind, c.brought_by, c.rate, c.sale_amount, c.amount
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            "override Cy 0.025 100.00 2.50",
            "direct Ben 0.1 199.90 19.99"
        ]
    );
    assert_eq!(book.balance("program:commission_expense").await, "42.49");
    book.ledger_ties().await;
}

#[tokio::test]
async fn rates_set_for_a_later_day_leave_todays_sales_at_todays_rates() {
    let book = downline().await;
    affiliates::set_affiliate_rates(
        book.store(),
        &book.clock,
        &book.admin,
        ("0.20", "0.05"),
        Some("2026-11-27"),
        Notation::Plain,
        &book.key(),
    )
    .await
    .expect("the later rates");
    sale(&book, "BEN-2", "100.00", "today")
        .await
        .expect("today's");
    book.clock.advance(chrono::Duration::days(3));
    sale(&book, "BEN-2", "100.00", "later")
        .await
        .expect("later");
    let ben = affiliates::show_affiliate(book.store(), &book.officer, "BEN-2")
        .await
        .expect("Ben");
    let earned: Vec<&str> = ben.commissions.iter().map(|c| c.amount.as_str()).collect();
    assert_eq!(earned, ["20.00", "10.00"], "the newest first");
    let versions = affiliates::list_affiliate_rates(book.store(), &book.officer)
        .await
        .expect("listed");
    assert_eq!(versions.items.len(), 2);
    book.ledger_ties().await;
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "each refusal beside the next, read whole"
)]
async fn bad_input_and_the_wrong_people_are_refused_by_name_and_change_nothing() {
    let book = Book::new().await;
    let early = sale(&book, "ANY", "10.00", &book.key())
        .await
        .expect_err("no affiliate");
    assert_eq!(
        early.message,
        "affiliate: no affiliate is named or coded ANY"
    );
    add(&book, "Ana", None, Some("ANA")).await.expect("Ana");
    let no_rates = sale(&book, "ANA", "10.00", &book.key())
        .await
        .expect_err("no rates");
    assert_eq!(no_rates.code, Code::Conflict);
    assert!(
        no_rates
            .message
            .starts_with("rates: no affiliate rates are in effect on 2026-11-25"),
        "{}",
        no_rates.message
    );
    let by_officer = affiliates::set_affiliate_rates(
        book.store(),
        &book.clock,
        &book.officer,
        ("0.1", "0.02"),
        None,
        Notation::Plain,
        &book.key(),
    )
    .await
    .expect_err("an officer does not set rates");
    assert_eq!(by_officer.code, Code::PermissionDenied);
    let above = affiliates::set_affiliate_rates(
        book.store(),
        &book.clock,
        &book.admin,
        ("0.8", "0.3"),
        None,
        Notation::Plain,
        &book.key(),
    )
    .await
    .expect_err("more than the sale");
    assert_eq!(
        above.message,
        "rate: the direct rate 0.8 and the override rate 0.3 add up to more than the sale"
    );
    rates(&book).await;
    for (result, says) in [
        (
            add(&book, "Bo", Some("ANA"), Some("ana")).await,
            "code: ANA is already Ana's referral code",
        ),
        (
            add(&book, "Bo", Some("ANA"), Some("a b")).await,
            "code: \"a b\" is not a referral code",
        ),
        (
            add(&book, "Bo", Some("ZED"), None).await,
            "parent: no affiliate is named or coded ZED",
        ),
    ] {
        let error = result.expect_err(says);
        assert!(error.message.starts_with(says), "{}", error.message);
    }
    let euro = NewAffiliate {
        name: "Eve",
        code: None,
        parent: Some("ANA"),
        currency: Some("EUR"),
    };
    let error =
        affiliates::add_affiliate(book.store(), &book.clock, &book.officer, euro, &book.key())
            .await
            .expect_err("another currency");
    assert_eq!(
        error.message,
        "currency: EUR is not Ana's USD: a child earns in its parent's currency"
    );
    for (amount, says) in [
        ("0", "amount: a sale is more than zero"),
        ("1.234", "amount: \"1.234\" has more decimals"),
    ] {
        let error = sale(&book, "ANA", amount, &book.key())
            .await
            .expect_err(says);
        assert!(error.message.starts_with(says), "{}", error.message);
    }
    let tree = affiliates::affiliate_tree(book.store(), &book.officer, None)
        .await
        .expect("tree");
    assert_eq!(
        tree.items
            .iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>(),
        ["Ana"]
    );
    assert_eq!(tree.items[0].sales, 0, "no sale was recorded");
    book.ledger_ties().await;
}

#[tokio::test]
async fn postgresql_refuses_forged_commissions_rates_and_a_stranger_as_the_app_role() {
    let book = downline().await;
    sale(&book, "BEN-2", "100.00", "s-1").await.expect("a sale");
    // A withdrawal's hold: an entry of the program no sale booked, to forge a sale with.
    withdraw_from(&book, "affiliate:2:payable", "1.00").await;
    let forged = |direct: u32, over: u32, parent: &str| {
        format!(
            "INSERT INTO affiliate_sales (program_id, affiliate_id, currency, amount_minor, sold_on, rates_id,
                 direct_rate, override_rate, direct_minor, override_affiliate_id, override_minor, entry_id,
                 recorded_by, recorded_at)
             SELECT 1, 2, 'USD', 10000, '2026-11-25', 1, 0.10, 0.025, {direct}, {parent}, {over},
                    (SELECT max(id) FROM ledger_entries WHERE id NOT IN (SELECT entry_id FROM affiliate_sales)
                       AND program_id = 1), 'olga', now()"
        )
    };
    for (sql, says) in [
        (forged(900, 250, "1"), "its direct commission 900 is not 0.10 of 10000"),
        (forged(1000, 250, "3"), "its override does not go to the affiliate's parent"),
        (forged(1000, 300, "1"), "its override 300 is not 0.025 of 10000"),
        (
            "INSERT INTO affiliate_rates (program_id, direct_rate, override_rate, effective_from, set_by, set_at)
             VALUES (1, 0.1, 0.01, '2026-12-01', 'olga', now())".to_owned(),
            "olga is not a user holding {admin}",
        ),
        (
            "INSERT INTO affiliate_rates (program_id, direct_rate, override_rate, effective_from, set_by, set_at)
             VALUES (1, 0.9, 0.2, '2026-12-01', 'ada', now())".to_owned(),
            "affiliate_rates_within_the_sale",
        ),
        ("UPDATE affiliate_sales SET direct_minor = 1".to_owned(), "permission denied"),
        ("DELETE FROM affiliates WHERE name = 'Cy'".to_owned(), "permission denied"),
        (
            "INSERT INTO affiliates (program_id, name, parent_id, currency, added_by, added_at)
             VALUES (1, 'Zed', 1, 'EUR', 'olga', now())".to_owned(),
            "affiliates_program_id_parent_id_currency_fkey",
        ),
    ] {
        let message = book.refused(&sql).await;
        assert!(message.contains(says), "{sql}: {message}");
    }
}
