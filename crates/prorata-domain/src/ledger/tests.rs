use super::*;

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).expect("a valid amount")
}

fn leg(account: &str, side: Side, amount: &str) -> Leg {
    Leg {
        account: AccountCode::parse(account).expect("a valid code"),
        side,
        amount: usd(amount),
    }
}

#[test]
fn account_codes_are_a_family_and_parts() {
    for code in [
        "bank:1",
        "investor:42:payable",
        "platform:fee_income",
        "deal:7:profit_receivable",
    ] {
        assert!(AccountCode::parse(code).is_ok(), "{code} is a valid code");
    }
    for code in [
        "", "Bank:1", "bank::1", "bank:1:", ":1", "bank 1", "1bank", "bank:é",
    ] {
        assert!(
            AccountCode::parse(code).is_err(),
            "{code:?} must be refused"
        );
    }
}

#[test]
fn a_balanced_entry_passes_and_an_unbalanced_one_names_the_difference() {
    let legs = [
        leg("bank:1", Side::Debit, "10"),
        leg("investor:1:payable", Side::Credit, "10"),
    ];
    assert_eq!(check_balanced(&legs), Ok(()));
    let legs = [
        leg("bank:1", Side::Debit, "10"),
        leg("investor:1:payable", Side::Credit, "9.99"),
    ];
    assert_eq!(
        check_balanced(&legs),
        Err(LedgerError::Unbalanced {
            currency: Currency::USD,
            difference: "0.01".to_owned()
        })
    );
}

#[test]
fn each_currency_must_balance_on_its_own() {
    let rupees = Money::parse("10", Currency::INR).expect("an INR amount");
    let legs = [
        leg("bank:1", Side::Debit, "10"),
        Leg {
            account: AccountCode::parse("bank:2").expect("a code"),
            side: Side::Credit,
            amount: rupees,
        },
    ];
    assert!(matches!(
        check_balanced(&legs),
        Err(LedgerError::Unbalanced { .. })
    ));
}

#[test]
fn too_few_legs_or_a_zero_amount_is_refused() {
    assert_eq!(
        check_balanced(&[leg("bank:1", Side::Debit, "1")]),
        Err(LedgerError::TooFewLegs(1))
    );
    let legs = [
        leg("bank:1", Side::Debit, "0"),
        leg("bank:2", Side::Credit, "0"),
    ];
    assert_eq!(
        check_balanced(&legs),
        Err(LedgerError::NonPositiveAmount { index: 0 })
    );
}

#[test]
fn available_is_the_posted_balance_less_what_holds_reserve() {
    let mut payable = BalanceTotals::default();
    payable
        .add(Side::Credit, Phase::Posted, 1_000)
        .expect("fits");
    payable.add(Side::Debit, Phase::Pending, 600).expect("fits");
    payable.add(Side::Credit, Phase::Pending, 50).expect("fits");
    assert_eq!(payable.balance_minor(Side::Credit), 1_000);
    assert_eq!(
        payable.pending_minor(Side::Credit),
        600,
        "only outflows are reserved"
    );
    assert_eq!(payable.available_minor(Side::Credit), 400);
}
