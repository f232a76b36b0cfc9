//! A line resolved by hand: matched to a payout item or a remittance of its amount, or set
//! aside, always with a reason; above the account's review threshold, approved by a second
//! person before it takes effect.

use crate::control::{Actor, Permit, Refusal, Role};
use crate::states::state;

use super::{LineKind, MatchOutcome, ReconciliationError};

state!(
    ReconciliationError,
    /// Where a resolution stands: waiting for an approver's review, in effect, or rejected
    /// (its line open again).
    ResolutionStatus {
        PendingReview => "pending_review",
        Applied => "applied",
        Rejected => "rejected",
    }
);

/// Who resolves lines by hand.
pub const RESOLVERS: &[Role] = &[Role::Officer];
/// Who reviews a resolution above the threshold.
pub const REVIEWERS: &[Role] = &[Role::Approver];

/// What a person says a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolvedAs {
    Item,
    Remittance,
    Ignored,
}

/// The outcome a person's resolution has: a plain debit pays an item, a return returns one,
/// a plain credit settles a remittance, and any line may be set aside.
pub fn resolution_outcome(
    kind: LineKind,
    resolved_as: ResolvedAs,
) -> Result<MatchOutcome, &'static str> {
    match (resolved_as, kind) {
        (ResolvedAs::Ignored, _) => Ok(MatchOutcome::Ignored),
        (ResolvedAs::Item, LineKind::Debit) => Ok(MatchOutcome::Paid),
        (ResolvedAs::Item, LineKind::Return) => Ok(MatchOutcome::Returned),
        (ResolvedAs::Remittance, LineKind::Credit) => Ok(MatchOutcome::Remitted),
        (ResolvedAs::Item, _) => {
            Err("only a plain debit pays a payout item, and a return returns one")
        }
        (ResolvedAs::Remittance, _) => Err("only a plain credit settles a remittance"),
    }
}

/// Whether a resolution of this amount waits for an approver: above the threshold, or
/// always when the account has none.
pub fn needs_review(amount_minor: i64, review_above_minor: Option<i64>) -> bool {
    review_above_minor.is_none_or(|above| amount_minor > above)
}

/// Whether the actor may review this resolution now, and why not.
pub fn review_permit(actor: &Actor, status: ResolutionStatus, resolved_by: &str) -> Permit {
    Permit::unless(&[
        (!actor.holds_any(REVIEWERS), Refusal::MissingRole, &|| {
            "Needs the approver role".to_owned()
        }),
        (
            actor.user.as_str() == resolved_by,
            Refusal::MakerChecker,
            &|| "You resolved this line: another person reviews it".to_owned(),
        ),
        (
            status != ResolutionStatus::PendingReview,
            Refusal::State,
            &|| format!("It is {status}: only a resolution waiting for review is reviewed"),
        ),
    ])
}
