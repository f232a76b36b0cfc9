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

pub use export::{Exported, export};
pub use issue::{IssuedDocument, StatementRequest, issue_statement};
pub use mail::{
    MailSettings, MailSettingsView, SMTP_KEYRING_SERVICE, set_mail_settings, show_mail_settings,
};
pub use notice::issue_notice;
pub use read::{MAX_LISTED_DOCUMENTS, list_statements, verify_statement};
pub use run::{MAX_PAYABLES_PER_RUN, PeriodRunReport, SkippedInvestor, issue_period};
pub use send::{NotSent, SendReport, send_period};
pub use views::DocumentView;
