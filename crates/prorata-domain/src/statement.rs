//! Statements (DESIGN §7): the kinds of document issued to investors, who issues and reads
//! them, and the ids printed on them, made from what they are about so that one document
//! has one id in any process.

use chrono::NaiveDate;

use crate::Currency;
use crate::control::{Actor, Permit, Refusal, Role};
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

/// What the actor may do with statements: issue them (a period's, one investor's) and send
/// them; reading, saving and verifying are everyone's in the program.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatementPermits {
    pub issue: Permit,
    pub send: Permit,
}

pub fn statement_permits(actor: &Actor) -> StatementPermits {
    let officer = || "Needs the officer role".to_owned();
    let not_issuer = !actor.holds_any(ISSUERS);
    StatementPermits {
        issue: Permit::unless(&[(not_issuer, Refusal::MissingRole, &officer)]),
        send: Permit::unless(&[(not_issuer, Refusal::MissingRole, &officer)]),
    }
}

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

    #[test]
    fn officers_issue_and_send_statements_and_others_are_told_why_not() {
        let actor = |roles: &[Role]| Actor {
            user: crate::control::UserName::parse("olga").expect("a name"),
            roles: roles.iter().copied().collect(),
        };
        assert!(statement_permits(&actor(&[Role::Officer])).issue.allowed);
        let approver = statement_permits(&actor(&[Role::Approver]));
        assert!(!approver.issue.allowed && !approver.send.allowed);
        assert_eq!(
            approver.send.reason.as_deref(),
            Some("Needs the officer role")
        );
    }
}
