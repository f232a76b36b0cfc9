//! Reconciliation: what the book says against what happened. `reconcile ledger` ties every
//! subledger to its ledger accounts; `statements.rs` keeps the banks' statements and their
//! lines, which the bank's reconciliation matches.

mod bank;
mod ledger;
mod statements;

pub use bank::{BankMatchView, BankReconciliation, reconcile_bank};
pub use ledger::{LedgerReconciliation, ReconciliationCheck, reconcile_ledger};
pub use statements::{
    BankLineView, BankStatementsImported, MAX_LINES_LISTED, import_bank_statement, list_bank_lines,
};
