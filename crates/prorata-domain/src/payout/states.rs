//! The states of a withdrawal request and the kinds of a remittance, as the SQL CHECK
//! constraints name them.

use super::PayoutError;
use crate::states::state;

state!(
    PayoutError,
    /// A withdrawal request holds its amount on the payee's payable while PENDING; an
    /// approver (not its enterer) approves or rejects it; a payout batch sends it, and the
    /// bank's confirmation makes it PAID or FAILED. Rejected, cancelled and failed requests
    /// void their hold, so the money is available again.
    WithdrawalStatus {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
        Cancelled => "cancelled",
        Sent => "sent",
        Paid => "paid",
        Failed => "failed",
    }
);

state!(
    PayoutError,
    /// What a remittance settles: a deal's profit (its profit receivable) or its proceeds
    /// (its proceeds receivable, from LP events).
    RemittanceKind {
        Profit => "profit",
        Proceeds => "proceeds",
    }
);

state!(
    PayoutError,
    /// A payout batch is built (draft), submitted, approved by someone who did not build it,
    /// and executed into the bank's files; or rejected with a reason, or cancelled, which
    /// releases its withdrawals to join another batch.
    BatchStatus {
        Draft => "draft",
        PendingApproval => "pending_approval",
        Approved => "approved",
        Executed => "executed",
        Rejected => "rejected",
        Cancelled => "cancelled",
    }
);

state!(
    PayoutError,
    /// A withdrawal's place in a batch: queued until the batch is executed, then sent, and
    /// confirmed paid or failed; released when its batch is rejected or cancelled.
    PayoutItemStatus {
        Queued => "queued",
        Sent => "sent",
        Paid => "paid",
        Failed => "failed",
        Released => "released",
    }
);

/// What can happen to a payout batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchAction {
    Add,
    Submit,
    Approve,
    Reject,
    Cancel,
    Execute,
}

impl BatchAction {
    pub fn as_str(self) -> &'static str {
        match self {
            BatchAction::Add => "added to",
            BatchAction::Submit => "submitted",
            BatchAction::Approve => "approved",
            BatchAction::Reject => "rejected",
            BatchAction::Cancel => "cancelled",
            BatchAction::Execute => "executed",
        }
    }
}

impl BatchStatus {
    /// The state `action` leads to, or why it cannot happen. Executing twice is not a
    /// transition: the operation answers it with the files already issued.
    pub fn after(self, action: BatchAction) -> Result<BatchStatus, PayoutError> {
        use BatchAction as A;
        use BatchStatus as S;
        match (self, action) {
            (S::Draft, A::Add) => Ok(S::Draft),
            (S::Draft, A::Submit) => Ok(S::PendingApproval),
            (S::PendingApproval, A::Approve) => Ok(S::Approved),
            (S::PendingApproval, A::Reject) => Ok(S::Rejected),
            (S::Draft | S::PendingApproval | S::Approved, A::Cancel) => Ok(S::Cancelled),
            (S::Approved, A::Execute) => Ok(S::Executed),
            (from, action) => Err(PayoutError::BatchTransition {
                from: from.as_str(),
                action: action.as_str(),
            }),
        }
    }
}

/// What can happen to a withdrawal request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawalAction {
    Approve,
    Reject,
    Cancel,
    Send,
    Pay,
    Fail,
}

impl WithdrawalAction {
    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawalAction::Approve => "approved",
            WithdrawalAction::Reject => "rejected",
            WithdrawalAction::Cancel => "cancelled",
            WithdrawalAction::Send => "sent",
            WithdrawalAction::Pay => "paid",
            WithdrawalAction::Fail => "failed",
        }
    }
}

impl WithdrawalStatus {
    /// The state `action` leads to from this one, or why it cannot happen. Once sent to the
    /// bank a request is only confirmed: paid, or failed.
    pub fn after(self, action: WithdrawalAction) -> Result<WithdrawalStatus, PayoutError> {
        use WithdrawalAction as A;
        use WithdrawalStatus as S;
        match (self, action) {
            (S::Pending, A::Approve) => Ok(S::Approved),
            (S::Pending, A::Reject) => Ok(S::Rejected),
            (S::Pending | S::Approved, A::Cancel) => Ok(S::Cancelled),
            (S::Approved, A::Send) => Ok(S::Sent),
            (S::Sent, A::Pay) => Ok(S::Paid),
            (S::Sent, A::Fail) => Ok(S::Failed),
            (from, action) => Err(PayoutError::Transition {
                from: from.as_str(),
                action: action.as_str(),
            }),
        }
    }

    /// Whether its hold still reserves the amount (it is neither paid nor released).
    pub fn holds_funds(self) -> bool {
        matches!(
            self,
            WithdrawalStatus::Pending | WithdrawalStatus::Approved | WithdrawalStatus::Sent
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back_from_its_own_name() {
        for s in WithdrawalStatus::ALL {
            assert_eq!(WithdrawalStatus::parse(s.as_str()), Ok(*s));
        }
        for b in BatchStatus::ALL {
            assert_eq!(BatchStatus::parse(b.as_str()), Ok(*b));
        }
        for i in PayoutItemStatus::ALL {
            assert_eq!(PayoutItemStatus::parse(i.as_str()), Ok(*i));
        }
        for k in RemittanceKind::ALL {
            assert_eq!(RemittanceKind::parse(k.as_str()), Ok(*k));
        }
    }

    #[test]
    fn a_request_moves_forward_only_and_ends_once() {
        use WithdrawalAction as A;
        use WithdrawalStatus as S;
        assert_eq!(S::Pending.after(A::Approve), Ok(S::Approved));
        assert_eq!(S::Pending.after(A::Reject), Ok(S::Rejected));
        assert_eq!(S::Approved.after(A::Cancel), Ok(S::Cancelled));
        assert_eq!(S::Sent.after(A::Pay), Ok(S::Paid));
        let ends = [S::Rejected, S::Cancelled, S::Paid, S::Failed];
        let actions = [A::Approve, A::Reject, A::Cancel, A::Send, A::Pay, A::Fail];
        for end in ends {
            assert!(!end.holds_funds(), "{end} releases or spends its hold");
            for action in actions {
                assert!(end.after(action).is_err(), "{end} is final");
            }
        }
        assert!(
            S::Sent.after(A::Cancel).is_err(),
            "money sent to the bank is confirmed, never cancelled"
        );
        assert!(S::Approved.after(A::Approve).is_err(), "approved once");
    }

    #[test]
    fn a_batch_is_built_submitted_approved_and_executed_once() {
        use BatchAction as A;
        use BatchStatus as S;
        let path = [A::Add, A::Submit, A::Approve, A::Execute];
        let end = path.iter().try_fold(S::Draft, |s, a| s.after(*a));
        assert_eq!(end, Ok(S::Executed));
        for action in [
            A::Add,
            A::Submit,
            A::Approve,
            A::Reject,
            A::Cancel,
            A::Execute,
        ] {
            assert!(S::Executed.after(action).is_err(), "money leaves once");
            assert!(
                S::Rejected.after(action).is_err(),
                "a rejected batch is done"
            );
        }
        assert!(S::Draft.after(A::Approve).is_err(), "submitted first");
        assert!(
            S::PendingApproval.after(A::Add).is_err(),
            "frozen once submitted"
        );
        assert!(
            S::PendingApproval.after(A::Execute).is_err(),
            "approved first"
        );
    }
}
