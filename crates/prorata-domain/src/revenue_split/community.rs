//! A community (DESIGN §8): role shares of the net pool that add up to 100%, members per role
//! with weights (equal unless given), and the gateway its revenue is collected through. A
//! transaction's split is spread over the members: each role's part by the allocation rule
//! (§2) over the role's members by weight.

use rust_decimal::Decimal;

use super::{RevenueSplit, RevenueSplitError, RoleShare};
use crate::control::Role;
use crate::money::Money;
use crate::states::state;
use crate::{Weight, allocate};

state!(
    RevenueSplitError,
    /// A role in a community: each has a share of the net pool.
    CommunityRole {
        Owner => "owner",
        AdminTeam => "admin_team",
        ModeratorTeam => "moderator_team",
        EventTeam => "event_team",
    }
);

/// Who adds communities and their members.
pub const COMMUNITY_KEEPERS: &[Role] = &[Role::Officer, Role::Admin];
/// Who records revenue and the gateways' settlements.
pub const REVENUE_RECORDERS: &[Role] = &[Role::Officer];

/// The most members one community's transaction credits: a bound on one entry's legs.
pub const MAX_MEMBERS_PER_COMMUNITY: usize = 9_990;

/// A payment gateway, by the name its accounts carry (`gateway:{name}:clearing`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GatewayName(String);

impl GatewayName {
    /// The gateway a transaction names none of.
    pub const DEFAULT: &'static str = "default";

    /// Lower-case letters, digits and `_ . -`, starting with a letter or digit, at most 63.
    pub fn parse(text: &str) -> Result<GatewayName, RevenueSplitError> {
        let ok = (1..=63).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && text.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-')
            });
        if ok {
            Ok(GatewayName(text.to_owned()))
        } else {
            Err(RevenueSplitError::GatewayName(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for GatewayName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A member as the split sees them: an id, a role and a weight within the role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberWeight {
    pub member_id: i64,
    pub role: CommunityRole,
    pub weight: Decimal,
}

/// What one member is credited of one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberCredit {
    pub member_id: i64,
    pub role: CommunityRole,
    pub amount: Money,
}

/// Spreads each role's part of `split` (in the order of `roles`) over the role's members by
/// weight. A role with a part above zero and no member is refused: its money would have
/// nowhere to go. The credits add up to the net exactly, which is asserted.
pub fn credit_members(
    split: &RevenueSplit,
    roles: &[RoleShare<CommunityRole>],
    members: &[MemberWeight],
) -> Result<Vec<MemberCredit>, RevenueSplitError> {
    assert_eq!(split.roles.len(), roles.len(), "a part per role");
    if members.len() > MAX_MEMBERS_PER_COMMUNITY {
        return Err(RevenueSplitError::TooManyMembers(MAX_MEMBERS_PER_COMMUNITY));
    }
    let mut credits = Vec::with_capacity(members.len());
    for (role, part) in roles.iter().zip(&split.roles) {
        let weights: Vec<Weight<i64>> = members
            .iter()
            .filter(|m| m.role == role.id)
            .map(|m| Weight {
                id: m.member_id,
                weight: m.weight,
            })
            .collect();
        if weights.is_empty() {
            if part.is_zero() {
                continue;
            }
            return Err(RevenueSplitError::RoleWithoutMembers(role.id.to_string()));
        }
        let amounts = if part.is_zero() {
            vec![Money::zero(part.currency()); weights.len()]
        } else {
            allocate(*part, &weights)?
        };
        credits.extend(weights.iter().zip(amounts).map(|(w, amount)| MemberCredit {
            member_id: w.id,
            role: role.id,
            amount,
        }));
    }
    let credited: i128 = credits.iter().map(|c| c.amount.minor_units()).sum();
    assert_eq!(
        credited,
        split.net.minor_units(),
        "the members' credits add up to the net pool"
    );
    Ok(credits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Rate};
    use crate::revenue_split::{SplitTerms, split_revenue};

    fn inr(text: &str) -> Money {
        Money::parse(text, Currency::from_code("INR").expect("INR")).expect("money")
    }

    fn rate(text: &str) -> Rate {
        Rate::parse(text).expect("a rate")
    }

    fn roles() -> Vec<RoleShare<CommunityRole>> {
        [
            (CommunityRole::Owner, "0.50"),
            (CommunityRole::AdminTeam, "0.20"),
            (CommunityRole::ModeratorTeam, "0.10"),
            (CommunityRole::EventTeam, "0.20"),
        ]
        .into_iter()
        .map(|(id, share)| RoleShare {
            id,
            share: rate(share),
        })
        .collect()
    }

    fn event_split() -> RevenueSplit {
        let terms = SplitTerms {
            gst_rate: rate("0.18"),
            gateway_fee_rate: rate("0.02"),
            gateway_fixed_fee: inr("0"),
            gateway_fee_gst: true,
            platform_fee_rate: rate("0.10"),
            platform_fee_gst: false,
        };
        split_revenue(inr("10000.00"), &terms, &roles()).expect("splits")
    }

    fn member(member_id: i64, role: CommunityRole, weight: i64) -> MemberWeight {
        MemberWeight {
            member_id,
            role,
            weight: Decimal::from(weight),
        }
    }

    #[test]
    fn each_role_s_part_is_spread_over_its_members_by_weight_and_all_add_up_to_the_net() {
        let split = event_split();
        let members = [
            member(1, CommunityRole::Owner, 1),
            member(2, CommunityRole::AdminTeam, 1),
            member(3, CommunityRole::AdminTeam, 2),
            member(4, CommunityRole::ModeratorTeam, 1),
            member(5, CommunityRole::EventTeam, 1),
            member(6, CommunityRole::EventTeam, 1),
            member(7, CommunityRole::EventTeam, 1),
        ];
        let credits = credit_members(&split, &roles(), &members).expect("credited");
        let shown: Vec<String> = credits
            .iter()
            .map(|c| format!("{} {} {}", c.member_id, c.role, c.amount))
            .collect();
        // Admin 1,441.17 by 1:2 is 480.39 + 960.78; event 1,441.17 by thirds 480.39 each.
        assert_eq!(
            shown,
            [
                "1 owner 3602.91",
                "2 admin_team 480.39",
                "3 admin_team 960.78",
                "4 moderator_team 720.58",
                "5 event_team 480.39",
                "6 event_team 480.39",
                "7 event_team 480.39",
            ]
        );
    }

    #[test]
    fn a_role_with_a_part_and_no_member_is_refused_by_name() {
        let split = event_split();
        let members = [member(1, CommunityRole::Owner, 1)];
        let error = credit_members(&split, &roles(), &members).expect_err("refused");
        assert_eq!(
            error.to_string(),
            "the admin_team role has a part of the pool and no member to credit"
        );
    }

    #[test]
    fn a_gateway_name_is_lower_case_letters_digits_and_punctuation() {
        assert_eq!(
            GatewayName::parse("razorpay").expect("ok").as_str(),
            "razorpay"
        );
        assert!(GatewayName::parse("pay-u.in_2").is_ok());
        for bad in ["", "Stripe", "pay u", "-x", "a:b"] {
            assert!(GatewayName::parse(bad).is_err(), "{bad}");
        }
    }
}
