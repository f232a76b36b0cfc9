//! Reconciliation: what the book says against what happened. `reconcile ledger` ties every
//! subledger to its ledger accounts; `statements.rs` keeps the banks' statements and their
//! lines, which the bank's reconciliation matches.

mod bank;
mod csv_statements;
mod ledger;
mod open;
mod resolve;
mod statements;
mod summary;
mod views;

pub use bank::{
    BankMatchView, BankReconciliation, MAX_MATCHES_PER_WRITE, SuggestedMatch, reconcile_bank,
};
pub use csv_statements::{
    CsvMappingInput, MAX_PREVIEW_LINES, PreviewLine, StatementPreview, preview_statement_file,
    set_csv_mapping,
};
pub use ledger::{LedgerReconciliation, ReconciliationCheck, reconcile_ledger};
pub use open::{MAX_OPEN_LISTED, open_on_account};
pub use prorata_domain::reconciliation::{
    DEFAULT_WINDOW_BUSINESS_DAYS, MAX_WINDOW_BUSINESS_DAYS, MatchOutcome, MatchRule,
    ResolutionStatus,
};
pub use resolve::{
    LineResolution, ReviewDecision, resolve_line, review_resolution, set_review_threshold,
};
pub use statements::{
    BankLineView, BankStatementsImported, MAX_LINES_LISTED, StatementFormat, import_bank_statement,
    import_statement_file, list_bank_lines,
};
pub use summary::{
    BankReconciliationView, MAX_RECENT_MATCHES, MatchRowView, ReconciliationFile,
    ReconciliationWritten, RuleTotalView, bank_reconciliation, write_reconciliation_csv,
    write_reconciliation_into, write_reconciliation_pdf,
};
pub use views::{OpenItemView, OpenLineView, OpenOnAccount, OpenRemittanceView, ResolutionView};

/// The program's bank account of this id or name, or a clear refusal naming what was given.
pub(crate) async fn bank_named(
    conn: &mut prorata_store::PgConnection,
    program_id: i64,
    bank: &str,
) -> Result<prorata_store::payouts::BankAccountRecord, crate::Error> {
    prorata_store::payouts::find_bank_account(conn, program_id, bank.trim())
        .await?
        .ok_or_else(|| {
            crate::Error::invalid("bank", format!("no bank account is named {}", bank.trim()))
        })
}
