//! Property tests: allocation and profit sharing conserve every minor unit, stay within one
//! minor unit of the exact share, follow the tie-break rule, and ignore input order.

use std::collections::HashMap;

use ethnum::U256;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use prorata_domain::profit_share::Investment;
use prorata_domain::{Currency, Money, ProfitShareTerms, Rate, Weight, allocate, share_profit};
use rust_decimal::Decimal;

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(Currency::TABLE)
}

/// Totals from nothing to the largest amount, with small ones common (where leftovers and
/// ties are most frequent).
fn total_in(currency: Currency) -> impl Strategy<Value = Money> {
    let largest = 10i128.pow(15 + currency.minor_unit_scale()) - 1;
    prop_oneof![0i128..=100, 0i128..=1_000_000, 0..=largest]
        .prop_map(move |minor| Money::from_minor_units(minor, currency).expect("in bounds"))
}

/// Weights of mixed scales (whole numbers, cents, token units), some zero, some equal.
fn weights() -> impl Strategy<Value = Vec<Weight<String>>> {
    let weight = prop_oneof![
        Just(Decimal::ZERO),
        (1i64..=5).prop_map(Decimal::from),
        (0i64..=10_000_000_000, 0u32..=7).prop_map(|(m, s)| Decimal::new(m, s)),
    ];
    prop::collection::vec(weight, 1..40)
        .prop_filter("some weight must be positive", |ws| {
            ws.iter().any(|w| !w.is_zero())
        })
        .prop_map(|ws| {
            ws.into_iter()
                .enumerate()
                .map(|(i, weight)| Weight {
                    id: format!("party-{i:02}"),
                    weight,
                })
                .collect()
        })
}

fn scaled(weights: &[Weight<String>]) -> Vec<U256> {
    let scale = weights.iter().map(|w| w.weight.scale()).max().unwrap_or(0);
    weights
        .iter()
        .map(|w| {
            let factor = U256::from(10u32).pow(scale - w.weight.scale());
            U256::from(w.weight.mantissa().unsigned_abs()) * factor
        })
        .collect()
}

/// A plain reference: exact shares in 256 bits, a full sort by the rule, one unit each.
fn reference_allocation(total: Money, weights: &[Weight<String>]) -> Vec<i128> {
    let ws = scaled(weights);
    let sum: U256 = ws.iter().copied().sum();
    let total_minor = U256::from(total.minor_units().unsigned_abs());
    let floors: Vec<U256> = ws.iter().map(|&w| total_minor * w / sum).collect();
    let remainders: Vec<U256> = ws.iter().map(|&w| total_minor * w % sum).collect();
    let leftover = (total_minor - floors.iter().copied().sum::<U256>()).as_usize();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        remainders[b]
            .cmp(&remainders[a])
            .then(ws[b].cmp(&ws[a]))
            .then(weights[a].id.cmp(&weights[b].id))
    });
    let mut parts: Vec<i128> = floors.iter().map(|f| f.as_i128()).collect();
    for &index in &order[..leftover] {
        parts[index] += 1;
    }
    parts
}

/// Two rates in basis points that add up to at most 100%, often exactly 100%.
fn rates_within_the_whole() -> impl Strategy<Value = (u32, u32)> {
    (0u32..=10_000).prop_flat_map(|partner| {
        let rest = 10_000 - partner;
        (Just(partner), prop_oneof![Just(rest), 0..=rest])
    })
}

fn case() -> impl Strategy<Value = (Money, Vec<Weight<String>>)> {
    currency().prop_flat_map(|c| (total_in(c), weights()))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2_000,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/properties.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_parts_add_up_to_the_total_exactly((total, weights) in case()) {
        let parts = allocate(total, &weights).expect("a valid allocation");
        let sum: i128 = parts.iter().map(Money::minor_units).sum();
        prop_assert_eq!(sum, total.minor_units(), "no minor unit may be lost or invented");
        prop_assert!(parts.iter().all(|p| p.currency() == total.currency()));
    }

    #[test]
    fn no_part_is_a_minor_unit_or_more_from_its_exact_share((total, weights) in case()) {
        let parts = allocate(total, &weights).expect("a valid allocation");
        let ws = scaled(&weights);
        let sum: U256 = ws.iter().copied().sum();
        let total_minor = U256::from(total.minor_units().unsigned_abs());
        for (part, &w) in parts.iter().zip(&ws) {
            // |part − total·w/sum| < 1  ⇔  |part·sum − total·w| < sum.
            let scaled_part = U256::from(part.minor_units().unsigned_abs()) * sum;
            let exact = total_minor * w;
            let distance = if scaled_part > exact { scaled_part - exact } else { exact - scaled_part };
            prop_assert!(distance < sum, "{} is a minor unit or more from its share", part);
        }
    }

    #[test]
    fn leftover_units_follow_remainder_then_weight_then_id((total, weights) in case()) {
        let parts: Vec<i128> = allocate(total, &weights)
            .expect("a valid allocation")
            .iter()
            .map(Money::minor_units)
            .collect();
        prop_assert_eq!(parts, reference_allocation(total, &weights));
    }

    #[test]
    fn the_result_does_not_depend_on_the_input_order(
        (total, weights, shuffled) in case().prop_flat_map(|(total, weights)| {
            let shuffled = Just(weights.clone()).prop_shuffle();
            (Just(total), Just(weights), shuffled)
        })
    ) {
        let by_id = |ws: &[Weight<String>]| -> HashMap<String, Money> {
            let parts = allocate(total, ws).expect("a valid allocation");
            ws.iter().map(|w| w.id.clone()).zip(parts).collect()
        };
        prop_assert_eq!(by_id(&weights), by_id(&shuffled));
    }

    #[test]
    fn the_profit_waterfall_conserves_every_cent(
        currency in currency(),
        (partner_bp, platform_bp) in rates_within_the_whole(),
        mark_minor in 0i128..=1_000_000_000,
        gain_minor in -1_000_000i128..=1_000_000_000,
        amounts in prop::collection::vec(0i128..=1_000_000_000, 1..20),
    ) {
        prop_assume!(amounts.iter().any(|&a| a > 0));
        prop_assume!(mark_minor + gain_minor >= 0);
        let money = |minor| Money::from_minor_units(minor, currency).expect("in bounds");
        let rate = |bp: u32| Rate::new(Decimal::new(i64::from(bp), 4)).expect("a valid rate");
        let terms = ProfitShareTerms::new(rate(partner_bp), rate(platform_bp)).expect("valid terms");
        let investments: Vec<Investment<usize>> = amounts
            .iter()
            .enumerate()
            .map(|(id, &minor)| Investment { id, amount: money(minor) })
            .collect();
        let share = share_profit(&terms, money(mark_minor), money(mark_minor + gain_minor), &investments)
            .expect("a valid profit share");

        prop_assert_eq!(share.profit.minor_units(), gain_minor.max(0));
        let parts = share.partner_commission.minor_units()
            + share.platform_fee.minor_units()
            + share.investor_pool.minor_units();
        prop_assert_eq!(parts, share.profit.minor_units(), "the waterfall must add up");
        let pool: i128 = share.shares.iter().map(Money::minor_units).sum();
        prop_assert_eq!(pool, share.investor_pool.minor_units(), "the pool must add up");
        prop_assert!(!share.investor_pool.is_negative());
        prop_assert_eq!(
            share.new_high_water_mark.minor_units(),
            mark_minor.max(mark_minor + gain_minor),
            "the mark only rises"
        );
    }
}
