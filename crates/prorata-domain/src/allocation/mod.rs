//! Splitting a total by weights, exactly: the parts always add up to the total.
//!
//! Each exact share `total × weight / Σweights` is floored at the currency's scale; the minor
//! units left over go one each to the parties with the largest exact remainder, then the
//! larger weight, then the smaller id. Remainders are integer numerators over one common
//! denominator, so they are compared exactly, never as rounded decimals.

mod error;

use std::cmp::Ordering;
use std::collections::HashSet;
use std::hash::Hash;

use ethnum::U256;
use foldhash::fast::RandomState;
use rust_decimal::Decimal;

pub use error::AllocationError;

use crate::money::{DecimalLimits, MAX_INTEGER_DIGITS, Money, MoneyError};
use crate::money::{decimal_text_error, parse_decimal};

/// The most parties one allocation takes. Bounding the batch bounds its memory and time, and
/// keeps the sum of weights inside 128 bits.
pub const MAX_PARTIES: usize = 10_000_000;

/// The most decimals a weight may have.
pub const MAX_WEIGHT_SCALE: u32 = 12;

/// One party's claim on a total: an id and a non-negative weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weight<K> {
    pub id: K,
    pub weight: Decimal,
}

/// Reads a weight: a non-negative decimal with at most [`MAX_WEIGHT_SCALE`] decimals.
pub fn parse_weight(input: &str) -> Result<Decimal, MoneyError> {
    let limits = DecimalLimits {
        max_scale: MAX_WEIGHT_SCALE,
        max_integer_digits: MAX_INTEGER_DIGITS,
        allow_negative: false,
    };
    parse_decimal(input, limits)
        .map(|weight| weight.normalize())
        .map_err(|error| decimal_text_error(error, input, "a weight", limits))
}

/// Splits `total` over `parties` in proportion to their weights.
///
/// Returns one amount per party, in the order of `parties`. Zero weights get zero. An empty
/// list, a negative total or weight, a zero weight sum and a repeated id are errors.
pub fn allocate<K: Ord + Hash>(
    total: Money,
    parties: &[Weight<K>],
) -> Result<Vec<Money>, AllocationError> {
    check_shape(total, parties)?;
    let weights = scaled_weights(parties)?;
    let weight_sum = weights
        .iter()
        .try_fold(0u128, |sum, &weight| sum.checked_add(weight))
        .ok_or(AllocationError::WeightSumOutOfRange)?;
    if weight_sum == 0 {
        return Err(AllocationError::ZeroWeightSum);
    }
    check_unique_ids(parties)?;

    // Non-negative and below 10^18 by the invariant of `Money`.
    let total_minor = total.minor_units().unsigned_abs();
    let mut parts = Vec::with_capacity(parties.len());
    let mut remainders = Vec::with_capacity(parties.len());
    for &weight in &weights {
        let (floor, remainder) = mul_div_rem(total_minor, weight, weight_sum);
        parts.push(floor);
        remainders.push(remainder);
    }
    let floored_sum: u128 = parts.iter().sum();
    let leftover = total_minor - floored_sum;
    hand_out_leftover(&mut parts, leftover, &remainders, &weights, parties);

    let allocated: u128 = parts.iter().sum();
    assert_eq!(
        allocated, total_minor,
        "an allocation must add up to its total exactly"
    );
    let currency = total.currency();
    Ok(parts
        .into_iter()
        // Every part is at most the total, so it converts and stays within bounds.
        .map(|part| {
            let part = i128::try_from(part).expect("a part is at most the total");
            Money::from_minor_units_unchecked(part, currency)
        })
        .collect())
}

fn check_shape<K>(total: Money, parties: &[Weight<K>]) -> Result<(), AllocationError> {
    if parties.is_empty() {
        return Err(AllocationError::NoParties);
    }
    if parties.len() > MAX_PARTIES {
        return Err(AllocationError::TooManyParties {
            count: parties.len(),
            max: MAX_PARTIES,
        });
    }
    if total.is_negative() {
        return Err(AllocationError::NegativeTotal);
    }
    Ok(())
}

/// Brings every weight to one common scale as an integer, so that shares and remainders are
/// integer arithmetic over a single denominator.
fn scaled_weights<K>(parties: &[Weight<K>]) -> Result<Vec<u128>, AllocationError> {
    let mut common_scale = 0;
    for (index, party) in parties.iter().enumerate() {
        if party.weight.is_sign_negative() && !party.weight.is_zero() {
            return Err(AllocationError::NegativeWeight { index });
        }
        common_scale = common_scale.max(party.weight.scale());
    }
    parties
        .iter()
        .enumerate()
        .map(|(index, party)| {
            let factor = 10u128.checked_pow(common_scale - party.weight.scale());
            let mantissa = party.weight.mantissa().unsigned_abs();
            factor
                .and_then(|factor| mantissa.checked_mul(factor))
                .ok_or(AllocationError::WeightOutOfRange { index })
        })
        .collect()
}

fn check_unique_ids<K: Hash + Eq>(parties: &[Weight<K>]) -> Result<(), AllocationError> {
    // A seeded fast hash: a million ids hash several times faster than with SipHash, and the
    // random seed still keeps crafted ids from forcing collisions.
    let mut seen: HashSet<&K, RandomState> =
        HashSet::with_capacity_and_hasher(parties.len(), RandomState::default());
    for (index, party) in parties.iter().enumerate() {
        if !seen.insert(&party.id) {
            let first_index = parties
                .iter()
                .position(|earlier| earlier.id == party.id)
                .expect("a repeated id was seen before");
            return Err(AllocationError::DuplicateId { index, first_index });
        }
    }
    Ok(())
}

/// `(a × b) / d` and `(a × b) mod d`, exactly. Products that overflow 128 bits are done in
/// 256 bits; the quotient fits back because `b <= d` makes it at most `a`.
fn mul_div_rem(a: u128, b: u128, d: u128) -> (u128, u128) {
    match a.checked_mul(b) {
        Some(product) => (product / d, product % d),
        None => {
            let product = U256::from(a) * U256::from(b);
            let divisor = U256::from(d);
            ((product / divisor).as_u128(), (product % divisor).as_u128())
        }
    }
}

/// Gives one minor unit to each of the `leftover` parties that rank first by (exact remainder
/// desc, weight desc, id asc). Selection, not a full sort, keeps this linear.
fn hand_out_leftover<K: Ord>(
    parts: &mut [u128],
    leftover: u128,
    remainders: &[u128],
    weights: &[u128],
    parties: &[Weight<K>],
) {
    if leftover == 0 {
        return;
    }
    let mut candidates: Vec<usize> = (0..parts.len()).filter(|&i| remainders[i] > 0).collect();
    // The fractional parts add up to `leftover` and each is below one, so more parties than
    // `leftover` have a remainder; zero weights (remainder zero) never get a unit.
    let leftover = usize::try_from(leftover).expect("leftover is below the number of parties");
    assert!(
        leftover < candidates.len(),
        "fewer remainders than leftover units"
    );
    let rank = |&a: &usize, &b: &usize| -> Ordering {
        remainders[b]
            .cmp(&remainders[a])
            .then(weights[b].cmp(&weights[a]))
            .then_with(|| parties[a].id.cmp(&parties[b].id))
    };
    candidates.select_nth_unstable_by(leftover - 1, rank);
    for &index in &candidates[..leftover] {
        parts[index] += 1;
    }
}

#[cfg(test)]
mod tests;
