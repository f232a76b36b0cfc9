//! What the signed-in actor may do with a withdrawal request now, and why not: the rules the
//! operations enforce, stated for the screen (the operations check them again when acting).

use super::WithdrawalStatus;
use crate::control::{Actor, Permit, Refusal, Role};

/// Who enters and cancels requests.
pub const ENTERERS: &[Role] = &[Role::Officer];
/// Who approves and rejects them.
pub const APPROVERS: &[Role] = &[Role::Approver];
/// Who may cancel one that is not yet sent.
pub const CANCELLERS: &[Role] = &[Role::Officer, Role::Approver];
/// Who may see a payee's bank details in clear, with a reason, on the audit log.
pub const REVEALERS: &[Role] = &[Role::Officer, Role::Approver, Role::Admin];

/// What a withdrawal request's permits depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WithdrawalFacts<'a> {
    pub status: WithdrawalStatus,
    pub requested_by: &'a str,
}

/// What the actor may do with a withdrawal request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WithdrawalPermits {
    pub approve: Permit,
    pub reject: Permit,
    pub cancel: Permit,
    pub reveal: Permit,
}

pub fn withdrawal_permits(actor: &Actor, w: WithdrawalFacts<'_>) -> WithdrawalPermits {
    use Refusal::{MakerChecker, MissingRole, State};
    use WithdrawalStatus as S;
    let status = w.status;
    let own = w.requested_by == actor.user.as_str();
    let decide = || {
        Permit::unless(&[
            (!actor.holds_any(APPROVERS), MissingRole, &|| {
                "Needs the approver role".to_owned()
            }),
            (status != S::Pending, State, &|| {
                format!("It is {status}: only a pending request is decided")
            }),
            (own, MakerChecker, &|| {
                "You entered this request, so a second person decides it".to_owned()
            }),
        ])
    };
    WithdrawalPermits {
        approve: decide(),
        reject: decide(),
        cancel: Permit::unless(&[
            (!actor.holds_any(CANCELLERS), MissingRole, &|| {
                "Needs the officer or approver role".to_owned()
            }),
            (!matches!(status, S::Pending | S::Approved), State, &|| {
                format!("It is {status}: only a pending or approved request is cancelled")
            }),
        ]),
        reveal: Permit::unless(&[(!actor.holds_any(REVEALERS), MissingRole, &|| {
            "Needs the officer, approver or admin role".to_owned()
        })]),
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

    #[test]
    fn the_enterer_never_decides_their_own_request_even_as_approver() {
        let both = actor("ada", &[Role::Officer, Role::Approver]);
        let facts = WithdrawalFacts {
            status: WithdrawalStatus::Pending,
            requested_by: "ada",
        };
        let permits = withdrawal_permits(&both, facts);
        assert_eq!(permits.approve.refused_by, Some(Refusal::MakerChecker));
        assert_eq!(permits.reject.refused_by, Some(Refusal::MakerChecker));
        assert!(permits.cancel.allowed, "the enterer may withdraw it");
        let other = actor("bo", &[Role::Approver]);
        assert!(withdrawal_permits(&other, facts).approve.allowed);
    }

    #[test]
    fn a_decided_request_is_not_decided_again() {
        let approver = actor("bo", &[Role::Approver]);
        let facts = WithdrawalFacts {
            status: WithdrawalStatus::Approved,
            requested_by: "ada",
        };
        let permits = withdrawal_permits(&approver, facts);
        assert_eq!(permits.approve.refused_by, Some(Refusal::State));
        assert!(permits.cancel.allowed);
        let auditor = actor("cy", &[Role::Auditor]);
        assert_eq!(
            withdrawal_permits(&auditor, facts).reveal.refused_by,
            Some(Refusal::MissingRole)
        );
    }
}
