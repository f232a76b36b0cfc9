use proptest::prelude::*;

use super::*;
use crate::Currency;

fn inr(text: &str) -> Money {
    Money::parse(text, Currency::from_code("INR").expect("INR")).expect("money")
}

fn rate(text: &str) -> Rate {
    Rate::parse(text).expect("a rate")
}

fn terms(platform: &str) -> SplitTerms {
    SplitTerms {
        gst_rate: rate("0.18"),
        gateway_fee_rate: rate("0.02"),
        gateway_fixed_fee: inr("0"),
        gateway_fee_gst: true,
        platform_fee_rate: rate(platform),
        platform_fee_gst: false,
    }
}

fn community() -> Vec<RoleShare<&'static str>> {
    [
        ("owner", "0.50"),
        ("admin", "0.20"),
        ("moderator", "0.10"),
        ("event", "0.20"),
    ]
    .into_iter()
    .map(|(id, share)| RoleShare {
        id,
        share: rate(share),
    })
    .collect()
}

fn texts(split: &RevenueSplit) -> Vec<String> {
    [
        split.gst,
        split.gateway_fee,
        split.gateway_fee_gst,
        split.platform_fee,
        split.platform_fee_gst,
        split.net,
    ]
    .iter()
    .chain(&split.roles)
    .map(ToString::to_string)
    .collect()
}

#[test]
fn an_event_s_revenue_of_ten_thousand_rupees_splits_to_the_paisa_as_design_says() {
    let split = split_revenue(inr("10000.00"), &terms("0.10"), &community()).expect("split");
    assert_eq!(
        texts(&split),
        [
            "1800.00", "164.00", "29.52", "800.65", "0.00", "7205.83", // steps
            "3602.91", "1441.17", "720.58", "1441.17", // owner, admin, moderator, event
        ]
    );
}

#[test]
fn a_sponsor_s_fifty_thousand_rupees_leave_a_pool_of_35_228_51() {
    let split = split_revenue(inr("50000.00"), &terms("0.12"), &community()).expect("split");
    assert_eq!(split.gst, inr("9000.00"));
    assert_eq!(
        (split.gateway_fee, split.gateway_fee_gst),
        (inr("820.00"), inr("147.60"))
    );
    assert_eq!(split.platform_fee, inr("4803.89"));
    assert_eq!(split.net, inr("35228.51"));
}

#[test]
fn shares_that_do_not_make_100_percent_fees_beyond_the_gross_and_a_zero_gross_are_refused() {
    let mut roles = community();
    roles[0].share = rate("0.49");
    let refused = split_revenue(inr("100.00"), &terms("0.10"), &roles).expect_err("99%");
    assert_eq!(
        refused.to_string(),
        "the roles' shares add up to 99%, not 100%"
    );
    let mut heavy = terms("0.10");
    heavy.gateway_fixed_fee = inr("90.00");
    assert_eq!(
        split_revenue(inr("100.00"), &heavy, &community()),
        Err(RevenueSplitError::FeesBeyondGross)
    );
    assert_eq!(
        split_revenue(inr("0.00"), &terms("0.10"), &community()),
        Err(RevenueSplitError::NotPositive)
    );
}

proptest! {
    /// Whatever the gross and the rates, every step is rounded once and the parts add up to
    /// the gross to the paisa.
    #[test]
    fn every_split_conserves_the_gross(
        gross in 1i64..10_000_000_000,
        gst in 0u32..=30, gateway in 0u32..=10, fixed in 0i64..1_000,
        platform in 0u32..=40, gateway_gst: bool, platform_gst: bool,
        owner in 1u32..=97,
    ) {
        let currency = Currency::from_code("INR").expect("INR");
        let money = |minor: i64| Money::from_minor_units(minor.into(), currency).expect("money");
        let pct = |p: u32| Rate::new(Decimal::new(i64::from(p), 2)).expect("a rate");
        let terms = SplitTerms {
            gst_rate: pct(gst),
            gateway_fee_rate: pct(gateway),
            gateway_fixed_fee: money(fixed),
            gateway_fee_gst: gateway_gst,
            platform_fee_rate: pct(platform),
            platform_fee_gst: platform_gst,
        };
        let roles = vec![
            RoleShare { id: 1, share: pct(owner) },
            RoleShare { id: 2, share: pct(1) },
            RoleShare { id: 3, share: pct(2) },
            RoleShare { id: 4, share: pct(97 - owner) },
        ];
        match split_revenue(money(gross), &terms, &roles) {
            Ok(split) => prop_assert!(split.conserves()),
            Err(e) => prop_assert_eq!(e, RevenueSplitError::FeesBeyondGross),
        }
    }
}
