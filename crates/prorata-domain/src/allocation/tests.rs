use super::*;
use crate::Currency;

fn parties(weights: &[(&'static str, &str)]) -> Vec<Weight<&'static str>> {
    weights
        .iter()
        .map(|&(id, weight)| Weight {
            id,
            weight: parse_weight(weight).expect("a valid weight"),
        })
        .collect()
}

fn split(currency: Currency, total: &str, weights: &[(&'static str, &str)]) -> Vec<String> {
    let total = Money::parse(total, currency).expect("a valid total");
    allocate(total, &parties(weights))
        .expect("a valid allocation")
        .iter()
        .map(Money::to_string)
        .collect()
}

#[test]
fn equal_weights_give_the_odd_cent_to_the_smallest_id() {
    let parts = split(
        Currency::USD,
        "100.00",
        &[("B", "1"), ("A", "1"), ("C", "1")],
    );
    assert_eq!(
        parts,
        ["33.33", "33.34", "33.33"],
        "A ranks first on id, wherever it stands"
    );
}

#[test]
fn with_equal_remainders_the_larger_weight_wins_the_unit() {
    // 0.01 by 2:1 over A, B, C with weights 2, 1, 1 gives exact shares 0.005, 0.0025,
    // 0.0025: A's remainder is largest and takes the only cent.
    let parts = split(Currency::USD, "0.01", &[("C", "2"), ("A", "1"), ("B", "1")]);
    assert_eq!(parts, ["0.01", "0.00", "0.00"]);
    // 0.02 by 1:1:2:2: exact shares 0.00333.., 0.00333.., 0.00666.., 0.00666..; the larger
    // remainders are those of the weight-2 parties, so they take the two cents.
    let parts = split(
        Currency::USD,
        "0.02",
        &[("A", "1"), ("B", "1"), ("C", "2"), ("D", "2")],
    );
    assert_eq!(parts, ["0.00", "0.00", "0.01", "0.01"]);
}

#[test]
fn leftover_cents_go_to_the_largest_exact_remainders() {
    // 100 cents by 1 : 2 : 3 : 4 : 5 : 6 (sum 21): floors 4 9 14 19 23 28 leave 3 cents;
    // remainders in 21sts are 16 11 6 1 17 12, so E, A and F take one cent each.
    let parts = split(
        Currency::USD,
        "1.00",
        &[
            ("A", "1"),
            ("B", "2"),
            ("C", "3"),
            ("D", "4"),
            ("E", "5"),
            ("F", "6"),
        ],
    );
    assert_eq!(parts, ["0.05", "0.09", "0.14", "0.19", "0.24", "0.29"]);
}

#[test]
fn zero_weights_get_zero_and_a_zero_total_gives_all_zeros() {
    let parts = split(Currency::USD, "10.00", &[("A", "0"), ("B", "3")]);
    assert_eq!(parts, ["0.00", "10.00"]);
    let parts = split(Currency::USD, "0", &[("A", "1"), ("B", "3")]);
    assert_eq!(
        parts,
        ["0.00", "0.00"],
        "a loss day allocates nothing to anyone"
    );
}

#[test]
fn currencies_without_or_with_three_decimals_allocate_in_their_own_minor_units() {
    assert_eq!(
        split(Currency::JPY, "100", &[("A", "1"), ("B", "2")]),
        ["33", "67"]
    );
    assert_eq!(
        split(Currency::KWD, "1", &[("A", "1"), ("B", "2")]),
        ["0.333", "0.667"]
    );
}

#[test]
fn huge_totals_and_precise_weights_are_exact_beyond_128_bit_products() {
    // 10^17 minor units times a weight scaled to 10^26 overflows u128; the 256-bit path
    // must give the same conservation guarantee.
    let parts = split(
        Currency::USD,
        "999999999999999.99",
        &[
            ("A", "999999999999999.000000000001"),
            ("B", "0.000000000002"),
        ],
    );
    assert_eq!(parts, ["999999999999999.99", "0.00"]);
}

fn allocation_error(total: &str, weights: Vec<Weight<&'static str>>) -> AllocationError {
    let total = Money::parse_signed(total, Currency::USD).expect("a valid total");
    allocate(total, &weights).expect_err("the allocation must be refused")
}

#[test]
fn bad_lists_are_refused_with_the_position_at_fault() {
    assert_eq!(
        allocation_error("1", Vec::new()),
        AllocationError::NoParties
    );
    assert_eq!(
        allocation_error("-1", parties(&[("A", "1")])),
        AllocationError::NegativeTotal
    );
    assert_eq!(
        allocation_error("1", parties(&[("A", "0"), ("B", "0")])),
        AllocationError::ZeroWeightSum
    );
    assert_eq!(
        allocation_error("1", parties(&[("A", "1"), ("B", "1"), ("A", "2")])),
        AllocationError::DuplicateId {
            index: 2,
            first_index: 0
        }
    );
    let negative = vec![
        Weight {
            id: "A",
            weight: Decimal::ONE,
        },
        Weight {
            id: "B",
            weight: Decimal::NEGATIVE_ONE,
        },
    ];
    assert_eq!(
        allocation_error("1", negative),
        AllocationError::NegativeWeight { index: 1 }
    );
}

#[test]
fn weights_that_cannot_share_one_scale_are_refused_not_approximated() {
    let weights = vec![
        Weight {
            id: "A",
            weight: Decimal::MAX,
        },
        Weight {
            id: "B",
            weight: Decimal::new(1, 28),
        },
    ];
    assert_eq!(
        allocation_error("1", weights),
        AllocationError::WeightOutOfRange { index: 0 }
    );
}

#[test]
fn weights_are_read_strictly() {
    assert!(matches!(
        parse_weight("-1"),
        Err(MoneyError::Negative { .. })
    ));
    assert!(matches!(
        parse_weight("one"),
        Err(MoneyError::NotANumber { .. })
    ));
    assert!(matches!(
        parse_weight("0.1234567890123"),
        Err(MoneyError::TooManyDecimals { of: "a weight", .. })
    ));
}
