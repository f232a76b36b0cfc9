use chrono::NaiveDate;

use super::*;
use crate::Currency;

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).expect("a USD amount")
}

fn rate(text: &str) -> Rate {
    Rate::parse(text).expect("a rate")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

#[test]
fn a_move_of_exactly_the_threshold_passes_and_one_cent_more_is_flagged() {
    let threshold = rate("0.25");
    let at = movement(usd("10000"), usd("12500"), threshold).expect("same currency");
    assert!(!at.flagged, "25% is not more than 25%");
    assert_eq!(at.change_ratio, Some(Decimal::new(25, 2)));
    let beyond = movement(usd("10000"), usd("12500.01"), threshold).expect("same currency");
    assert!(beyond.flagged, "one cent past 25% trips the breaker");
}

#[test]
fn a_fall_beyond_the_threshold_is_flagged_like_a_rise() {
    let fall = movement(usd("10000"), usd("7000"), rate("0.25")).expect("same currency");
    assert!(fall.flagged);
    assert_eq!(fall.change_ratio, Some(Decimal::new(-3, 1)));
}

#[test]
fn any_move_from_zero_is_flagged_because_it_has_no_proportion() {
    let from_zero = movement(usd("0"), usd("1"), rate("0.25")).expect("same currency");
    assert_eq!(
        from_zero,
        Movement {
            change_ratio: None,
            flagged: true
        }
    );
    let still_zero = movement(usd("0"), usd("0"), rate("0.25")).expect("same currency");
    assert!(!still_zero.flagged);
}

#[test]
fn the_breaker_refuses_to_compare_two_currencies() {
    let eur = Money::parse("1", Currency::EUR).expect("an amount");
    assert!(matches!(
        movement(usd("1"), eur, rate("0.25")),
        Err(DealError::CurrencyMismatch { .. })
    ));
}

#[test]
fn business_days_between_skip_weekends_and_count_only_the_days_strictly_between() {
    // 2026-11-20 is a Friday.
    assert_eq!(
        business_days_between(day("2026-11-20"), day("2026-11-23")),
        0,
        "Friday to Monday misses nothing"
    );
    assert_eq!(
        business_days_between(day("2026-11-23"), day("2026-11-24")),
        0,
        "consecutive days"
    );
    assert_eq!(
        business_days_between(day("2026-11-23"), day("2026-11-25")),
        1,
        "Tuesday was missed"
    );
    assert_eq!(
        business_days_between(day("2026-11-20"), day("2026-11-25")),
        2,
        "Monday and Tuesday"
    );
    assert_eq!(
        business_days_between(day("2026-11-25"), day("2026-11-20")),
        0,
        "backwards is no gap"
    );
}

#[test]
fn the_first_mark_is_the_capital_invested_up_to_the_date() {
    let capital = [
        CapitalIn {
            date: day("2026-11-01"),
            amount: usd("2000"),
        },
        CapitalIn {
            date: day("2026-11-02"),
            amount: usd("8000"),
        },
        CapitalIn {
            date: day("2026-11-30"),
            amount: usd("5000"),
        },
    ];
    let mark =
        high_water_mark_on(Currency::USD, None, &capital, day("2026-11-20")).expect("a mark");
    assert_eq!(
        mark,
        usd("10000"),
        "capital added after the date does not count yet"
    );
}

#[test]
fn after_a_distribution_only_capital_added_since_raises_the_mark() {
    let capital = [
        CapitalIn {
            date: day("2026-11-01"),
            amount: usd("10000"),
        },
        CapitalIn {
            date: day("2026-11-24"),
            amount: usd("999"),
        },
        CapitalIn {
            date: day("2026-11-25"),
            amount: usd("5000"),
        },
    ];
    let last = Some(MarkAfter {
        date: day("2026-11-24"),
        mark: usd("12000"),
    });
    let mark =
        high_water_mark_on(Currency::USD, last, &capital, day("2026-11-25")).expect("a mark");
    assert_eq!(
        mark,
        usd("17000"),
        "the 999 of the 24th was already in the 24th's mark"
    );
}

#[test]
fn a_mark_from_the_same_day_or_later_is_refused() {
    let last = Some(MarkAfter {
        date: day("2026-11-25"),
        mark: usd("12000"),
    });
    assert!(matches!(
        high_water_mark_on(Currency::USD, last, &[], day("2026-11-25")),
        Err(DealError::MarkAfterDate { .. })
    ));
}

#[test]
fn a_distribution_moves_forward_only_and_a_posted_one_never_changes() {
    use DistributionAction as A;
    use DistributionStatus as S;
    assert_eq!(S::Prepared.after(A::Approve), Ok(S::Approved));
    assert_eq!(S::Approved.after(A::Post), Ok(S::Posted));
    assert_eq!(S::Prepared.after(A::Cancel), Ok(S::Cancelled));
    assert_eq!(S::Approved.after(A::Cancel), Ok(S::Cancelled));
    for (from, action) in [
        (S::Prepared, A::Post),
        (S::Approved, A::Approve),
        (S::Posted, A::Cancel),
        (S::Posted, A::Approve),
        (S::Cancelled, A::Approve),
        (S::Cancelled, A::Post),
    ] {
        assert!(from.after(action).is_err(), "{from:?} may not {action:?}");
    }
    assert_eq!(
        S::Posted.after(A::Cancel).expect_err("refused").to_string(),
        "a posted distribution cannot be cancelled"
    );
}

#[test]
fn a_threshold_of_zero_is_refused_and_the_default_is_a_quarter() {
    assert_eq!(check_threshold(Rate::ZERO), Err(DealError::ZeroThreshold));
    assert_eq!(default_circuit_breaker_threshold(), rate("0.25"));
}

mod properties {
    use chrono::{Days, NaiveDate};
    use proptest::prelude::*;

    use super::super::*;
    use crate::{Currency, Investment, ProfitShareTerms, Rate, share_profit};

    fn cents(minor: i64) -> Money {
        Money::from_minor_units(i128::from(minor), Currency::USD).expect("in range")
    }

    /// A deal's life, in cents: capital at the start, then each day a value and maybe new
    /// capital.
    fn days() -> impl Strategy<Value = (i64, Vec<(i64, Option<i64>)>)> {
        (
            100_000_i64..100_000_000,
            prop::collection::vec(
                (
                    0_i64..200_000_000,
                    prop::option::weighted(0.2, 100_i64..50_000_000),
                ),
                1..40,
            ),
        )
    }

    proptest! {
        /// Day after day, the mark never falls, profit is only ever what lies above it, every
        /// split adds up, and all the profit distributed is exactly the last mark less the
        /// capital: no value is counted twice and new money is never profit.
        #[test]
        fn the_high_water_mark_counts_each_gain_once_and_never_new_money((start, life) in days()) {
            let first = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
            let terms = ProfitShareTerms::new(Rate::parse("0.2").expect("a rate"), Rate::parse("0.02").expect("a rate"))
                .expect("terms");
            let mut capital = vec![CapitalIn { date: first, amount: cents(start) }];
            let mut last: Option<MarkAfter> = None;
            let mut previous_mark = 0i128;
            let mut distributed = 0i128;
            for (n, (value_minor, added)) in life.iter().enumerate() {
                let day = first.checked_add_days(Days::new(n as u64 + 1)).expect("a date");
                if let Some(added) = added {
                    capital.push(CapitalIn { date: day, amount: cents(*added) });
                }
                let mark = high_water_mark_on(Currency::USD, last, &capital, day).expect("a mark");
                prop_assert!(mark.minor_units() >= previous_mark, "the mark never falls: {mark} after {previous_mark}");
                let investments: Vec<Investment<usize>> = capital
                    .iter()
                    .enumerate()
                    .map(|(id, c)| Investment { id, amount: c.amount })
                    .collect();
                let share = share_profit(&terms, mark, cents(*value_minor), &investments).expect("a share");
                let parts = share.partner_commission.minor_units() + share.platform_fee.minor_units()
                    + share.shares.iter().map(|s| s.minor_units()).sum::<i128>();
                prop_assert_eq!(parts, share.profit.minor_units(), "every split adds up");
                if share.profit.is_zero() {
                    prop_assert!(i128::from(*value_minor) <= mark.minor_units(), "no profit only at or below the mark");
                } else {
                    prop_assert_eq!(share.profit.minor_units(), i128::from(*value_minor) - mark.minor_units());
                    distributed += share.profit.minor_units();
                    last = Some(MarkAfter { date: day, mark: cents(*value_minor) });
                }
                previous_mark = share.new_high_water_mark.minor_units().max(mark.minor_units());
            }
            if let Some(last) = last {
                let invested: i128 = capital.iter().filter(|c| c.date <= last.date).map(|c| c.amount.minor_units()).sum();
                prop_assert_eq!(distributed, last.mark.minor_units() - invested, "profit is the last mark less the capital");
            }
        }
    }
}
