//! Deals: their lifecycle states, the high-water mark over time, the circuit breaker that
//! flags a value moving too far in a day, and the calendar of performance records.
//!
//! Dates are plain calendar dates handed in by the caller; nothing here reads a clock.

mod error;
mod permits;
mod states;
#[cfg(test)]
mod tests;

use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::Decimal;

pub use error::DealError;
pub use permits::{
    DealFacts, DealPermits, DistributionFacts, DistributionPermits, PerformanceFacts,
    PerformancePermits, deal_permits, distribution_permits, performance_permits,
};
pub use states::{
    DealStatus, DistributionAction, DistributionKind, DistributionStatus, PayoutStatus,
    PerformanceStatus,
};

use crate::money::{Currency, Money, Rate};

/// The circuit breaker's threshold when a deal names none: a 25% move in a day.
pub fn default_circuit_breaker_threshold() -> Rate {
    Rate::new(Decimal::new(25, 2)).expect("25% is a rate")
}

/// Checks a deal's circuit-breaker threshold: above zero, at most 100%.
pub fn check_threshold(threshold: Rate) -> Result<Rate, DealError> {
    if threshold == Rate::ZERO {
        return Err(DealError::ZeroThreshold);
    }
    Ok(threshold)
}

/// How far a value moved from the previous one, and whether that trips the breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Movement {
    /// (value − previous) / previous, rounded half-up to 6 decimals; none when the previous
    /// value was zero.
    pub change_ratio: Option<Decimal>,
    pub flagged: bool,
}

/// Compares a value with the previous one against the threshold. The comparison is exact:
/// |value − previous| > threshold × previous, on integer minor units. From zero, any move
/// is flagged: it has no proportion to judge by.
pub fn movement(previous: Money, value: Money, threshold: Rate) -> Result<Movement, DealError> {
    if previous.currency() != value.currency() {
        return Err(DealError::CurrencyMismatch {
            expected: previous.currency(),
            found: value.currency(),
        });
    }
    let previous_minor = previous.minor_units();
    let delta_minor = value.minor_units() - previous_minor;
    if previous_minor == 0 {
        return Ok(Movement {
            change_ratio: None,
            flagged: delta_minor != 0,
        });
    }
    let threshold = threshold.as_decimal();
    // |delta| × 10^scale > mantissa × previous, all within i128 (minor units < 10^18,
    // a rate's mantissa ≤ 10^12).
    let scale = 10i128.pow(threshold.scale());
    let flagged = delta_minor.abs() * scale > threshold.mantissa() * previous_minor.abs();
    let ratio = Decimal::from_i128_with_scale(delta_minor, 0)
        .checked_div(Decimal::from_i128_with_scale(previous_minor, 0))
        .map(|r| r.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointAwayFromZero));
    Ok(Movement {
        change_ratio: ratio,
        flagged,
    })
}

/// The longest gap between two records that is counted day by day.
const MAX_COUNTED_DAYS: i64 = 36_600;

/// The business days (Monday to Friday) strictly between two dates: the days on which a
/// record was expected but none was made. Public holidays are not known here.
pub fn business_days_between(earlier: NaiveDate, later: NaiveDate) -> u32 {
    let days = (later - earlier).num_days();
    if days <= 1 {
        return 0;
    }
    let days = days.min(MAX_COUNTED_DAYS);
    let mut count = 0u32;
    let mut day = earlier;
    for _ in 1..days {
        day = day.succ_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            count += 1;
        }
    }
    count
}

/// Capital that entered a deal on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapitalIn {
    pub date: NaiveDate,
    pub amount: Money,
}

/// The mark a deal's last distribution left, on its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkAfter {
    pub date: NaiveDate,
    pub mark: Money,
}

/// The high-water mark on `date`: it starts at the capital invested, and after each
/// distribution it is the value that distribution reached. Capital added later raises it by
/// its amount on its date, because new money is not profit.
///
/// `last` is the latest distribution dated before `date` (none for the first); `capital`
/// lists every investment of the deal.
pub fn high_water_mark_on(
    currency: Currency,
    last: Option<MarkAfter>,
    capital: &[CapitalIn],
    date: NaiveDate,
) -> Result<Money, DealError> {
    if let Some(last) = last
        && last.date >= date
    {
        return Err(DealError::MarkAfterDate {
            mark_date: last.date,
            date,
        });
    }
    let mut mark = last.map_or(Money::zero(currency), |last| last.mark);
    if mark.currency() != currency {
        return Err(DealError::CurrencyMismatch {
            expected: currency,
            found: mark.currency(),
        });
    }
    let since = last.map(|last| last.date);
    for added in capital {
        let counted_before = since.is_some_and(|since| added.date <= since);
        if added.date <= date && !counted_before {
            if added.amount.currency() != currency {
                return Err(DealError::CurrencyMismatch {
                    expected: currency,
                    found: added.amount.currency(),
                });
            }
            mark = mark.checked_add(added.amount)?;
        }
    }
    Ok(mark)
}
