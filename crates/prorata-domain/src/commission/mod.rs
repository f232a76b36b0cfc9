//! Commissions of a distribution network (DESIGN §8, Commission schemes): rates per service
//! and role set on a tree of schemes, resolved up to the root; each role of a transacting
//! member's upline earns its margin over the role below it; the commission total is the
//! top role's rate of the amount, allocated over the margins so nothing leaks.
//!
//! Nothing here reads a store: `prorata calc commission` and the network's transactions call
//! the same functions.

mod error;
mod role;
mod service;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

use rust_decimal::Decimal;

pub use error::CommissionError;
pub use role::NetworkRole;
pub use service::ServiceCode;

use crate::states::state;
use crate::{Money, Rate, Weight, allocate};

state!(
    CommissionError,
    /// A network transaction: recorded with its commissions, or reversed by a correction.
    NetworkTransactionStatus {
        Recorded => "recorded",
        Reversed => "reversed",
    }
);

/// The deepest a scheme may sit below its root: a bound on every walk up the tree.
pub const MAX_SCHEME_DEPTH: usize = 32;
/// The most schemes one calculation reads.
pub const MAX_SCHEMES: usize = 10_000;

/// A scheme's rates for one service: per role an absolute rate, or `None` to inherit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme<S> {
    pub id: S,
    /// `None` for the root, the final fallback.
    pub parent: Option<S>,
    pub rates: BTreeMap<NetworkRole, Option<Rate>>,
}

/// Every role's rate as the scheme resolves it: the first value set walking up from it; a
/// role set nowhere up to the root earns nothing (zero).
pub type Resolved = BTreeMap<NetworkRole, Rate>;

/// The scheme and its ancestors, the scheme first and the root last.
pub fn chain<'a, S: Eq + Hash + Clone + std::fmt::Display>(
    schemes: &'a [Scheme<S>],
    scheme: &S,
) -> Result<Vec<&'a Scheme<S>>, CommissionError> {
    if schemes.len() > MAX_SCHEMES {
        return Err(CommissionError::TooManySchemes(MAX_SCHEMES));
    }
    let by_id: HashMap<&S, &Scheme<S>> = schemes.iter().map(|s| (&s.id, s)).collect();
    if by_id.len() != schemes.len() {
        return Err(CommissionError::RepeatedScheme);
    }
    let mut found = Vec::new();
    let mut next = Some(scheme.clone());
    while let Some(id) = next {
        if found.len() == MAX_SCHEME_DEPTH {
            return Err(CommissionError::TooDeep {
                scheme: scheme.to_string(),
                max: MAX_SCHEME_DEPTH,
            });
        }
        let s = *by_id
            .get(&id)
            .ok_or_else(|| CommissionError::UnknownScheme(id.to_string()))?;
        if found.iter().any(|f: &&Scheme<S>| f.id == s.id) {
            return Err(CommissionError::Cycle(s.id.to_string()));
        }
        found.push(s);
        next = s.parent.clone();
    }
    Ok(found)
}

/// The rates of the first scheme of `chain` (scheme first, root last), each role's the first
/// value set walking up.
pub fn resolve<S>(chain: &[&Scheme<S>]) -> Resolved {
    NetworkRole::ALL
        .into_iter()
        .map(|role| {
            let rate = chain
                .iter()
                .find_map(|s| s.rates.get(&role).copied().flatten())
                .unwrap_or(Rate::ZERO);
            (role, rate)
        })
        .collect()
}

/// Refuses a scheme that sets a role's rate above its parent's resolved rate, or whose
/// resolved rates would give a role a negative margin (a lower role above a higher one).
pub fn check_scheme<S: std::fmt::Display>(
    chain: &[&Scheme<S>],
    service: &str,
) -> Result<(), CommissionError> {
    let scheme = chain.first().expect("a chain starts at its scheme");
    if chain.len() > 1 {
        let parent = resolve(&chain[1..]);
        for (&role, rate) in &scheme.rates {
            if let Some(rate) = rate
                && rate.as_decimal() > parent[&role].as_decimal()
            {
                return Err(CommissionError::AboveParent {
                    scheme: scheme.id.to_string(),
                    service: service.to_owned(),
                    role,
                    rate: *rate,
                    parent: parent[&role],
                });
            }
        }
    }
    let resolved = resolve(chain);
    for pair in NetworkRole::ALL.windows(2) {
        let (higher, lower) = (pair[0], pair[1]);
        if resolved[&lower].as_decimal() > resolved[&higher].as_decimal() {
            return Err(CommissionError::NegativeMargin {
                scheme: scheme.id.to_string(),
                service: service.to_owned(),
                lower,
                lower_rate: resolved[&lower],
                higher,
                higher_rate: resolved[&higher],
            });
        }
    }
    Ok(())
}

/// A member of the transacting member's upline, the transacting member first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UplineMember<M> {
    pub member: M,
    pub role: NetworkRole,
}

/// What one member of the upline earns of a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberCommission<M> {
    pub member: M,
    pub role: NetworkRole,
    /// Its own margin and the margins of the roles missing below it that rolled up to it.
    pub margin: Decimal,
    pub amount: Money,
}

/// A transaction's commissions: the total (the top role's rate of the amount, rounded half
/// up) and each upline member's part, which add up to it exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commissions<M> {
    pub total: Money,
    pub members: Vec<MemberCommission<M>>,
}

/// Each role from the transacting member's up to the admin earns its resolved rate less the
/// next lower role's (the transacting member its whole rate); a role no member of the upline
/// holds passes its margin to the nearest member above it. The total is allocated over the
/// members' margins by the allocation rule.
pub fn commission<M: Clone + Ord + Hash>(
    amount: Money,
    resolved: &Resolved,
    upline: &[UplineMember<M>],
) -> Result<Commissions<M>, CommissionError> {
    check_upline(upline)?;
    if amount.is_negative() {
        return Err(CommissionError::NegativeAmount);
    }
    let bottom = upline[0].role;
    let mut margins: Vec<Decimal> = vec![Decimal::ZERO; upline.len()];
    for role in NetworkRole::ALL
        .into_iter()
        .filter(|r| r.rank() <= bottom.rank())
    {
        let below = role
            .below()
            .filter(|_| role != bottom)
            .map_or(Decimal::ZERO, |b| resolved[&b].as_decimal());
        let margin = resolved[&role].as_decimal() - below;
        assert!(
            margin >= Decimal::ZERO,
            "a checked scheme has no negative margin"
        );
        // The member holding the role, or the nearest above it: the upline ends at an admin.
        let holder = upline
            .iter()
            .position(|m| m.role.rank() <= role.rank())
            .expect("the upline reaches an admin");
        margins[holder] += margin;
    }
    let top = resolved[&NetworkRole::Admin];
    let total = top.apply_half_up(amount);
    debug_assert_eq!(margins.iter().sum::<Decimal>(), top.as_decimal());
    let amounts = if total.is_zero() {
        vec![Money::zero(amount.currency()); upline.len()]
    } else {
        let weights: Vec<Weight<M>> = upline
            .iter()
            .zip(&margins)
            .map(|(m, margin)| Weight {
                id: m.member.clone(),
                weight: *margin,
            })
            .collect();
        allocate(total, &weights)?
    };
    let members = upline
        .iter()
        .zip(margins)
        .zip(amounts)
        .map(|((m, margin), amount)| MemberCommission {
            member: m.member.clone(),
            role: m.role,
            margin,
            amount,
        })
        .collect();
    Ok(Commissions { total, members })
}

/// The upline climbs strictly (each member's role above the one before), ends at an admin,
/// and names each member once; an admin does not transact.
fn check_upline<M: Eq + Hash>(upline: &[UplineMember<M>]) -> Result<(), CommissionError> {
    let (first, last) = match (upline.first(), upline.last()) {
        (Some(first), Some(last)) => (first, last),
        _ => return Err(CommissionError::EmptyUpline),
    };
    if first.role == NetworkRole::Admin {
        return Err(CommissionError::AdminTransacts);
    }
    if last.role != NetworkRole::Admin {
        return Err(CommissionError::UplineWithoutAdmin);
    }
    for pair in upline.windows(2) {
        if pair[1].role.rank() >= pair[0].role.rank() {
            return Err(CommissionError::UplineNotAscending {
                lower: pair[0].role,
                upper: pair[1].role,
            });
        }
    }
    let mut seen = HashSet::new();
    if !upline.iter().all(|m| seen.insert(&m.member)) {
        return Err(CommissionError::RepeatedMember);
    }
    Ok(())
}
