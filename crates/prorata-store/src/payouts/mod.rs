//! Paying people in PostgreSQL (DESIGN §6): the organisation's bank accounts, remittances
//! and withdrawal requests. Amounts are integer minor units; account numbers and payees'
//! names are sealed by the caller (prorata-store::crypto) before they reach these tables.

mod banks;
mod batch_marks;
mod batches;
mod remittances;
mod withdrawals;

use thiserror::Error;

use crate::deals::id_or_name;

pub use banks::{
    BankAccountRecord, NewBankAccount, bank_account_context, find_bank_account,
    insert_bank_account, list_bank_accounts,
};
pub use batch_marks::{
    BatchAct, ConfirmedItem, ItemOutcome, mark_batch_approved, mark_batch_closed, mark_executed,
    mark_item_confirmed, mark_items_confirmed, mark_submitted,
};
pub use batches::{
    BatchRecord, FileRecord, ItemRecord, NewItem, REFRESH_STATISTICS_FROM_ITEMS, batch_totals,
    files_of, find_batch, find_item, insert_batch, insert_items, items_of, list_batches,
    live_batches_of, lock_batch, lock_items_by_reference, lock_withdrawal_holds, lock_withdrawals,
    program_name, refresh_statistics, withdrawals_of_batch,
};
pub use remittances::{NewRemittance, RemittanceRecord, insert_remittance, list_remittances};
pub use withdrawals::{
    NewWithdrawal, WithdrawalRecord, find_withdrawal, insert_withdrawal, list_withdrawals,
    lock_withdrawal, mark_cancelled, mark_decided, payee_totals, withdrawal_context,
};

/// The transaction a payout write runs in.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

#[derive(Debug, Error)]
pub enum PayoutStoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),

    /// PostgreSQL refused a write by one of its own checks: the rules the application
    /// checks first, enforced a second time.
    #[error("refused by the store: {0}")]
    Refused(String),
}

impl From<sqlx::Error> for PayoutStoreError {
    fn from(error: sqlx::Error) -> PayoutStoreError {
        if let sqlx::Error::Database(db) = &error
            && matches!(
                db.code().as_deref(),
                Some("23514" | "23001" | "P0001" | "23503")
            )
        {
            return PayoutStoreError::Refused(db.message().to_owned());
        }
        PayoutStoreError::Database(error)
    }
}
