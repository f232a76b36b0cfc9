//! `units issue | transfer | redeem | holdings`.

use crate::prelude::*;

fn row(investor: &str, units: &str, ownership: &str) -> (String, String, String) {
    (investor.to_owned(), units.to_owned(), ownership.to_owned())
}

#[tokio::test]
async fn issues_transfers_and_redemptions_make_the_holdings_of_each_day() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    use UnitMovementKind::{Issue, Redeem, Transfer};
    moved(&book, movement(Issue, "Phones A", "100", "2026-11-02"))
        .await
        .expect("issued");
    moved(&book, movement(Issue, "Phones B", "50", "2026-11-02"))
        .await
        .expect("issued");
    let transfer = UnitMovement {
        from: Some("Phones A"),
        ..movement(Transfer, "Phones B", "30", "2026-11-10")
    };
    moved(&book, transfer).await.expect("transferred");
    moved(&book, movement(Redeem, "Phones B", "20", "2026-11-20"))
        .await
        .expect("redeemed");
    assert_eq!(
        held(&book, Some("2026-11-05")).await,
        [
            row("Phones A", "100.0000000", "66.6666667%"),
            row("Phones B", "50.0000000", "33.3333333%")
        ]
    );
    assert_eq!(
        held(&book, Some("2026-11-15")).await,
        [
            row("Phones A", "70.0000000", "46.6666667%"),
            row("Phones B", "80.0000000", "53.3333333%")
        ]
    );
    assert_eq!(
        held(&book, None).await,
        [
            row("Phones A", "70.0000000", "53.8461538%"),
            row("Phones B", "60.0000000", "46.1538462%")
        ]
    );
    let view = units::holdings(book.store(), &book.approver, "Phones", None)
        .await
        .expect("holdings");
    assert_eq!(view.total_units, "130.0000000");
    assert!(
        held(&book, Some("2026-11-01")).await.is_empty(),
        "nothing held before the first issue"
    );
    // A dust holding, the register's smallest unit.
    moved(
        &book,
        movement(Issue, "Phones C", "0.0000001", "2026-11-20"),
    )
    .await
    .expect("dust");
    let now = held(&book, None).await;
    assert_eq!(now[2], row("Phones C", "0.0000001", "0.0000001%"));
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "each refusal in turn, then that nothing changed"
)]
async fn a_movement_beyond_a_holding_out_of_order_or_badly_typed_is_refused_and_changes_nothing() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    use UnitMovementKind::{Issue, Redeem, Transfer};
    moved(&book, movement(Issue, "Phones A", "100", "2026-11-10"))
        .await
        .expect("issued");
    let beyond = moved(
        &book,
        movement(Redeem, "Phones A", "100.0000001", "2026-11-11"),
    )
    .await
    .expect_err("beyond");
    assert_eq!(beyond.code, Code::Conflict);
    assert_eq!(
        beyond.message,
        "units: Phones A holds 100.0000000 units of the deal, fewer than the 100.0000001 asked"
    );
    let giver = UnitMovement {
        from: Some("Phones B"),
        ..movement(Transfer, "Phones A", "1", "2026-11-11")
    };
    let nothing = moved(&book, giver).await.expect_err("B holds nothing");
    assert!(
        nothing.message.contains("Phones B holds 0.0000000 units"),
        "{}",
        nothing.message
    );
    let early = moved(&book, movement(Issue, "Phones B", "5", "2026-11-09"))
        .await
        .expect_err("before the latest");
    assert_eq!(early.code, Code::Conflict);
    assert!(
        early.message.contains("last moved on 2026-11-10"),
        "{}",
        early.message
    );
    let to_self = UnitMovement {
        from: Some("Phones A"),
        ..movement(Transfer, "Phones A", "1", "2026-11-11")
    };
    assert!(
        moved(&book, to_self)
            .await
            .expect_err("to itself")
            .message
            .starts_with("to:")
    );
    for (units, why) in [
        ("0", "more than zero"),
        ("0.00000001", "decimals"),
        ("-3", "negative"),
        ("ten", ""),
    ] {
        let bad = moved(&book, movement(Issue, "Phones B", units, "2026-11-11"))
            .await
            .expect_err(units);
        assert_eq!(bad.code, Code::Validation, "{units}");
        assert!(
            bad.message.starts_with("units:") && bad.message.contains(why),
            "{units}: {}",
            bad.message
        );
    }
    let stranger = moved(&book, movement(Issue, "Nobody", "1", "2026-11-11"))
        .await
        .expect_err("unknown");
    assert!(
        stranger
            .message
            .contains("no investor is called or numbered Nobody"),
        "{}",
        stranger.message
    );
    let by_approver = units::move_units(
        book.store(),
        &book.clock,
        &book.approver,
        movement(Issue, "Phones B", "1", "2026-11-11"),
        &book.key(),
    )
    .await
    .expect_err("officers keep the register");
    assert_eq!(by_approver.code, Code::PermissionDenied);
    assert_eq!(
        held(&book, None).await.len(),
        1,
        "only the first issue stands"
    );
}

#[tokio::test]
async fn two_redemptions_of_the_same_units_at_the_same_moment_spend_them_once() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    use UnitMovementKind::{Issue, Redeem};
    moved(&book, movement(Issue, "Phones A", "100", "2026-11-10"))
        .await
        .expect("issued");
    let (k1, k2) = (book.key(), book.key());
    let s = book.store();
    let one = units::move_units(
        s,
        &book.clock,
        &book.officer,
        movement(Redeem, "Phones A", "60", "2026-11-11"),
        &k1,
    );
    let two = units::move_units(
        s,
        &book.clock,
        &book.officer,
        movement(Redeem, "Phones A", "60", "2026-11-11"),
        &k2,
    );
    let (one, two) = tokio::join!(one, two);
    assert_eq!(
        u8::from(one.is_ok()) + u8::from(two.is_ok()),
        1,
        "{one:?} {two:?}"
    );
    let refused = one.err().or(two.err()).expect("one refused");
    assert!(
        refused.message.contains("Phones A holds 40.0000000 units"),
        "{}",
        refused.message
    );
    assert_eq!(held(&book, None).await[0].1, "40.0000000");
}
