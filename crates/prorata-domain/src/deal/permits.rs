//! What the signed-in actor may do with a deal, a performance record or a distribution now,
//! and why not: the same rules the operations enforce, stated for the screen, so that no
//! front end re-derives maker-checker or a transition. The operations still check each rule
//! themselves, against the database, when the action is taken.

use super::{DealStatus, DistributionKind, DistributionStatus, PerformanceStatus};
use crate::control::{Actor, Permit, Refusal, Role};

const MAKERS: &[Role] = &[Role::Officer, Role::Admin];
const OFFICER: &[Role] = &[Role::Officer];
const APPROVER: &[Role] = &[Role::Approver];
const HANDLERS: &[Role] = &[Role::Officer, Role::Approver];

fn needs(role: &str) -> String {
    format!("Needs the {role} role")
}

use Refusal::{MakerChecker, MissingRole, State};

/// What a deal's permits depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DealFacts {
    pub status: DealStatus,
}

/// What the actor may do with a deal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DealPermits {
    pub invest: Permit,
    pub record_performance: Permit,
    pub prepare: Permit,
    pub close: Permit,
}

pub fn deal_permits(actor: &Actor, deal: DealFacts) -> DealPermits {
    let closed = deal.status == DealStatus::Closed;
    let closed_why = || "The deal is closed".to_owned();
    let by = |roles: &[Role], role: &'static str| {
        Permit::unless(&[
            (!actor.holds_any(roles), MissingRole, &|| needs(role)),
            (closed, State, &closed_why),
        ])
    };
    DealPermits {
        invest: by(MAKERS, "officer or admin"),
        record_performance: by(OFFICER, "officer"),
        prepare: by(OFFICER, "officer"),
        close: by(MAKERS, "officer or admin"),
    }
}

/// What a performance record's permits depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerformanceFacts<'a> {
    pub status: PerformanceStatus,
    pub recorded_by: &'a str,
}

/// What the actor may do with a performance record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PerformancePermits {
    pub verify: Permit,
}

pub fn performance_permits(actor: &Actor, record: PerformanceFacts<'_>) -> PerformancePermits {
    let verified = record.status == PerformanceStatus::Verified;
    let own = record.recorded_by == actor.user.as_str();
    PerformancePermits {
        verify: Permit::unless(&[
            (!actor.holds_any(APPROVER), MissingRole, &|| {
                needs("approver")
            }),
            (verified, State, &|| "It is verified already".to_owned()),
            (own, MakerChecker, &|| {
                "You recorded this value, so a second person verifies it".to_owned()
            }),
        ]),
    }
}

/// What a distribution's permits depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DistributionFacts<'a> {
    pub status: DistributionStatus,
    pub kind: DistributionKind,
    pub prepared_by: &'a str,
    /// Its shares are reversed: a reversal of it was posted.
    pub reversed: bool,
}

/// What the actor may do with a distribution.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DistributionPermits {
    pub approve: Permit,
    pub post: Permit,
    pub cancel: Permit,
    pub reverse: Permit,
}

pub fn distribution_permits(actor: &Actor, d: DistributionFacts<'_>) -> DistributionPermits {
    use DistributionStatus as S;
    let status_is = |wanted: &[S], what: &'static str| {
        let status = d.status;
        (!wanted.contains(&status), move || {
            format!("It is {status}: {what}")
        })
    };
    let (not_prepared, prepared_why) = status_is(&[S::Prepared], "only a prepared one is");
    let (not_approved, approved_why) = status_is(&[S::Approved], "only an approved one is");
    let (not_open, open_why) = status_is(&[S::Prepared, S::Approved], "a posted one is reversed");
    let own = d.prepared_by == actor.user.as_str();
    let reversible = d.kind == DistributionKind::Distribution && d.status == S::Posted;
    DistributionPermits {
        approve: Permit::unless(&[
            (!actor.holds_any(APPROVER), MissingRole, &|| {
                needs("approver")
            }),
            (not_prepared, State, &prepared_why),
            (own, MakerChecker, &|| {
                "You prepared this distribution, so a second person approves it".to_owned()
            }),
        ]),
        post: Permit::unless(&[
            (!actor.holds_any(HANDLERS), MissingRole, &|| {
                needs("officer or approver")
            }),
            (not_approved, State, &approved_why),
        ]),
        cancel: Permit::unless(&[
            (!actor.holds_any(HANDLERS), MissingRole, &|| {
                needs("officer or approver")
            }),
            (not_open, State, &open_why),
        ]),
        reverse: Permit::unless(&[
            (!actor.holds_any(OFFICER), MissingRole, &|| needs("officer")),
            (!reversible, State, &|| {
                "Only a posted distribution is reversed".to_owned()
            }),
            (d.reversed, State, &|| "It is reversed already".to_owned()),
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::UserName;

    fn actor(name: &str, roles: &[Role]) -> Actor {
        Actor {
            user: UserName::parse(name).expect("a name"),
            roles: roles.iter().copied().collect(),
        }
    }

    fn prepared_by(name: &str) -> DistributionFacts<'_> {
        DistributionFacts {
            status: DistributionStatus::Prepared,
            kind: DistributionKind::Distribution,
            prepared_by: name,
            reversed: false,
        }
    }

    #[test]
    fn whoever_prepared_a_distribution_is_told_another_approver_must_approve_it() {
        let bo = actor("bo", &[Role::Officer, Role::Approver]);
        let permits = distribution_permits(&bo, prepared_by("bo"));
        assert!(
            !permits.approve.allowed,
            "maker-checker, even with both roles"
        );
        assert_eq!(
            permits.approve.reason.as_deref(),
            Some("You prepared this distribution, so a second person approves it")
        );
        let abe = actor("abe", &[Role::Approver]);
        assert!(
            distribution_permits(&abe, prepared_by("bo"))
                .approve
                .allowed
        );
    }

    #[test]
    fn a_missing_role_is_named_before_the_state() {
        let olga = actor("olga", &[Role::Officer]);
        let permits = distribution_permits(&olga, prepared_by("bo"));
        assert_eq!(
            permits.approve.reason.as_deref(),
            Some("Needs the approver role")
        );
        assert!(permits.cancel.allowed, "an officer cancels a prepared one");
        assert!(!permits.post.allowed);
        assert_eq!(
            permits.post.reason.as_deref(),
            Some("It is prepared: only an approved one is")
        );
    }

    #[test]
    fn only_a_posted_distribution_not_yet_reversed_may_be_reversed() {
        let olga = actor("olga", &[Role::Officer]);
        let mut posted = prepared_by("bo");
        posted.status = DistributionStatus::Posted;
        assert!(distribution_permits(&olga, posted).reverse.allowed);
        assert!(!distribution_permits(&olga, posted).cancel.allowed);
        posted.reversed = true;
        assert!(!distribution_permits(&olga, posted).reverse.allowed);
        posted.reversed = false;
        posted.kind = DistributionKind::Reversal;
        assert!(!distribution_permits(&olga, posted).reverse.allowed);
    }

    #[test]
    fn a_closed_deal_takes_nothing_and_a_recorder_never_verifies() {
        let olga = actor("olga", &[Role::Officer]);
        let closed = deal_permits(
            &olga,
            DealFacts {
                status: DealStatus::Closed,
            },
        );
        assert_eq!(closed.invest.reason.as_deref(), Some("The deal is closed"));
        let open = deal_permits(
            &olga,
            DealFacts {
                status: DealStatus::Active,
            },
        );
        assert!(open.invest.allowed && open.prepare.allowed && open.close.allowed);
        let bo = actor("bo", &[Role::Officer, Role::Approver]);
        let own = PerformanceFacts {
            status: PerformanceStatus::Recorded,
            recorded_by: "bo",
        };
        assert!(!performance_permits(&bo, own).verify.allowed);
    }
}
