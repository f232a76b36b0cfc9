//! Paying people (DESIGN §6): the organisation's bank accounts and the numbers they and
//! payees are paid with, remittances in, and withdrawal requests out, each with its states
//! and what an actor may do with it now.

mod account_number;
mod error;
mod permits;
mod states;

pub use account_number::{AccountNumber, Bic, MAX_ACCOUNT_NUMBER_CHARS, masked_last_four};
pub use error::PayoutError;
pub use permits::{
    APPROVERS, BATCH_BUILDERS, BATCH_HANDLERS, BatchFacts, BatchPermits, CANCELLERS, ENTERERS,
    REVEALERS, WithdrawalFacts, WithdrawalPermits, batch_permits, confirm_permit,
    withdrawal_permits,
};
pub use states::{
    BatchAction, BatchStatus, PayoutItemStatus, RemittanceKind, WithdrawalAction, WithdrawalStatus,
};

/// The id a batch's payment file carries as its `MsgId` and `PmtInfId`, and a bank's statement
/// carries back: unique per program and batch.
pub fn batch_message_id(program_id: i64, batch_id: i64) -> String {
    format!("PRORATA-{program_id}-BATCH-{batch_id}")
}
