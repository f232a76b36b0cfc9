//! Prorata's documents: the investor statement of a period, the distribution notice of a
//! distribution, the monthly community revenue report and a bank account's reconciliation
//! report, rendered as PDF/A-2b from plain data (`model`, `revenue_report`,
//! `bank_reconciliation`).
//!
//! Nothing here reads a store, a clock or a random source, and nothing iterates an unordered
//! map: the same model gives the same bytes, in one process or two, in any order of
//! generation. A statement whose lines do not make the ledger's closing balance is refused,
//! never rendered.

mod bank_reconciliation;
mod digest;
pub mod exports;
mod fonts;
mod layout;
mod model;
mod notice;
mod render;
mod revenue_report;
mod statement;
pub mod text;

use prorata_domain::{Currency, Money};
use sha2::{Digest, Sha256};

pub use bank_reconciliation::{
    BankReconciliationReport, MAX_RECONCILIATION_LINES, MatchedByRule, OpenEntry, WaitingResolution,
};
pub use digest::short as short_digest;
pub use model::{
    AllocationLine, DistributionNotice, InvestorStatement, Issuer, ProfitLine, Recipient,
    StatementSummary, WithdrawalLine,
};
pub use revenue_report::{CommunityLine, MAX_REPORT_LINES, RevenueMonthLine, RevenueReport};

/// Why a document was not made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    /// Its lines do not make the balance the ledger holds.
    #[error("{statement_id} does not tie: its lines make {made}, the ledger holds {ledger}")]
    DoesNotTie {
        statement_id: String,
        made: String,
        ledger: String,
    },
    #[error("{0}")]
    Invalid(String),
    /// The PDF writer refused the document (a PDF/A rule, a font).
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

impl StatementError {
    pub(crate) fn invalid(message: impl Into<String>) -> StatementError {
        StatementError::Invalid(message.into())
    }
}

/// A rendered document: its bytes, their SHA-256 and the digest of what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub document_id: String,
    pub bytes: Vec<u8>,
    pub sha256: [u8; 32],
    pub content_digest: [u8; 32],
    pub pages: usize,
}

/// The investor statement as PDF/A-2b, once its lines tie to the ledger's closing balance.
pub fn investor_statement(statement: &InvestorStatement) -> Result<Rendered, StatementError> {
    let summary = statement.summary()?;
    check_texts(
        statement.recipient.name.as_str(),
        &statement.issuer.name,
        || {
            statement
                .profit
                .iter()
                .map(|l| l.deal_name.as_str())
                .chain(
                    statement
                        .allocations
                        .iter()
                        .flat_map(|l| [l.deal_name.as_str(), l.event_title.as_str()]),
                )
                .chain(
                    statement
                        .withdrawals_paid
                        .iter()
                        .map(|l| l.bank_account.as_str()),
                )
                .chain(
                    statement
                        .withdrawals_pending
                        .iter()
                        .map(|l| l.bank_account.as_str()),
                )
                .collect()
        },
    )?;
    let pages = statement::pages(statement, &summary)?;
    let heading = Heading {
        document_id: &statement.statement_id,
        title: "Investor statement",
        issuer: &statement.issuer.name,
        issued_on: statement.issued_on,
    };
    finish(&heading, &pages, statement.digest())
}

/// The distribution notice as PDF/A-2b, once its calculation adds up.
pub fn distribution_notice(notice: &DistributionNotice) -> Result<Rendered, StatementError> {
    notice.check()?;
    check_texts(&notice.recipient.name, &notice.issuer.name, || {
        vec![notice.deal_name.as_str()]
    })?;
    let pages = notice::pages(notice);
    let heading = Heading {
        document_id: &notice.notice_id,
        title: "Distribution notice",
        issuer: &notice.issuer.name,
        issued_on: notice.issued_on,
    };
    finish(&heading, &pages, notice.digest())
}

/// The monthly community revenue report as PDF/A-2b.
pub fn community_revenue_report(report: &RevenueReport) -> Result<Rendered, StatementError> {
    report.check()?;
    check_texts("", &report.issuer.name, || {
        report
            .top_communities
            .iter()
            .flat_map(|(_, lines)| lines.iter().map(|c| c.community.as_str()))
            .collect()
    })?;
    let pages = revenue_report::pages(report);
    let heading = Heading {
        document_id: &report.report_id,
        title: "Community revenue",
        issuer: &report.issuer.name,
        issued_on: report.issued_on,
    };
    finish(&heading, &pages, report.digest())
}

/// The bank reconciliation report of one account as PDF/A-2b.
pub fn bank_reconciliation_report(
    report: &BankReconciliationReport,
) -> Result<Rendered, StatementError> {
    report.check()?;
    check_texts("", &report.issuer.name, || {
        let mut texts = vec![report.bank.as_str()];
        texts.extend(report.open_lines.iter().map(|e| e.reference.as_str()));
        texts.extend(report.open_remittances.iter().map(|e| e.reference.as_str()));
        texts.extend(report.waiting.iter().map(|w| w.reason.as_str()));
        texts
    })?;
    let pages = bank_reconciliation::pages(report);
    let heading = Heading {
        document_id: &report.report_id,
        title: "Bank reconciliation",
        issuer: &report.issuer.name,
        issued_on: report.issued_on,
    };
    finish(&heading, &pages, report.digest())
}

/// What a document says of itself on every page and in its metadata.
struct Heading<'a> {
    document_id: &'a str,
    title: &'a str,
    issuer: &'a str,
    issued_on: chrono::NaiveDate,
}

/// The PDF of `pages`, headed by `heading` and marked with the short form of the digest of
/// what the document says.
fn finish(
    heading: &Heading<'_>,
    pages: &[layout::Page],
    content_digest: [u8; 32],
) -> Result<Rendered, StatementError> {
    let identity = render::Identity {
        document_id: heading.document_id,
        title: heading.title,
        issuer: heading.issuer,
        issued_on: heading.issued_on,
        short_digest: &digest::short(&content_digest),
    };
    let bytes = render::pdf(&identity, pages)?;
    let sha256 = Sha256::digest(&bytes).into();
    Ok(Rendered {
        document_id: identity.document_id.to_owned(),
        bytes,
        sha256,
        content_digest,
        pages: pages.len(),
    })
}

fn check_texts<'a>(
    recipient: &str,
    issuer: &str,
    others: impl FnOnce() -> Vec<&'a str>,
) -> Result<(), StatementError> {
    fonts::check_covered("the investor's name", recipient)?;
    fonts::check_covered("the organisation's name", issuer)?;
    others()
        .into_iter()
        .try_for_each(|text| fonts::check_covered("the text", text))
}

/// The document id a Prorata PDF names itself by, read from its metadata: what `statement
/// verify` looks a file up by when its bytes are not those of any issued document.
pub fn document_id_in(bytes: &[u8]) -> Option<String> {
    const MARK: &[u8] = b"prorata-document:";
    let start = bytes.windows(MARK.len()).position(|w| w == MARK)? + MARK.len();
    let id: Vec<u8> = bytes[start..]
        .iter()
        .take(120)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .copied()
        .collect();
    (!id.is_empty()).then(|| String::from_utf8_lossy(&id).into_owned())
}

/// The total of `amounts`, all in `currency`.
pub(crate) fn sum(
    currency: Currency,
    mut amounts: impl Iterator<Item = Money>,
) -> Result<Money, StatementError> {
    amounts.try_fold(Money::zero(currency), |total, amount| {
        total
            .checked_add(amount)
            .map_err(|e| StatementError::invalid(e.to_string()))
    })
}
