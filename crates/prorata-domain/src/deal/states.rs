//! The states of a deal's objects, as the SQL CHECK constraints name them: one enum per state
//! machine, with its transitions. The same names cross to JSON and TypeScript.

use super::DealError;
use crate::states::state;

state!(
    DealError,
    /// A deal takes capital and values while active; once closed, it takes neither.
    DealStatus {
        Active => "active",
        Closed => "closed",
    }
);

state!(
    DealError,
    /// A performance record is recorded by one person and verified by another.
    PerformanceStatus {
        Recorded => "recorded",
        Verified => "verified",
    }
);

state!(
    DealError,
    /// A distribution is prepared, approved by another person, then posted to the ledger; or
    /// cancelled with a reason before it is posted.
    DistributionStatus {
        Prepared => "prepared",
        Approved => "approved",
        Posted => "posted",
        Cancelled => "cancelled",
    }
);

state!(
    DealError,
    /// A distribution of profit, or a reversal: a correction that undoes a posted one.
    DistributionKind {
        Distribution => "distribution",
        Reversal => "reversal",
    }
);

state!(
    DealError,
    /// Where an investor's share stands on its way to being paid; a reversed share is owed
    /// no more.
    PayoutStatus {
        Unpaid => "unpaid",
        Requested => "requested",
        Paid => "paid",
        Reversed => "reversed",
    }
);

/// What can happen to a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistributionAction {
    Approve,
    Post,
    Cancel,
}

impl DistributionAction {
    pub fn as_str(self) -> &'static str {
        match self {
            DistributionAction::Approve => "approved",
            DistributionAction::Post => "posted",
            DistributionAction::Cancel => "cancelled",
        }
    }
}

impl DistributionStatus {
    /// The state `action` leads to from this one, or why it cannot happen. A posted
    /// distribution is never changed: a correction is a new distribution.
    pub fn after(self, action: DistributionAction) -> Result<DistributionStatus, DealError> {
        use DistributionAction as A;
        use DistributionStatus as S;
        match (self, action) {
            (S::Prepared, A::Approve) => Ok(S::Approved),
            (S::Approved, A::Post) => Ok(S::Posted),
            (S::Prepared | S::Approved, A::Cancel) => Ok(S::Cancelled),
            (from, action) => Err(DealError::Transition {
                from: from.as_str(),
                action: action.as_str(),
            }),
        }
    }

    /// A cancelled distribution holds no mark and blocks no date.
    pub fn is_live(self) -> bool {
        self != DistributionStatus::Cancelled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back_from_its_own_name() {
        for s in DistributionStatus::ALL {
            assert_eq!(DistributionStatus::parse(s.as_str()), Ok(*s));
        }
        for s in PayoutStatus::ALL {
            assert_eq!(PayoutStatus::parse(s.as_str()), Ok(*s));
        }
        for s in DealStatus::ALL {
            assert_eq!(DealStatus::parse(s.as_str()), Ok(*s));
        }
        assert!(DistributionKind::parse("refund").is_err());
    }
}
