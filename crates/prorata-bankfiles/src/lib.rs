//! The files a bank takes: an ISO 20022 credit-transfer initiation (pain.001.001.09) and a
//! CSV list of the same payments, written from plain data (no store, no clock: the caller
//! gives every date), so the same batch always gives the same bytes; and the report a bank
//! gives back on them (CSV), read into plain data.

mod camt053;
mod csv_list;
mod csv_statement;
mod pain001;
mod payment_report;

use chrono::NaiveDate;
use prorata_domain::payout::{AccountNumber, Bic};
use prorata_domain::{Currency, Money};
use thiserror::Error;

pub use camt053::{
    BankStatement, Camt053, CamtError, MAX_STATEMENT_LINES, StatementLine, read_camt053,
};
pub use csv_list::payment_list_csv;
pub use csv_statement::{CsvMapping, CsvStatementError, MAX_FIELD_CHARS, read_csv_statement};
pub use pain001::{PAIN_001_NAMESPACE, credit_transfer_xml};
pub use payment_report::{
    PaymentReportError, ReportedOutcome, ReportedPayment, read_payment_report,
};

/// The most payments one file carries: far above a day's payouts, and a bound on memory.
pub const MAX_PAYMENTS: usize = 100_000;
/// The longest name banks take in a payment file (the schema allows 140; banks refuse more
/// than 70), in characters.
pub const MAX_NAME_CHARS: usize = 70;

/// The account paid from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    pub name: String,
    pub account: AccountNumber,
    pub bic: Option<Bic>,
    pub bank_name: Option<String>,
}

/// One payment to one payee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// The reference the bank carries back on its statement (`EndToEndId`).
    pub end_to_end_id: String,
    pub amount: Money,
    pub creditor_name: String,
    pub creditor_account: AccountNumber,
    pub creditor_bank: String,
    /// What the payee reads on their statement.
    pub remittance: String,
}

/// A batch of payments in one currency from one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentBatch {
    /// The message's id (`MsgId`, and `PmtInfId`), unique per batch.
    pub message_id: String,
    /// When the file was made, as `YYYY-MM-DDTHH:MM:SS` (from the batch, never a clock).
    pub created_at: String,
    pub execution_date: NaiveDate,
    pub initiating_party: String,
    pub debtor: Debtor,
    pub currency: Currency,
    pub payments: Vec<Payment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BankFileError {
    #[error("a payment file needs at least one payment")]
    Empty,
    #[error("a payment file takes at most {MAX_PAYMENTS} payments, not {0}")]
    TooMany(usize),
    #[error("payment {index}: {problem}")]
    Payment { index: usize, problem: String },
    #[error("{0} is not an identifier of 1 to 35 letters, digits and hyphens")]
    Identifier(String),
    #[error("writing the file: {0}")]
    Writing(String),
}

/// Names as banks take them: at most 70 characters, cut at a character, never mid-letter.
pub(crate) fn bank_name_text(name: &str) -> String {
    name.trim().chars().take(MAX_NAME_CHARS).collect()
}

fn identifier(text: &str) -> Result<(), BankFileError> {
    let fits = (1..=35).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if fits {
        Ok(())
    } else {
        Err(BankFileError::Identifier(text.to_owned()))
    }
}

impl PaymentBatch {
    /// Refuses what a bank would refuse: no payments, too many, a zero amount or one in
    /// another currency, identifiers the schema does not take.
    pub fn check(&self) -> Result<(), BankFileError> {
        if self.payments.is_empty() {
            return Err(BankFileError::Empty);
        }
        if self.payments.len() > MAX_PAYMENTS {
            return Err(BankFileError::TooMany(self.payments.len()));
        }
        identifier(&self.message_id)?;
        for (index, p) in self.payments.iter().enumerate() {
            let problem = |problem: String| BankFileError::Payment { index, problem };
            identifier(&p.end_to_end_id)?;
            if p.amount.currency() != self.currency {
                return Err(problem(format!("{} is not in {}", p.amount, self.currency)));
            }
            if p.amount.minor_units() <= 0 {
                return Err(problem(format!("{} is not above zero", p.amount)));
            }
            if p.creditor_name.trim().is_empty() {
                return Err(problem("the payee has no name".to_owned()));
            }
        }
        Ok(())
    }

    /// The sum of the payments, which `CtrlSum` states.
    pub fn total(&self) -> Result<Money, BankFileError> {
        let mut total = Money::zero(self.currency);
        for p in &self.payments {
            total = total
                .checked_add(p.amount)
                .map_err(|e| BankFileError::Writing(e.to_string()))?;
        }
        Ok(total)
    }

    /// SEPA only for euros paid between IBANs; any other payment is a plain credit transfer
    /// with its charges shared.
    pub fn is_sepa(&self) -> bool {
        self.currency.code() == "EUR"
            && self.debtor.account.is_iban()
            && self.payments.iter().all(|p| p.creditor_account.is_iban())
    }
}
