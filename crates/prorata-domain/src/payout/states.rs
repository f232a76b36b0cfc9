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
}
