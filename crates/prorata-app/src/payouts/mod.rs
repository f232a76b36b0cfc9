//! Paying people (DESIGN §6): the organisation's bank accounts, remittances in against a
//! deal's receivable, and withdrawal requests out of a payee's payable: held while pending,
//! decided by a second person, released when rejected or cancelled.
//!
//! One file per operation or close group; `read.rs` answers the lists and pages, `views.rs`
//! says what the front ends see.

mod banks;
mod batch;
mod batch_views;
mod confirm;
mod decide;
mod errors;
mod execute;
mod read;
mod remit;
mod request;
mod reveal;
mod views;

pub use banks::{NewBankAccount, add_bank_account, list_bank_accounts};
pub use batch::{
    MAX_ITEMS_PER_BATCH, add_to_batch, approve_batch, cancel_batch, create_batch, reject_batch,
    submit_batch,
};
pub use batch_views::{BatchView, PayoutItemView};
pub(crate) use confirm::confirm_lines_in_op;
pub use confirm::{
    Confirmation, ReportConfirmed, ReportLine, confirm_item, confirm_report, confirm_report_csv,
};
pub use decide::{approve_withdrawal, cancel_withdrawal, reject_withdrawal};
pub use execute::{ExecutedBatch, IssuedFile, execute_batch};
pub use read::{list_batches, list_withdrawals, payee_balances, show_batch, show_withdrawal};
pub use remit::{NewRemittance, list_remittances, record_remittance};
pub use request::{NewWithdrawal, Payee, request_withdrawal};
pub use reveal::{RevealedBankDetails, reveal_withdrawal};
pub(crate) use views::time_text;
pub use views::{BankAccountView, RemittanceView, WithdrawalView};

/// The most rows one list returns.
pub const MAX_LIST_ROWS: i64 = 10_000;
