//! The statement a bank gives: ISO 20022 camt.053 (Bank-to-Customer Statement) of any
//! version that keeps its element names (.001.02, .001.04, .001.08 and the others between),
//! read into plain data whatever the namespace says, with serde structs of our own over
//! quick-xml: the maintained ISO 20022 crates cover pain and SEPA, not camt.053's versions
//! and batches.
//!
//! The statement's lines are its entries, except that a batched entry with several
//! transaction details is a line per detail, each with the detail's own amount: never the
//! entry's total twice. A statement whose lines do not take its opening booked balance to its
//! closing one, or one with balances in another currency than its entries', is read with a
//! warning saying so; a malformed amount or a line in a second currency is refused.

use chrono::NaiveDate;
use prorata_domain::{Currency, Money};
use thiserror::Error;

/// The most entries (and details) one file may hold: far above a day's statement, and a
/// bound on memory.
pub const MAX_STATEMENT_LINES: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CamtError {
    #[error("not a camt.053 statement Prorata can read: {0}")]
    Malformed(String),
    #[error("the file's namespace is {0}, not camt.053")]
    NotCamt053(String),
    #[error("statement {statement}: {what}")]
    Statement { statement: String, what: String },
    #[error("a statement holds at most {0} lines")]
    TooManyLines(usize),
}

/// A file's statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Camt053 {
    /// `camt.053.001.02`, `camt.053.001.08`, …
    pub version: String,
    pub message_id: String,
    pub statements: Vec<BankStatement>,
}

/// One statement of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankStatement {
    pub id: String,
    /// The account's IBAN, or its other id.
    pub account: String,
    /// The currency of its entries (the account's, where the file names it).
    pub currency: Currency,
    /// Opening and closing booked balances, signed (a debit balance is negative); `None`
    /// where the file has none in the statement's currency.
    pub opening_booked: Option<Money>,
    pub closing_booked: Option<Money>,
    pub lines: Vec<StatementLine>,
    /// What a reader must know: entries not adding up to the balances and by how much,
    /// balances in another currency.
    pub warnings: Vec<String>,
}

/// One line of a statement: an entry, or one transaction of a batched entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// Its amount, above zero; `credit` says which way.
    pub amount: Money,
    pub credit: bool,
    /// The entry undoes an earlier one (`RvslInd`).
    pub reversal: bool,
    /// `BOOK`, `PDNG` or `INFO`.
    pub status: String,
    pub booking_date: Option<NaiveDate>,
    pub value_date: Option<NaiveDate>,
    /// `PMNT/RCDT/ESCT`: domain, family and sub-family; else the proprietary code.
    pub bank_transaction_code: Option<String>,
    /// The bank's reference of the entry (`AcctSvcrRef`): what overlapping statements share.
    pub bank_reference: Option<String>,
    pub end_to_end_id: Option<String>,
    pub instruction_id: Option<String>,
    /// The batch's payment information id and message id, for a batched entry.
    pub payment_information_id: Option<String>,
    pub message_id: Option<String>,
    /// A return's reason code (`RtrInf`), e.g. `AC06`.
    pub return_reason: Option<String>,
    pub counterparty: Option<String>,
    pub remittance: Option<String>,
    /// 0 for a whole entry; else its place among its batched entry's details, from 1.
    pub detail: u32,
    /// Its place in the file: `entry 2` or `entry 2, detail 1`.
    pub origin: String,
}

impl StatementLine {
    /// The line's effect on the balance: credits add, debits take away.
    pub fn signed_minor_units(&self) -> i128 {
        if self.credit {
            self.amount.minor_units()
        } else {
            -self.amount.minor_units()
        }
    }
}

/// Reads a camt.053 file of any version.
pub fn read_camt053(xml: &str) -> Result<Camt053, CamtError> {
    let version = namespace_version(xml)?;
    let document: raw::Document =
        quick_xml::de::from_str(xml).map_err(|e| CamtError::Malformed(e.to_string()))?;
    let statement = document.statement;
    let mut statements = Vec::with_capacity(statement.statements.len());
    let mut lines = 0usize;
    for s in statement.statements {
        let read = read_statement(s)?;
        lines += read.lines.len();
        if lines > MAX_STATEMENT_LINES {
            return Err(CamtError::TooManyLines(MAX_STATEMENT_LINES));
        }
        statements.push(read);
    }
    Ok(Camt053 {
        version,
        message_id: statement.header.message_id,
        statements,
    })
}

/// `camt.053.001.NN` from the document's default namespace.
fn namespace_version(xml: &str) -> Result<String, CamtError> {
    const PREFIX: &str = "urn:iso:std:iso:20022:tech:xsd:";
    let at = xml
        .find(PREFIX)
        .ok_or_else(|| CamtError::Malformed("no ISO 20022 namespace".to_owned()))?;
    let name: String = xml[at + PREFIX.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    if !name.starts_with("camt.053.") {
        return Err(CamtError::NotCamt053(name));
    }
    Ok(name)
}

fn read_statement(s: raw::Statement) -> Result<BankStatement, CamtError> {
    let id = s.id.clone();
    let fail = |what: String| CamtError::Statement {
        statement: id.clone(),
        what,
    };
    let currency_code = s
        .account
        .currency
        .clone()
        .or_else(|| s.entries.first().map(|e| e.amount.currency.clone()))
        .or_else(|| s.balances.first().map(|b| b.amount.currency.clone()))
        .ok_or_else(|| fail("it names no currency and has no entry".to_owned()))?;
    let currency = Currency::from_code(&currency_code).map_err(|e| fail(e.to_string()))?;
    let mut warnings = foreign_balances(&s.balances, currency);
    let opening_booked = match booked_balance(&s.balances, "OPBD", currency).map_err(&fail)? {
        Some(m) => Some(m),
        None => booked_balance(&s.balances, "PRCD", currency).map_err(&fail)?,
    };
    let closing_booked = booked_balance(&s.balances, "CLBD", currency).map_err(&fail)?;
    let mut lines = Vec::new();
    for (n, entry) in s.entries.iter().enumerate() {
        lines.extend(entry_lines(entry, n + 1, currency).map_err(&fail)?);
    }
    if let (Some(open), Some(close)) = (opening_booked, closing_booked) {
        warnings.extend(unbalanced(open, close, &lines).map_err(&fail)?);
    }
    Ok(BankStatement {
        id: s.id,
        account: s
            .account
            .id
            .iban
            .or(s.account.id.other.map(|o| o.id))
            .unwrap_or_default(),
        currency,
        opening_booked,
        closing_booked,
        lines,
        warnings,
    })
}

/// The balances in another currency than the statement's: reported, never used.
fn foreign_balances(balances: &[raw::Balance], currency: Currency) -> Vec<String> {
    balances
        .iter()
        .filter(|b| b.amount.currency != currency.code())
        .map(|b| {
            format!(
                "its {} balance is in {}, not the statement's {}: it is not used",
                b.kind.code().unwrap_or("unnamed"),
                b.amount.currency,
                currency.code()
            )
        })
        .collect()
}

/// The balance of this type in the statement's currency, signed (a debit balance is
/// negative).
fn booked_balance(
    balances: &[raw::Balance],
    code: &str,
    currency: Currency,
) -> Result<Option<Money>, String> {
    let Some(b) = balances
        .iter()
        .find(|b| b.kind.code() == Some(code) && b.amount.currency == currency.code())
    else {
        return Ok(None);
    };
    let amount = money(&b.amount, currency).map_err(|e| format!("{code} balance: {e}"))?;
    if b.credit_debit.trim() == "DBIT" {
        return Money::from_minor_units(-amount.minor_units(), currency)
            .map(Some)
            .map_err(|e| e.to_string());
    }
    Ok(Some(amount))
}

/// A warning when the booked lines do not take the opening balance to the closing one.
fn unbalanced(
    open: Money,
    close: Money,
    lines: &[StatementLine],
) -> Result<Option<String>, String> {
    let moved: i128 = lines
        .iter()
        .filter(|l| l.status == "BOOK")
        .map(StatementLine::signed_minor_units)
        .sum();
    let off = close.minor_units() - open.minor_units() - moved;
    if off == 0 {
        return Ok(None);
    }
    let currency = open.currency();
    let by = Money::from_minor_units(off.abs(), currency).map_err(|e| e.to_string())?;
    let reached =
        Money::from_minor_units(open.minor_units() + moved, currency).map_err(|e| e.to_string())?;
    Ok(Some(format!(
        "its booked entries take the opening balance {open} to {reached}, not the closing {close}: they are {by} {} {}",
        currency.code(),
        if off > 0 { "short" } else { "over" }
    )))
}

fn money(amount: &raw::Amount, currency: Currency) -> Result<Money, String> {
    Money::parse(amount.value.trim(), currency)
        .map_err(|e| format!("\"{}\": {e}", amount.value.trim()))
}

/// An entry's lines: itself, or one a detail when it has several.
fn entry_lines(
    entry: &raw::Entry,
    n: usize,
    currency: Currency,
) -> Result<Vec<StatementLine>, String> {
    let origin = format!("entry {n}");
    if entry.amount.currency != currency.code() {
        return Err(format!(
            "{origin} is in {}, not the statement's {}",
            entry.amount.currency,
            currency.code()
        ));
    }
    let amount = money(&entry.amount, currency).map_err(|e| format!("{origin}: {e}"))?;
    let details: Vec<&raw::TransactionDetails> = entry
        .details
        .iter()
        .flat_map(|d| d.transactions.iter())
        .collect();
    let base = base_line(entry, amount, origin);
    if details.len() <= 1 {
        let mut line = base;
        if let Some(d) = details.first() {
            d.fill(&mut line);
        }
        return Ok(vec![line]);
    }
    detail_lines(&base, &details, currency)
}

/// The line an entry is, before its details add their references.
fn base_line(entry: &raw::Entry, amount: Money, origin: String) -> StatementLine {
    let batch = entry.details.iter().find_map(|d| d.batch.as_ref());
    StatementLine {
        amount,
        credit: entry.credit_debit == "CRDT",
        reversal: entry
            .reversal
            .as_deref()
            .is_some_and(|r| r.trim() == "true"),
        status: entry.status.code().unwrap_or("BOOK").to_owned(),
        booking_date: entry.booking_date.as_ref().and_then(raw::DateChoice::day),
        value_date: entry.value_date.as_ref().and_then(raw::DateChoice::day),
        bank_transaction_code: entry.bank_code.as_ref().and_then(raw::BankCode::text),
        bank_reference: entry.bank_reference.clone(),
        end_to_end_id: None,
        instruction_id: None,
        payment_information_id: batch.and_then(|b| b.payment_information_id.clone()),
        message_id: batch.and_then(|b| b.message_id.clone()),
        return_reason: None,
        counterparty: None,
        remittance: entry.additional_info.clone(),
        detail: 0,
        origin,
    }
}

/// A batched entry's lines, one a detail with the detail's own amount, which must add up to
/// the entry's.
fn detail_lines(
    base: &StatementLine,
    details: &[&raw::TransactionDetails],
    currency: Currency,
) -> Result<Vec<StatementLine>, String> {
    let origin = &base.origin;
    let amount = base.amount;
    let mut lines = Vec::with_capacity(details.len());
    let mut total = 0i128;
    for (k, d) in details.iter().enumerate() {
        let at = format!("{origin}, detail {}", k + 1);
        let own = d.amount().ok_or_else(|| {
            format!("{at} has no amount of its own: a batch's details each carry theirs")
        })?;
        if own.currency != currency.code() {
            return Err(format!(
                "{at} is in {}, not the statement's {}",
                own.currency,
                currency.code()
            ));
        }
        let own = money(own, currency).map_err(|e| format!("{at}: {e}"))?;
        total += own.minor_units();
        let mut line = StatementLine {
            amount: own,
            detail: u32::try_from(k + 1).expect("bounded by MAX_STATEMENT_LINES"),
            origin: at,
            ..base.clone()
        };
        d.fill(&mut line);
        lines.push(line);
    }
    if total != amount.minor_units() {
        return Err(format!(
            "{origin}'s {} details add up to {}, not its amount {amount}",
            details.len(),
            Money::from_minor_units(total, currency).map_err(|e| e.to_string())?
        ));
    }
    Ok(lines)
}

/// The document's shape, as far as a statement's lines need it: element names are the same in
/// every version read; what one version adds and another lacks is optional.
mod raw {
    use chrono::NaiveDate;
    use serde::Deserialize;

    use super::StatementLine;

    #[derive(Debug, Deserialize)]
    pub struct Document {
        #[serde(rename = "BkToCstmrStmt")]
        pub statement: BankToCustomer,
    }

    #[derive(Debug, Deserialize)]
    pub struct BankToCustomer {
        #[serde(rename = "GrpHdr")]
        pub header: GroupHeader,
        #[serde(rename = "Stmt", default)]
        pub statements: Vec<Statement>,
    }

    #[derive(Debug, Deserialize)]
    pub struct GroupHeader {
        #[serde(rename = "MsgId")]
        pub message_id: String,
    }

    #[derive(Debug, Deserialize)]
    pub struct Statement {
        #[serde(rename = "Id")]
        pub id: String,
        #[serde(rename = "Acct")]
        pub account: Account,
        #[serde(rename = "Bal", default)]
        pub balances: Vec<Balance>,
        #[serde(rename = "Ntry", default)]
        pub entries: Vec<Entry>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Account {
        #[serde(rename = "Id")]
        pub id: AccountId,
        #[serde(rename = "Ccy")]
        pub currency: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct AccountId {
        #[serde(rename = "IBAN")]
        pub iban: Option<String>,
        #[serde(rename = "Othr")]
        pub other: Option<OtherId>,
    }

    #[derive(Debug, Deserialize)]
    pub struct OtherId {
        #[serde(rename = "Id")]
        pub id: String,
    }

    #[derive(Debug, Deserialize)]
    pub struct Balance {
        #[serde(rename = "Tp")]
        pub kind: BalanceType,
        #[serde(rename = "Amt")]
        pub amount: Amount,
        #[serde(rename = "CdtDbtInd")]
        pub credit_debit: String,
    }

    #[derive(Debug, Deserialize)]
    pub struct BalanceType {
        #[serde(rename = "CdOrPrtry")]
        pub code_or_proprietary: CodeOrProprietary,
    }

    impl BalanceType {
        pub fn code(&self) -> Option<&str> {
            self.code_or_proprietary.code.as_deref().map(str::trim)
        }
    }

    #[derive(Debug, Deserialize)]
    pub struct CodeOrProprietary {
        #[serde(rename = "Cd")]
        pub code: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Amount {
        #[serde(rename = "@Ccy")]
        pub currency: String,
        #[serde(rename = "$text")]
        pub value: String,
    }

    #[derive(Debug, Deserialize)]
    pub struct Entry {
        #[serde(rename = "Amt")]
        pub amount: Amount,
        #[serde(rename = "CdtDbtInd")]
        pub credit_debit: String,
        #[serde(rename = "RvslInd")]
        pub reversal: Option<String>,
        #[serde(rename = "Sts")]
        pub status: Status,
        #[serde(rename = "BookgDt")]
        pub booking_date: Option<DateChoice>,
        #[serde(rename = "ValDt")]
        pub value_date: Option<DateChoice>,
        #[serde(rename = "AcctSvcrRef")]
        pub bank_reference: Option<String>,
        #[serde(rename = "BkTxCd")]
        pub bank_code: Option<BankCode>,
        #[serde(rename = "NtryDtls", default)]
        pub details: Vec<EntryDetails>,
        #[serde(rename = "AddtlNtryInf")]
        pub additional_info: Option<String>,
    }

    /// `<Sts>BOOK</Sts>` up to .001.06, `<Sts><Cd>BOOK</Cd></Sts>` from .001.07.
    #[derive(Debug, Deserialize)]
    pub struct Status {
        #[serde(rename = "$text")]
        pub text: Option<String>,
        #[serde(rename = "Cd")]
        pub code: Option<String>,
    }

    impl Status {
        pub fn code(&self) -> Option<&str> {
            self.code
                .as_deref()
                .or(self.text.as_deref())
                .map(str::trim)
                .filter(|c| !c.is_empty())
        }
    }

    #[derive(Debug, Deserialize)]
    pub struct DateChoice {
        #[serde(rename = "Dt")]
        pub date: Option<String>,
        #[serde(rename = "DtTm")]
        pub date_time: Option<String>,
    }

    impl DateChoice {
        /// The day, from a date or the date part of a date and time as the bank wrote it.
        pub fn day(&self) -> Option<NaiveDate> {
            let text = self.date.as_deref().or(self.date_time.as_deref())?;
            NaiveDate::parse_from_str(text.trim().get(..10)?, "%Y-%m-%d").ok()
        }
    }

    #[derive(Debug, Deserialize)]
    pub struct BankCode {
        #[serde(rename = "Domn")]
        pub domain: Option<Domain>,
        #[serde(rename = "Prtry")]
        pub proprietary: Option<CodeOrProprietary>,
    }

    impl BankCode {
        pub fn text(&self) -> Option<String> {
            match &self.domain {
                Some(d) => Some(format!(
                    "{}/{}/{}",
                    d.code.trim(),
                    d.family.code.trim(),
                    d.family.sub_family.trim()
                )),
                None => self.proprietary.as_ref()?.code.clone(),
            }
        }
    }

    #[derive(Debug, Deserialize)]
    pub struct Domain {
        #[serde(rename = "Cd")]
        pub code: String,
        #[serde(rename = "Fmly")]
        pub family: Family,
    }

    #[derive(Debug, Deserialize)]
    pub struct Family {
        #[serde(rename = "Cd")]
        pub code: String,
        #[serde(rename = "SubFmlyCd")]
        pub sub_family: String,
    }

    #[derive(Debug, Deserialize)]
    pub struct EntryDetails {
        #[serde(rename = "Btch")]
        pub batch: Option<Batch>,
        #[serde(rename = "TxDtls", default)]
        pub transactions: Vec<TransactionDetails>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Batch {
        #[serde(rename = "MsgId")]
        pub message_id: Option<String>,
        #[serde(rename = "PmtInfId")]
        pub payment_information_id: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct TransactionDetails {
        #[serde(rename = "Refs")]
        pub references: Option<References>,
        /// From .001.03 on.
        #[serde(rename = "Amt")]
        pub amount: Option<Amount>,
        #[serde(rename = "AmtDtls")]
        pub amount_details: Option<AmountDetails>,
        #[serde(rename = "RltdPties")]
        pub parties: Option<Parties>,
        #[serde(rename = "RmtInf")]
        pub remittance: Option<Remittance>,
        #[serde(rename = "RtrInf")]
        pub return_info: Option<ReturnInfo>,
        #[serde(rename = "AddtlTxInf")]
        pub additional_info: Option<String>,
    }

    impl TransactionDetails {
        /// The detail's own amount: the transaction amount of its amount details, else its
        /// amount.
        pub fn amount(&self) -> Option<&Amount> {
            self.amount_details
                .as_ref()
                .and_then(|d| d.transaction.as_ref())
                .map(|t| &t.amount)
                .or(self.amount.as_ref())
        }

        /// Copies what the detail says onto its line.
        pub fn fill(&self, line: &mut StatementLine) {
            if let Some(r) = &self.references {
                line.end_to_end_id = r.end_to_end_id.clone().filter(|e| e != "NOTPROVIDED");
                line.instruction_id = r.instruction_id.clone();
                if r.payment_information_id.is_some() {
                    line.payment_information_id = r.payment_information_id.clone();
                }
                if r.message_id.is_some() {
                    line.message_id = r.message_id.clone();
                }
                if r.bank_reference.is_some() && line.bank_reference.is_none() {
                    line.bank_reference = r.bank_reference.clone();
                }
            }
            line.return_reason = self
                .return_info
                .as_ref()
                .and_then(|r| r.reason.as_ref())
                .and_then(|r| r.code.clone());
            line.counterparty = self.parties.as_ref().and_then(Parties::counterparty);
            let remittance = self.remittance.as_ref().and_then(Remittance::text);
            line.remittance = remittance
                .or(self.additional_info.clone())
                .or(line.remittance.take());
        }
    }

    #[derive(Debug, Deserialize)]
    pub struct References {
        #[serde(rename = "MsgId")]
        pub message_id: Option<String>,
        #[serde(rename = "AcctSvcrRef")]
        pub bank_reference: Option<String>,
        #[serde(rename = "PmtInfId")]
        pub payment_information_id: Option<String>,
        #[serde(rename = "InstrId")]
        pub instruction_id: Option<String>,
        #[serde(rename = "EndToEndId")]
        pub end_to_end_id: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct AmountDetails {
        #[serde(rename = "TxAmt")]
        pub transaction: Option<TransactionAmount>,
    }

    #[derive(Debug, Deserialize)]
    pub struct TransactionAmount {
        #[serde(rename = "Amt")]
        pub amount: Amount,
    }

    #[derive(Debug, Deserialize)]
    pub struct Parties {
        #[serde(rename = "Dbtr")]
        pub debtor: Option<Party>,
        #[serde(rename = "Cdtr")]
        pub creditor: Option<Party>,
    }

    impl Parties {
        fn counterparty(&self) -> Option<String> {
            self.creditor
                .as_ref()
                .and_then(Party::name)
                .or_else(|| self.debtor.as_ref().and_then(Party::name))
        }
    }

    /// A party's name: directly (up to .001.06) or under `Pty` (from .001.07).
    #[derive(Debug, Deserialize)]
    pub struct Party {
        #[serde(rename = "Nm")]
        pub name: Option<String>,
        #[serde(rename = "Pty")]
        pub party: Option<Box<Party>>,
    }

    impl Party {
        fn name(&self) -> Option<String> {
            self.name
                .clone()
                .or_else(|| self.party.as_ref().and_then(|p| p.name()))
        }
    }

    #[derive(Debug, Deserialize)]
    pub struct Remittance {
        #[serde(rename = "Ustrd", default)]
        pub unstructured: Vec<String>,
        #[serde(rename = "Strd", default)]
        pub structured: Vec<Structured>,
    }

    impl Remittance {
        fn text(&self) -> Option<String> {
            if !self.unstructured.is_empty() {
                return Some(self.unstructured.join(" "));
            }
            self.structured
                .iter()
                .find_map(|s| s.creditor_reference.as_ref()?.reference.clone())
        }
    }

    #[derive(Debug, Deserialize)]
    pub struct Structured {
        #[serde(rename = "CdtrRefInf")]
        pub creditor_reference: Option<CreditorReference>,
    }

    #[derive(Debug, Deserialize)]
    pub struct CreditorReference {
        #[serde(rename = "Ref")]
        pub reference: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct ReturnInfo {
        #[serde(rename = "Rsn")]
        pub reason: Option<CodeOrProprietary>,
    }
}
