//! Statements (DESIGN §7): the kinds of document issued to investors, who issues and reads
//! them, and the ids printed on them, made from what they are about so that one document
//! has one id in any process.

use chrono::NaiveDate;

use crate::Currency;
use crate::control::Role;
use crate::states::state;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementKindError {
    #[error("\"{0}\" is not a kind of document: investor_statement or distribution_notice")]
    UnknownStatus(String),
}

state!(
    StatementKindError,
    /// What an issued document is: the statement of an investor's period in one currency,
    /// or the notice of one distribution to one investor.
    DocumentKind {
        InvestorStatement => "investor_statement",
        DistributionNotice => "distribution_notice",
    }
);

/// Who issues statements and notices.
pub const ISSUERS: &[Role] = &[Role::Officer];
/// Who may read and verify issued documents: everyone in the program.
pub const READERS: &[Role] = &[Role::Admin, Role::Officer, Role::Approver, Role::Auditor];

/// `STMT-{program}-{investor}-{currency}-{from}-{to}`, dates as `YYYYMMDD`.
pub fn statement_id(
    program_id: i64,
    investor_id: i64,
    currency: Currency,
    from: NaiveDate,
    to: NaiveDate,
) -> String {
    format!(
        "STMT-{program_id}-{investor_id}-{}-{}-{}",
        currency.code(),
        from.format("%Y%m%d"),
        to.format("%Y%m%d")
    )
}

/// `NOTE-{program}-{distribution}-{investor}`.
pub fn notice_id(program_id: i64, distribution_id: i64, investor_id: i64) -> String {
    format!("NOTE-{program_id}-{distribution_id}-{investor_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_from_what_the_document_is_about() {
        let ngn = Currency::from_code("NGN").expect("NGN");
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("date");
        assert_eq!(
            statement_id(1, 17, ngn, day(11, 1), day(11, 30)),
            "STMT-1-17-NGN-20261101-20261130"
        );
        assert_eq!(notice_id(1, 42, 17), "NOTE-1-42-17");
        assert_eq!(
            DocumentKind::parse("distribution_notice"),
            Ok(DocumentKind::DistributionNotice)
        );
        assert!(DocumentKind::parse("letter").is_err());
    }
}
