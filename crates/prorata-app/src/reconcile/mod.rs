//! Reconciliation: what the book says against what happened. `reconcile ledger` ties every
//! subledger to its ledger accounts; bank statements come with the payouts flow.

mod ledger;

pub use ledger::{LedgerReconciliation, ReconciliationCheck, reconcile_ledger};
