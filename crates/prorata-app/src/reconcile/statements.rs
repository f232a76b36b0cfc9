//! `prorata bank import FILE --bank BANK [--format camt053|csv]` and `bank lines --bank
//! BANK`: a bank's statement of one of the program's accounts (camt.053, or CSV through the
//! account's saved mapping), read by prorata-bankfiles and kept with its lines for matching. A file of another account or in another currency is refused, nothing
//! kept; the same file imported again, or a statement of the same id, imports nothing; a line
//! the bank referenced (`AcctSvcrRef`) that an overlapping statement brought already is kept
//! once. A statement whose lines do not add up to its balances is kept with the warning that
//! says by how much.

use super::bank_named;
use prorata_bankfiles::{BankStatement, read_camt053};
use prorata_domain::control::Role;
use prorata_store::PgConnection;
use prorata_store::Store;
use prorata_store::crypto::DataKey;
use prorata_store::payouts::{BankAccountRecord, bank_account_context};
use prorata_store::reconcile::{
    BankLineRecord, NewBankStatement, bank_lines as stored_lines, insert_bank_lines,
    insert_bank_statement, statement_of_file,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::csv_statements::read_csv;
use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::responses::Items;
use crate::session::Session;
use crate::{Code, Error, stored};

const IMPORT: OperationSpec = OperationSpec {
    name: "bank_statement.imported",
    roles: &[Role::Officer, Role::Admin],
    purpose: "import bank statements",
};

/// The most lines `bank lines` shows: the newest statements'.
pub const MAX_LINES_LISTED: i64 = 10_000;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BankStatementsImported {
    pub file_sha256: String,
    pub format: String,
    /// Statements kept now, and statements of these ids kept before (nothing done again).
    pub statements: u32,
    pub already_imported: u32,
    /// Lines kept now, and lines an overlapping statement brought already.
    pub lines: u32,
    pub duplicate_lines: u32,
    /// Each statement's warnings, named by its id.
    pub warnings: Vec<String>,
}

/// A line as `bank lines` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BankLineView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub booking_date: Option<String>,
    /// `credit` or `debit`.
    pub direction: String,
    pub amount: String,
    pub currency: String,
    pub reversal: bool,
    pub status: String,
    pub end_to_end_id: Option<String>,
    pub bank_reference: Option<String>,
    pub payment_information_id: Option<String>,
    pub return_reason: Option<String>,
    pub counterparty: Option<String>,
    pub remittance: Option<String>,
}

/// The formats a statement file comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StatementFormat {
    /// ISO 20022 camt.053, any version.
    Camt053,
    /// CSV, read through the mapping saved for the account.
    Csv,
}

impl StatementFormat {
    fn as_str(self) -> &'static str {
        match self {
            StatementFormat::Camt053 => "camt.053",
            StatementFormat::Csv => "csv",
        }
    }
}

/// A file read and checked against its account: its statements, nothing kept yet.
pub(crate) struct ReadFile {
    pub(crate) file_sha256: String,
    pub(crate) format: StatementFormat,
    pub(crate) message_id: String,
    pub(crate) statements: Vec<BankStatement>,
}

/// Reads a statement file of the account in its format: a camt.053's account checked
/// against the sealed number (the data key opens it) and its currency against the account's;
/// a CSV through the account's saved mapping.
pub(crate) async fn read_statement_file(
    conn: &mut PgConnection,
    program_id: i64,
    account: &BankAccountRecord,
    (file, format): (&[u8], StatementFormat),
    data_key: Option<&DataKey>,
) -> Result<ReadFile, Error> {
    let file_sha256 = {
        use sha2::{Digest, Sha256};
        prorata_store::crypto::to_hex(&Sha256::digest(file))
    };
    let (message_id, statements) = match format {
        StatementFormat::Camt053 => {
            let text = std::str::from_utf8(file)
                .map_err(|_| Error::invalid("file", "it is not UTF-8 text"))?;
            let read = read_camt053(text).map_err(|e| Error::invalid("file", e))?;
            let data_key = data_key.ok_or_else(opening_needs_the_data_key)?;
            let number = data_key.open(
                &account.account_number_sealed,
                &bank_account_context(program_id, &account.name),
            )?;
            for statement in &read.statements {
                refuse_foreign(statement, account, &number)?;
            }
            (read.message_id, read.statements)
        }
        StatementFormat::Csv => {
            let id = format!("csv-{}", &file_sha256[..16]);
            let statement = read_csv(conn, account, file, &id).await?;
            (id, vec![statement])
        }
    };
    Ok(ReadFile {
        file_sha256,
        format,
        message_id,
        statements,
    })
}

pub async fn import_bank_statement(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
    file: &[u8],
    data_key: Option<&DataKey>,
) -> Result<BankStatementsImported, Error> {
    import_statement_file(
        store,
        clock,
        session,
        bank,
        (file, StatementFormat::Camt053),
        data_key,
    )
    .await
}

/// Imports a statement file in either format: once per file digest and statement id, a line
/// the bank referenced once.
pub async fn import_statement_file(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
    (file, format): (&[u8], StatementFormat),
    data_key: Option<&DataKey>,
) -> Result<BankStatementsImported, Error> {
    let digest = {
        use sha2::{Digest, Sha256};
        prorata_store::crypto::to_hex(&Sha256::digest(file))
    };
    let key = format!("bank-import:{}:{digest}", bank.trim());
    let mut op = Operation::begin(store, clock, session, IMPORT, &key).await?;
    let program_id = session.program.id;
    let account = bank_named(op.tx(), program_id, bank).await?;
    let read = read_statement_file(op.tx(), program_id, &account, (file, format), data_key).await?;
    let file_sha256 = read.file_sha256.clone();
    let mut report = BankStatementsImported {
        file_sha256: file_sha256.clone(),
        format: format.as_str().to_owned(),
        statements: 0,
        already_imported: 0,
        lines: 0,
        duplicate_lines: 0,
        warnings: Vec::new(),
    };
    if statement_of_file(op.tx(), account.id, &file_sha256)
        .await?
        .is_some()
    {
        report.already_imported = count(read.statements.len());
        return Ok(report);
    }
    let request = json!({ "bank_id": account.id, "file_sha256": file_sha256 });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    for statement in &read.statements {
        keep(&mut op, clock, (&account, &read), statement, &mut report).await?;
    }
    op.audit(
        format!("bank:{}", account.id),
        json!({ "request": request, "report": &report }),
    )
    .await?;
    op.finish(report).await
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn opening_needs_the_data_key() -> Error {
    Error::new(
        Code::Locked,
        "bank: checking that the statement is of this account needs the organisation's data key, \
         which this workstation has not unlocked: give the organisation passphrase, then try again",
    )
}

/// Refuses a statement of another account, or in another currency, than the bank account's.
fn refuse_foreign(
    statement: &BankStatement,
    account: &BankAccountRecord,
    number: &str,
) -> Result<(), Error> {
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    };
    if plain(&statement.account) != plain(number) {
        let tail: String = statement
            .account
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Err(Error::invalid(
            "file",
            format!(
                "statement {} is of the account ending {tail}, not {}'s (•••• {}): import it for its own account",
                statement.id, account.name, account.account_number_last4
            ),
        ));
    }
    if statement.currency.code() != account.currency {
        return Err(Error::invalid(
            "file",
            format!(
                "statement {} is in {}, not {}'s {}",
                statement.id,
                statement.currency.code(),
                account.name,
                account.currency
            ),
        ));
    }
    Ok(())
}

/// Keeps one statement and its new lines, counting what was there already.
async fn keep(
    op: &mut Operation<'_>,
    clock: &dyn Clock,
    (account, read): (&BankAccountRecord, &ReadFile),
    statement: &BankStatement,
    report: &mut BankStatementsImported,
) -> Result<(), Error> {
    let session = op.session();
    let minor = |m: Option<prorata_domain::Money>| m.map(stored::minor_units).transpose();
    let new = NewBankStatement {
        program_id: session.program.id,
        bank_account_id: account.id,
        currency: &account.currency,
        statement_ref: &statement.id,
        message_ref: &read.message_id,
        format: read.format.as_str(),
        file_sha256: &read.file_sha256,
        opening_booked_minor: minor(statement.opening_booked)?,
        closing_booked_minor: minor(statement.closing_booked)?,
        warnings: &statement.warnings,
        imported_by: session.user(),
        imported_at: clock.now(),
    };
    let Some(id) = insert_bank_statement(op.tx(), &new).await? else {
        report.already_imported += 1;
        return Ok(());
    };
    let lines = statement
        .lines
        .iter()
        .map(|l| {
            Ok(BankLineRecord {
                id: 0,
                statement_id: id,
                amount_minor: stored::minor_units(l.amount)?,
                credit: l.credit,
                reversal: l.reversal,
                status: l.status.clone(),
                booking_date: l.booking_date,
                value_date: l.value_date,
                bank_transaction_code: l.bank_transaction_code.clone(),
                bank_reference: l.bank_reference.clone(),
                detail: i32::try_from(l.detail).unwrap_or(i32::MAX),
                end_to_end_id: l.end_to_end_id.clone(),
                instruction_id: l.instruction_id.clone(),
                payment_information_id: l.payment_information_id.clone(),
                message_id: l.message_id.clone(),
                return_reason: l.return_reason.clone(),
                counterparty: l.counterparty.clone(),
                remittance: l.remittance.clone(),
                origin: l.origin.clone(),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let program = (session.program.id, account.id, account.currency.as_str());
    let kept =
        count(usize::try_from(insert_bank_lines(op.tx(), program, id, &lines).await?).unwrap_or(0));
    report.statements += 1;
    report.lines += kept;
    report.duplicate_lines += count(lines.len()) - kept;
    report.warnings.extend(
        statement
            .warnings
            .iter()
            .map(|w| format!("statement {}: {w}", statement.id)),
    );
    Ok(())
}

/// An account's lines, the newest statement's first.
pub async fn list_bank_lines(
    store: &Store,
    session: &Session,
    bank: &str,
) -> Result<Items<BankLineView>, Error> {
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let account = bank_named(&mut conn, program_id, bank).await?;
    let currency = stored::currency(&account.currency)?;
    let items = stored_lines(&mut conn, program_id, account.id, MAX_LINES_LISTED)
        .await?
        .into_iter()
        .map(|l| {
            Ok(BankLineView {
                id: l.id,
                booking_date: l.booking_date.map(|d| d.to_string()),
                direction: if l.credit { "credit" } else { "debit" }.to_owned(),
                amount: stored::amount(l.amount_minor, currency)?,
                currency: account.currency.clone(),
                reversal: l.reversal,
                status: l.status,
                end_to_end_id: l.end_to_end_id,
                bank_reference: l.bank_reference,
                payment_information_id: l.payment_information_id,
                return_reason: l.return_reason,
                counterparty: l.counterparty,
                remittance: l.remittance,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Items { items })
}
