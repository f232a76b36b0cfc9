use super::*;
use crate::{Currency, MoneyError};

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).expect("a valid USD amount")
}

fn terms(partner: &str, platform: &str) -> ProfitShareTerms {
    let rate = |text| Rate::parse(text).expect("a valid rate");
    ProfitShareTerms::new(rate(partner), rate(platform)).expect("valid terms")
}

fn seed_investments() -> Vec<Investment<&'static str>> {
    [("A", "2000"), ("B", "4000"), ("C", "4000")]
        .into_iter()
        .map(|(id, amount)| Investment {
            id,
            amount: usd(amount),
        })
        .collect()
}

#[test]
fn the_worked_example_splits_two_thousand_of_profit_exactly() {
    let share = share_profit(
        &terms("0.20", "0.02"),
        usd("10000"),
        usd("12000"),
        &seed_investments(),
    )
    .expect("the seed example shares");
    assert_eq!(share.profit, usd("2000"));
    assert_eq!(share.partner_commission, usd("400"));
    assert_eq!(share.platform_fee, usd("40"));
    assert_eq!(share.investor_pool, usd("1560"));
    assert_eq!(share.new_high_water_mark, usd("12000"));
    assert_eq!(share.shares, [usd("312"), usd("624"), usd("624")]);
}

#[test]
fn a_value_at_or_below_the_mark_distributes_nothing_and_keeps_the_mark() {
    for value in ["10300", "10500"] {
        let share = share_profit(
            &terms("0.20", "0.02"),
            usd("10500"),
            usd(value),
            &seed_investments(),
        )
        .expect("a loss day still computes");
        assert!(share.profit.is_zero(), "no profit at {value}");
        assert_eq!(
            share.new_high_water_mark,
            usd("10500"),
            "the mark never falls"
        );
        assert!(share.shares.iter().all(Money::is_zero));
    }
}

#[test]
fn rates_of_exactly_one_hundred_percent_never_round_past_the_profit() {
    // 0.01 × 0.5 = 0.005 rounds up for both: 0.02 of fees on 0.01 of profit would invent a
    // cent, so the platform takes what the partner left.
    let share = share_profit(
        &terms("0.5", "0.5"),
        usd("100"),
        usd("100.01"),
        &seed_investments(),
    )
    .expect("rates of exactly 100% are allowed");
    assert_eq!(share.partner_commission, usd("0.01"));
    assert_eq!(share.platform_fee, usd("0"));
    assert_eq!(share.investor_pool, usd("0"));
}

#[test]
fn rates_over_one_hundred_percent_together_are_refused() {
    let rate = |text| Rate::parse(text).expect("a valid rate");
    let error = ProfitShareTerms::new(rate("0.80"), rate("0.21")).expect_err("101% is too much");
    assert!(matches!(error, ProfitShareError::RatesExceedWhole { .. }));
    assert!(
        error
            .to_string()
            .contains("(80%) and the platform fee rate (21%) add up to 101%"),
        "the message names the rates and their sum as percentages: {error}"
    );
}

#[test]
fn amounts_in_another_currency_are_refused() {
    let rupees = Money::parse("12000", Currency::INR).expect("an INR amount");
    let error = share_profit(
        &terms("0.2", "0.02"),
        usd("10000"),
        rupees,
        &seed_investments(),
    );
    assert!(matches!(
        error,
        Err(ProfitShareError::ValueCurrencyMismatch { .. })
    ));
    let mut investments = seed_investments();
    investments[1].amount = Money::parse("4000", Currency::INR).expect("an INR amount");
    let error = share_profit(
        &terms("0.2", "0.02"),
        usd("10000"),
        usd("12000"),
        &investments,
    );
    assert!(matches!(
        error,
        Err(ProfitShareError::InvestmentCurrencyMismatch { index: 1, .. })
    ));
}

#[test]
fn a_deal_without_investments_cannot_share_profit() {
    let none: Vec<Investment<&str>> = Vec::new();
    let error = share_profit(&terms("0.2", "0.02"), usd("10000"), usd("12000"), &none);
    assert!(matches!(error, Err(ProfitShareError::Allocation(_))));
}

#[test]
fn a_value_too_far_below_the_mark_to_subtract_is_an_overflow_not_a_panic() {
    let result = Money::parse_signed("-999999999999999.99", Currency::USD)
        .and_then(|low| low.checked_sub(usd("999999999999999.99")));
    assert_eq!(result, Err(MoneyError::Overflow));
}
