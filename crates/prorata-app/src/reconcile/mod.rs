//! Reconciliation: what the book says against what happened. `reconcile ledger` ties every
//! subledger to its ledger accounts; `statements.rs` keeps the banks' statements and their
//! lines, which the bank's reconciliation matches.

mod bank;
mod ledger;
mod statements;

pub use bank::{
    BankMatchView, BankReconciliation, MAX_MATCHES_PER_WRITE, SuggestedMatch, reconcile_bank,
};
pub use ledger::{LedgerReconciliation, ReconciliationCheck, reconcile_ledger};
pub use prorata_domain::reconciliation::{
    DEFAULT_WINDOW_BUSINESS_DAYS, MAX_WINDOW_BUSINESS_DAYS, MatchOutcome, MatchRule,
};
pub use statements::{
    BankLineView, BankStatementsImported, MAX_LINES_LISTED, import_bank_statement, list_bank_lines,
};
