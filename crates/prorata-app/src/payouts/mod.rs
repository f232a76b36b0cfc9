//! Paying people (DESIGN §6): the organisation's bank accounts, remittances in against a
//! deal's receivable, and withdrawal requests out of a payee's payable: held while pending,
//! decided by a second person, released when rejected or cancelled.
//!
//! One file per operation or close group; `read.rs` answers the lists and pages, `views.rs`
//! says what the front ends see.

mod banks;
mod decide;
mod errors;
mod read;
mod remit;
mod request;
mod reveal;
mod views;

pub use banks::{NewBankAccount, add_bank_account, list_bank_accounts};
pub use decide::{approve_withdrawal, cancel_withdrawal, reject_withdrawal};
pub use read::{list_withdrawals, show_withdrawal};
pub use remit::{NewRemittance, list_remittances, record_remittance};
pub use request::{NewWithdrawal, Payee, request_withdrawal};
pub use reveal::{RevealedBankDetails, reveal_withdrawal};
pub use views::{BankAccountView, RemittanceView, WithdrawalView};

/// The most rows one list returns.
pub const MAX_LIST_ROWS: i64 = 10_000;
