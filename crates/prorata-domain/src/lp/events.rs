//! Distribution events (DESIGN §8): proceeds of a deal (revenue, an exit, a dividend) shared
//! by its LP units. An event is drafted, calculated (holdings snapshotted and the total
//! allocated by units), approved by someone who neither drafted nor calculated it (its entry
//! posted then), and completed once every allocation is withdrawn, or by hand; or cancelled
//! with a reason while nothing is withdrawn or pending against it.

use super::LpError;
use crate::control::{Actor, Permit, Refusal, Role};
use crate::states::state;

state!(
    LpError,
    /// What brought the proceeds in.
    EventKind {
        Revenue => "revenue",
        Exit => "exit",
        Dividend => "dividend",
        Other => "other",
    }
);

state!(
    LpError,
    /// An event's lifecycle.
    EventStatus {
        Draft => "draft",
        Calculated => "calculated",
        Active => "active",
        Completed => "completed",
        Cancelled => "cancelled",
    }
);

/// Who drafts, calculates, completes and cancels events.
pub const EVENT_KEEPERS: &[Role] = &[Role::Officer];
/// Who approves them (never the one who drafted or calculated the event).
pub const EVENT_APPROVERS: &[Role] = &[Role::Approver];

/// What can happen to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAction {
    Calculate,
    Approve,
    Complete,
    Cancel,
}

impl EventAction {
    pub fn as_str(self) -> &'static str {
        match self {
            EventAction::Calculate => "calculated",
            EventAction::Approve => "approved",
            EventAction::Complete => "completed",
            EventAction::Cancel => "cancelled",
        }
    }
}

impl EventStatus {
    /// The state `action` leads to from this one, or why it cannot happen. Calculating is
    /// done once: a wrong snapshot is cancelled and drafted again.
    pub fn after(self, action: EventAction) -> Result<EventStatus, LpError> {
        use EventAction as A;
        use EventStatus as S;
        match (self, action) {
            (S::Draft, A::Calculate) => Ok(S::Calculated),
            (S::Calculated, A::Approve) => Ok(S::Active),
            (S::Active, A::Complete) => Ok(S::Completed),
            (S::Draft | S::Calculated | S::Active, A::Cancel) => Ok(S::Cancelled),
            (from, action) => Err(LpError::Transition {
                from: from.as_str(),
                action: action.as_str(),
            }),
        }
    }

    /// Whether its allocations take withdrawals now.
    pub fn takes_withdrawals(self) -> bool {
        self == EventStatus::Active
    }
}

/// Whether the actor may draft an event.
pub fn draft_permit(actor: &Actor) -> Permit {
    let officer = || "Needs the officer role".to_owned();
    Permit::unless(&[(
        !actor.holds_any(EVENT_KEEPERS),
        Refusal::MissingRole,
        &officer,
    )])
}

/// What an event's permits depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventFacts<'a> {
    pub status: EventStatus,
    pub created_by: &'a str,
    pub calculated_by: Option<&'a str>,
    /// Whether anything was ever withdrawn or is pending against its allocations.
    pub drawn_on: bool,
}

/// What the actor may do with an event now, and why not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventPermits {
    pub calculate: Permit,
    pub approve: Permit,
    pub complete: Permit,
    pub cancel: Permit,
}

pub fn event_permits(actor: &Actor, e: EventFacts<'_>) -> EventPermits {
    use EventStatus as S;
    use Refusal::{MakerChecker, MissingRole, State};
    let status = e.status;
    let not = |roles: &[Role]| !actor.holds_any(roles);
    let outside = |wanted: &[S]| !wanted.contains(&status);
    let me = actor.user.as_str();
    let officer = || "Needs the officer role".to_owned();
    let approver = || "Needs the approver role".to_owned();
    let draft = || format!("It is {status}: only a draft is calculated");
    let calculated = || format!("It is {status}: only a calculated event is approved");
    let active = || format!("It is {status}: only an active event is completed");
    let open = || format!("It is {status}: it cannot be cancelled now");
    let mine = || "You drafted or calculated this event, so a second person approves it".to_owned();
    let drawn = || "Money was withdrawn or is pending against its allocations".to_owned();
    EventPermits {
        calculate: Permit::unless(&[
            (not(EVENT_KEEPERS), MissingRole, &officer),
            (outside(&[S::Draft]), State, &draft),
        ]),
        approve: Permit::unless(&[
            (not(EVENT_APPROVERS), MissingRole, &approver),
            (outside(&[S::Calculated]), State, &calculated),
            (
                e.created_by == me || e.calculated_by == Some(me),
                MakerChecker,
                &mine,
            ),
        ]),
        complete: Permit::unless(&[
            (not(EVENT_KEEPERS), MissingRole, &officer),
            (outside(&[S::Active]), State, &active),
        ]),
        cancel: Permit::unless(&[
            (not(EVENT_KEEPERS), MissingRole, &officer),
            (outside(&[S::Draft, S::Calculated, S::Active]), State, &open),
            (e.drawn_on, State, &drawn),
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_moves_forward_only_and_is_cancelled_before_it_ends() {
        use EventAction as A;
        use EventStatus as S;
        assert_eq!(S::Draft.after(A::Calculate), Ok(S::Calculated));
        assert_eq!(S::Calculated.after(A::Approve), Ok(S::Active));
        assert_eq!(S::Active.after(A::Complete), Ok(S::Completed));
        assert_eq!(S::Active.after(A::Cancel), Ok(S::Cancelled));
        assert!(S::Draft.after(A::Approve).is_err());
        assert!(S::Calculated.after(A::Calculate).is_err());
        assert!(S::Completed.after(A::Cancel).is_err());
        assert_eq!(
            S::Cancelled
                .after(A::Complete)
                .expect_err("ended")
                .to_string(),
            "cancelled events cannot be completed"
        );
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Ok(*s));
        }
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Ok(*k));
        }
    }
}
