//! What the signed-in actor may do with a withdrawal request now, and why not: the rules the
//! operations enforce, stated for the screen (the operations check them again when acting).

use super::{BatchStatus, PayoutItemStatus, WithdrawalStatus};
use crate::control::{Actor, Permit, Refusal, Role};

/// Who enters and cancels requests.
pub const ENTERERS: &[Role] = &[Role::Officer];
/// Who approves and rejects them.
pub const APPROVERS: &[Role] = &[Role::Approver];
/// Who may cancel one that is not yet sent.
pub const CANCELLERS: &[Role] = &[Role::Officer, Role::Approver];
/// Who may see a payee's bank details in clear, with a reason, on the audit log.
pub const REVEALERS: &[Role] = &[Role::Officer, Role::Approver, Role::Admin];

/// Who builds, submits and cancels batches.
pub const BATCH_BUILDERS: &[Role] = &[Role::Officer];
/// Who sends an approved batch's files and confirms what the bank did.
pub const BATCH_HANDLERS: &[Role] = &[Role::Officer, Role::Approver];

/// What a batch's permits depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchFacts<'a> {
    pub status: BatchStatus,
    pub created_by: &'a str,
    pub items: usize,
}

/// What the actor may do with a payout batch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BatchPermits {
    pub add: Permit,
    pub submit: Permit,
    pub approve: Permit,
    pub reject: Permit,
    pub cancel: Permit,
    pub execute: Permit,
}

pub fn batch_permits(actor: &Actor, b: BatchFacts<'_>) -> BatchPermits {
    use BatchStatus as S;
    use Refusal::{MakerChecker, MissingRole, State};
    let status = b.status;
    let not = |roles: &[Role]| !actor.holds_any(roles);
    let outside = |wanted: &[S]| !wanted.contains(&status);
    let officer = || "Needs the officer role".to_owned();
    let approver = || "Needs the approver role".to_owned();
    let handler = || "Needs the officer or approver role".to_owned();
    let draft = || format!("It is {status}: only a draft takes withdrawals or is submitted");
    let pending = || format!("It is {status}: only a submitted batch is approved or rejected");
    let open = || format!("It is {status}: an executed batch is confirmed item by item");
    let approved = || format!("It is {status}: only an approved batch is executed");
    let own = || "You built this batch, so a second person approves it".to_owned();
    let empty = || "It has no withdrawals yet".to_owned();
    let decide = |extra: &[(bool, Refusal, &dyn Fn() -> String)]| {
        let mut conditions: Vec<(bool, Refusal, &dyn Fn() -> String)> = vec![
            (not(APPROVERS), MissingRole, &approver),
            (outside(&[S::PendingApproval]), State, &pending),
        ];
        conditions.extend_from_slice(extra);
        Permit::unless(&conditions)
    };
    BatchPermits {
        add: Permit::unless(&[
            (not(BATCH_BUILDERS), MissingRole, &officer),
            (outside(&[S::Draft]), State, &draft),
        ]),
        submit: Permit::unless(&[
            (not(BATCH_BUILDERS), MissingRole, &officer),
            (outside(&[S::Draft]), State, &draft),
            (b.items == 0, State, &empty),
        ]),
        approve: decide(&[(b.created_by == actor.user.as_str(), MakerChecker, &own)]),
        reject: decide(&[]),
        cancel: Permit::unless(&[
            (not(BATCH_HANDLERS), MissingRole, &handler),
            (
                outside(&[S::Draft, S::PendingApproval, S::Approved]),
                State,
                &open,
            ),
        ]),
        execute: Permit::unless(&[
            (not(BATCH_HANDLERS), MissingRole, &handler),
            (outside(&[S::Approved, S::Executed]), State, &approved),
        ]),
    }
}

/// Whether the actor may confirm what the bank did with an item now, and why not.
pub fn confirm_permit(actor: &Actor, status: PayoutItemStatus) -> Permit {
    Permit::unless(&[
        (
            !actor.holds_any(BATCH_HANDLERS),
            Refusal::MissingRole,
            &|| "Needs the officer or approver role".to_owned(),
        ),
        (status != PayoutItemStatus::Sent, Refusal::State, &|| {
            format!("It is {status}: only an item sent to the bank is confirmed")
        }),
    ])
}

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
    fn the_builder_of_a_batch_never_approves_it_even_as_approver() {
        let both = actor("ada", &[Role::Officer, Role::Approver]);
        let facts = BatchFacts {
            status: BatchStatus::PendingApproval,
            created_by: "ada",
            items: 3,
        };
        assert_eq!(
            batch_permits(&both, facts).approve.refused_by,
            Some(Refusal::MakerChecker)
        );
        let other = actor("bo", &[Role::Approver]);
        let permits = batch_permits(&other, facts);
        assert!(permits.approve.allowed && permits.reject.allowed);
        assert_eq!(
            permits.execute.refused_by,
            Some(Refusal::State),
            "approved first"
        );
        let empty = BatchFacts {
            status: BatchStatus::Draft,
            created_by: "ada",
            items: 0,
        };
        assert_eq!(
            batch_permits(&both, empty).submit.refused_by,
            Some(Refusal::State)
        );
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
