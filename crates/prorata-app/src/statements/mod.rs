//! Statements (DESIGN §7): investor statements and distribution notices, made from the ledger
//! and its subledgers by prorata-statements, each issued once with its SHA-256 recorded and
//! its bytes sealed; verified against that record.
//!
//! One file per operation or close group: `issue.rs` (one investor's statement), `notice.rs`
//! (one distribution's notice), `run.rs` (a month's statements of every investor), `read.rs`
//! (list and verify), `export.rs` (the CSV exports), `mail.rs` (the SMTP server) and
//! `send.rs` (a month's statements e-mailed, each at most once); `sources.rs` reads what statements are made of, `views.rs` says what
//! the front ends see.

mod errors;
mod export;
mod issue;
mod mail;
mod notice;
mod read;
mod run;
mod send;
mod sources;
mod views;

pub use export::{Exported, export, export_into};
pub use issue::{IssuedDocument, StatementRequest, issue_statement};
pub(crate) use issue::{destination, rendering_error};
pub use mail::{
    MailSettings, MailSettingsView, SMTP_KEYRING_SERVICE, set_mail_settings, show_mail_settings,
};
pub use notice::issue_notice;
pub use prorata_domain::statement::StatementPermits;
pub use read::{
    MAX_LISTED_DOCUMENTS, list_statements, save_statement, statement_pdf, statement_permits,
    verify_statement,
};
pub use run::{MAX_PAYABLES_PER_RUN, PeriodRunReport, SkippedInvestor, issue_period};
pub use send::{NotSent, SendReport, send_period};
pub use views::DocumentView;

/// The data key a statement is sealed and opened with, or the error that says how to unlock
/// it: for front ends that may not have it yet.
pub fn unlocked(
    data_key: Option<&prorata_store::crypto::DataKey>,
) -> Result<&prorata_store::crypto::DataKey, crate::Error> {
    data_key.ok_or_else(|| crate::secrets::sealing_needs_the_data_key("statement"))
}
