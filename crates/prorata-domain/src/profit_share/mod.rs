//! Deal profit sharing: profit above the high-water mark, split by the waterfall.
//!
//! Profit is the value above the mark; the partner's commission and the platform's fee are
//! that profit times their rates, each rounded half-up; the investor pool is what remains,
//! allocated over the investments by amount. Every cent of profit lands in exactly one place.

mod error;

use std::hash::Hash;

pub use error::ProfitShareError;

use crate::allocation::{Weight, allocate};
use crate::money::{Money, Rate};

/// The two rates of a deal's waterfall, which together may not exceed 100%.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfitShareTerms {
    partner_commission_rate: Rate,
    platform_fee_rate: Rate,
}

impl ProfitShareTerms {
    pub fn new(
        partner_commission_rate: Rate,
        platform_fee_rate: Rate,
    ) -> Result<Self, ProfitShareError> {
        let sum = partner_commission_rate.sum(platform_fee_rate);
        if sum > rust_decimal::Decimal::ONE {
            return Err(ProfitShareError::RatesExceedWhole {
                partner: partner_commission_rate,
                platform: platform_fee_rate,
                sum,
            });
        }
        Ok(ProfitShareTerms {
            partner_commission_rate,
            platform_fee_rate,
        })
    }

    pub fn partner_commission_rate(&self) -> Rate {
        self.partner_commission_rate
    }

    pub fn platform_fee_rate(&self) -> Rate {
        self.platform_fee_rate
    }
}

/// One investment's claim on the investor pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Investment<K> {
    pub id: K,
    pub amount: Money,
}

/// The result of one day's profit share. `shares` follows the order of the investments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfitShare {
    pub profit: Money,
    pub partner_commission: Money,
    pub platform_fee: Money,
    pub investor_pool: Money,
    pub new_high_water_mark: Money,
    pub shares: Vec<Money>,
}

/// Shares the profit of a deal whose value is `current_value` against `high_water_mark`.
///
/// A value at or below the mark is no profit: everything is zero and the mark stays.
pub fn share_profit<K: Ord + Hash>(
    terms: &ProfitShareTerms,
    high_water_mark: Money,
    current_value: Money,
    investments: &[Investment<K>],
) -> Result<ProfitShare, ProfitShareError> {
    let currency = high_water_mark.currency();
    check_currencies(high_water_mark, current_value, investments)?;
    let above_mark = current_value.checked_sub(high_water_mark)?;
    let (profit, new_high_water_mark) = if above_mark.is_negative() || above_mark.is_zero() {
        (Money::zero(currency), high_water_mark)
    } else {
        (above_mark, current_value)
    };

    let partner_commission = terms.partner_commission_rate.apply_half_up(profit);
    let mut platform_fee = terms.platform_fee_rate.apply_half_up(profit);
    let remaining = profit.checked_sub(partner_commission)?;
    if platform_fee.minor_units() > remaining.minor_units() {
        // Only rates adding up to exactly 100% can both round up past the profit; the pool
        // is then empty and the platform takes what the partner's rounding left.
        platform_fee = remaining;
    }
    let investor_pool = remaining.checked_sub(platform_fee)?;

    let weights: Vec<Weight<&K>> = investments
        .iter()
        .map(|investment| Weight {
            id: &investment.id,
            weight: investment.amount.amount(),
        })
        .collect();
    let shares = allocate(investor_pool, &weights)?;

    let parts =
        partner_commission.minor_units() + platform_fee.minor_units() + investor_pool.minor_units();
    assert_eq!(
        parts,
        profit.minor_units(),
        "the waterfall must add up to the profit"
    );
    assert!(
        !investor_pool.is_negative(),
        "the investor pool can never be negative"
    );
    Ok(ProfitShare {
        profit,
        partner_commission,
        platform_fee,
        investor_pool,
        new_high_water_mark,
        shares,
    })
}

fn check_currencies<K>(
    high_water_mark: Money,
    current_value: Money,
    investments: &[Investment<K>],
) -> Result<(), ProfitShareError> {
    let expected = high_water_mark.currency();
    if current_value.currency() != expected {
        return Err(ProfitShareError::ValueCurrencyMismatch {
            expected,
            found: current_value.currency(),
        });
    }
    match investments
        .iter()
        .position(|investment| investment.amount.currency() != expected)
    {
        Some(index) => Err(ProfitShareError::InvestmentCurrencyMismatch {
            index,
            expected,
            found: investments[index].amount.currency(),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
