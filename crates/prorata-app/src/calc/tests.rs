use super::*;
use crate::Code;

fn seed() -> ProfitShareRequest {
    let line = |id: &str, amount: &str| InvestmentLine {
        id: id.to_owned(),
        amount: amount.to_owned(),
    };
    ProfitShareRequest {
        currency: "USD".to_owned(),
        partner_commission_rate: "0.20".to_owned(),
        platform_fee_rate: "0.02".to_owned(),
        high_water_mark: "10000.00".to_owned(),
        current_value: "12000.00".to_owned(),
        investments: vec![
            line("A", "2000.00"),
            line("B", "4000.00"),
            line("C", "4000.00"),
        ],
    }
}

fn refused(request: ProfitShareRequest) -> String {
    let error = share_deal_profit(&request).expect_err("the request must be refused");
    assert_eq!(
        error.code,
        Code::Validation,
        "bad input is a validation error: {error}"
    );
    error.message
}

#[test]
fn the_seed_example_gives_312_624_624() {
    let response = share_deal_profit(&seed()).expect("the seed example computes");
    let amounts: Vec<(&str, &str)> = response
        .shares
        .iter()
        .map(|line| (line.id.as_str(), line.amount.as_str()))
        .collect();
    assert_eq!(amounts, [("A", "312.00"), ("B", "624.00"), ("C", "624.00")]);
    assert_eq!(response.investor_pool, "1560.00");
}

/// A change that makes a valid request invalid.
type Spoil = fn(&mut ProfitShareRequest);

#[test]
fn each_bad_field_is_named_in_the_error() {
    let cases: Vec<(Spoil, &str)> = vec![
        (
            |r| r.currency = "XYZ".into(),
            "currency: \"XYZ\" is not a currency",
        ),
        (
            |r| r.current_value = "12,000".into(),
            "current_value: \"12,000\" is not a number",
        ),
        (
            |r| r.high_water_mark = "1.001".into(),
            "high_water_mark: \"1.001\" has more decimals than USD allows (at most 2)",
        ),
        (
            |r| r.investments[1].amount = "-4000".into(),
            "investments[1].amount: \"-4000\" is negative",
        ),
        (
            |r| r.current_value = "1000000000000000".into(),
            "current_value: \"1000000000000000\" is too large",
        ),
        (
            |r| r.partner_commission_rate = "1.2".into(),
            "partner_commission_rate: rate \"1.2\" is outside 0-100%",
        ),
        (
            |r| r.platform_fee_rate = "0.81".into(),
            "partner_commission_rate + platform_fee_rate: the partner commission rate (20%) and the platform fee rate (81%) add up to 101%",
        ),
        (
            |r| r.investments[2].id = "A".into(),
            "investments[2].id: \"A\" already appears at investments[0]",
        ),
        (
            |r| r.investments[0].id = " ".into(),
            "investments[0].id: must not be empty",
        ),
        (|r| r.investments.clear(), "investments: the list is empty"),
        (
            |r| r.investments.iter_mut().for_each(|i| i.amount = "0".into()),
            "investments: every amount is zero",
        ),
    ];
    for (spoil, expected) in cases {
        let mut request = seed();
        spoil(&mut request);
        let message = refused(request);
        assert!(
            message.starts_with(expected),
            "expected {expected:?}, got {message:?}"
        );
    }
}

#[test]
fn an_allocation_names_its_bad_lines_too() {
    let request = |weights: &[(&str, &str)]| AllocateRequest {
        currency: "INR".to_owned(),
        total: "100.00".to_owned(),
        weights: weights
            .iter()
            .map(|(id, weight)| WeightLine {
                id: (*id).to_owned(),
                weight: (*weight).to_owned(),
            })
            .collect(),
    };
    let message = |weights: &[(&str, &str)]| {
        allocate_total(&request(weights))
            .expect_err("must be refused")
            .message
    };
    assert!(
        message(&[("a", "1"), ("b", "x")]).starts_with("weights[1].weight: \"x\" is not a number")
    );
    assert!(message(&[("a", "-1")]).starts_with("weights[0].weight: \"-1\" is negative"));
    assert!(message(&[]).starts_with("weights: the list is empty"));
    let response = allocate_total(&request(&[("a", "1"), ("b", "1"), ("c", "1")]))
        .expect("a valid allocation");
    let amounts: Vec<&str> = response
        .allocations
        .iter()
        .map(|l| l.amount.as_str())
        .collect();
    assert_eq!(amounts, ["33.34", "33.33", "33.33"]);
}

#[test]
fn a_json_number_for_an_amount_is_refused_with_its_path() {
    let text = r#"{"currency":"USD","total":"1","weights":[{"id":"a","weight":0.5}]}"#;
    let error = crate::json::from_str::<AllocateRequest>(text).expect_err("numbers are refused");
    assert!(
        error.message.starts_with("weights[0].weight: invalid type"),
        "{}",
        error.message
    );
    let text = r#"{"currency":"USD","total":"1","weights":[],"rounding":"down"}"#;
    let error = crate::json::from_str::<AllocateRequest>(text).expect_err("unknown fields too");
    assert!(
        error.message.contains("unknown field `rounding`"),
        "{}",
        error.message
    );
}
