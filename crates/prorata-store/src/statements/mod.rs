//! Statements in PostgreSQL (DESIGN §7): the documents issued (`documents.rs`: each once,
//! with its SHA-256 and its sealed bytes) and what they are made from (`sources.rs`: the
//! payables, their balances at a period's ends, the distributions and withdrawals that moved
//! them, read for many investors in a constant number of statements), and the rows of the CSV
//! exports (`exports.rs`, a page at a time).

mod documents;
mod exports;
mod mail;
mod sources;

pub use documents::{
    DocumentRecord, NewDocument, document_context, document_sealed, find_document,
    find_document_by_row, find_documents_by_sha256, insert_documents, list_documents,
};
pub use exports::{
    DistributionExportRow, PostingExportRow, ShareExportRow, WithdrawalExportRow,
    distributions_page, postings_page, shares_page, withdrawals_page,
};
pub use mail::{
    MailSettingsRecord, SendableDocument, claim_send, finish_send, mail_settings, period_documents,
    save_mail_settings,
};
pub use sources::{
    NoticeSource, PayableRecord, ProfitRecord, WithdrawalSource, balances_at, notice_source,
    payables, profit_lines, withdrawals_paid, withdrawals_pending,
};

/// The transaction a statement write runs in.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

#[derive(Debug, thiserror::Error)]
pub enum StatementStoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),

    /// PostgreSQL refused a write by one of its own checks.
    #[error("refused by the store: {0}")]
    Refused(String),
}

impl From<sqlx::Error> for StatementStoreError {
    fn from(error: sqlx::Error) -> StatementStoreError {
        if let sqlx::Error::Database(db) = &error
            && matches!(
                db.code().as_deref(),
                Some("23514" | "23001" | "P0001" | "23503")
            )
        {
            return StatementStoreError::Refused(db.message().to_owned());
        }
        StatementStoreError::Database(error)
    }
}
