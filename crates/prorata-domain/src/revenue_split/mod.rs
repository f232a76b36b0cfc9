//! Community revenue split (DESIGN §8): from a gross, GST, the payment gateway's fee (with its
//! GST where the schedule says so) and the platform's fee (with its GST where the schedule says
//! so) come off, each rounded half-up to the currency's minor unit at its own named step; what
//! is left, the net pool, is split over the community's roles by the allocation rule (§2). The
//! parts always add up to the gross exactly, which is asserted.

mod community;
mod error;
mod schedule;

pub use community::{
    COMMUNITY_KEEPERS, CommunityRole, GatewayName, MAX_MEMBERS_PER_COMMUNITY, MemberCredit,
    MemberWeight, REVENUE_RECORDERS, credit_members,
};
pub use error::RevenueSplitError;
pub use schedule::{
    DEFAULT_ANOMALY_MULTIPLE, FEE_SETTERS, FeeSchedule, MAX_ANOMALY_MULTIPLE, MAX_HOLDING_DAYS,
    RevenueSource, is_anomalous, median_minor,
};

use rust_decimal::Decimal;

use crate::money::{Money, Rate};
use crate::{Weight, allocate};

/// What a fee schedule takes from one revenue transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitTerms {
    pub gst_rate: Rate,
    pub gateway_fee_rate: Rate,
    /// Added to the gateway's rate on every transaction, in the transaction's currency.
    pub gateway_fixed_fee: Money,
    /// Whether GST is charged on the gateway's fee.
    pub gateway_fee_gst: bool,
    pub platform_fee_rate: Rate,
    /// Whether GST is charged on the platform's fee.
    pub platform_fee_gst: bool,
}

/// A role's share of the net pool: an id and its rate; the shares add up to 100%.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleShare<K> {
    pub id: K,
    pub share: Rate,
}

/// Every step of a split, as stored with the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueSplit {
    pub gross: Money,
    /// GST on the gross: `gst_rate × gross`.
    pub gst: Money,
    /// The gateway's fee: `gateway_fee_rate × (gross − gst) + gateway_fixed_fee`.
    pub gateway_fee: Money,
    /// GST on the gateway's fee, or zero.
    pub gateway_fee_gst: Money,
    /// The platform's fee: `platform_fee_rate × (gross − gst − gateway fee − its GST)`.
    pub platform_fee: Money,
    /// GST on the platform's fee, or zero.
    pub platform_fee_gst: Money,
    /// What is left for the community's roles.
    pub net: Money,
    /// Each role's part of the net, in the order given.
    pub roles: Vec<Money>,
}

/// Splits `gross` by `terms` and `roles`.
pub fn split_revenue<K: Ord + std::hash::Hash + Clone>(
    gross: Money,
    terms: &SplitTerms,
    roles: &[RoleShare<K>],
) -> Result<RevenueSplit, RevenueSplitError> {
    if gross.is_zero() || gross.is_negative() {
        return Err(RevenueSplitError::NotPositive);
    }
    if terms.gateway_fixed_fee.currency() != gross.currency() {
        return Err(RevenueSplitError::Currency);
    }
    check_role_shares(roles)?;
    let gst = terms.gst_rate.apply_half_up(gross);
    let after_gst = minus(gross, gst)?;
    let gateway_fee = terms
        .gateway_fee_rate
        .apply_half_up(after_gst)
        .checked_add(terms.gateway_fixed_fee)
        .map_err(|_| RevenueSplitError::FeesBeyondGross)?;
    let gateway_fee_gst = gst_on(terms.gateway_fee_gst, terms.gst_rate, gateway_fee);
    let after_gateway = minus(minus(after_gst, gateway_fee)?, gateway_fee_gst)?;
    let platform_fee = terms.platform_fee_rate.apply_half_up(after_gateway);
    let platform_fee_gst = gst_on(terms.platform_fee_gst, terms.gst_rate, platform_fee);
    let net = minus(minus(after_gateway, platform_fee)?, platform_fee_gst)?;
    let weights: Vec<Weight<K>> = roles
        .iter()
        .map(|r| Weight {
            id: r.id.clone(),
            weight: r.share.as_decimal(),
        })
        .collect();
    let parts = if net.is_zero() {
        vec![Money::zero(gross.currency()); roles.len()]
    } else {
        allocate(net, &weights)?
    };
    let split = RevenueSplit {
        gross,
        gst,
        gateway_fee,
        gateway_fee_gst,
        platform_fee,
        platform_fee_gst,
        net,
        roles: parts,
    };
    assert!(
        split.conserves(),
        "the parts of a split add up to its gross"
    );
    Ok(split)
}

impl RevenueSplit {
    /// Whether the taxes, fees and roles' parts add up to the gross exactly.
    pub fn conserves(&self) -> bool {
        let taken = [
            self.gst,
            self.gateway_fee,
            self.gateway_fee_gst,
            self.platform_fee,
            self.platform_fee_gst,
        ];
        let taken: i128 = taken.iter().map(Money::minor_units).sum();
        let roles: i128 = self.roles.iter().map(Money::minor_units).sum();
        taken + self.net.minor_units() == self.gross.minor_units()
            && roles == self.net.minor_units()
    }
}

fn gst_on(charged: bool, rate: Rate, fee: Money) -> Money {
    if charged {
        rate.apply_half_up(fee)
    } else {
        Money::zero(fee.currency())
    }
}

/// `from − taken`, refused below zero: the fees may not take more than the gross.
fn minus(from: Money, taken: Money) -> Result<Money, RevenueSplitError> {
    let left = from
        .checked_sub(taken)
        .map_err(|_| RevenueSplitError::FeesBeyondGross)?;
    if left.is_negative() {
        return Err(RevenueSplitError::FeesBeyondGross);
    }
    Ok(left)
}

/// The roles' shares add up to exactly 100%, and no role is named twice.
fn check_role_shares<K: Ord + Clone>(roles: &[RoleShare<K>]) -> Result<(), RevenueSplitError> {
    if roles.is_empty() {
        return Err(RevenueSplitError::NoRoles);
    }
    let mut ids: Vec<K> = roles.iter().map(|r| r.id.clone()).collect();
    ids.sort();
    ids.dedup();
    if ids.len() != roles.len() {
        return Err(RevenueSplitError::RepeatedRole);
    }
    let sum: Decimal = roles.iter().map(|r| r.share.as_decimal()).sum();
    if sum != Decimal::ONE {
        return Err(RevenueSplitError::SharesNotWhole(
            sum * Decimal::ONE_HUNDRED,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
