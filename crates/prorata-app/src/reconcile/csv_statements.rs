//! `prorata bank mapping --bank BANK ...`: how a bank's CSV statements are read, saved for its
//! account; `prorata bank import FILE --bank BANK --format csv [--preview]`: a statement read
//! through it, shown before anything is kept.

use super::bank_named;
use prorata_bankfiles::{BankStatement, CsvMapping, read_csv_statement};
use prorata_domain::control::Role;
use prorata_store::payouts::BankAccountRecord;
use prorata_store::reconcile::{
    CsvMappingRecord, insert_csv_mapping, latest_csv_mapping, statement_of_file,
};
use prorata_store::{PgConnection, Store};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::statements::{StatementFormat, read_statement_file};
use crate::clock::Clock;
use crate::crypto::DataKey;
use crate::operation::{Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, stored};

const MAP: OperationSpec = OperationSpec {
    name: "bank.csv_mapping",
    roles: &[Role::Officer, Role::Admin],
    purpose: "save how bank statements are read",
};

/// The most lines a preview shows.
pub const MAX_PREVIEW_LINES: usize = 20;

/// A mapping as given: each column by its header's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CsvMappingInput {
    pub date_column: String,
    pub amount_column: Option<String>,
    pub debit_column: Option<String>,
    pub credit_column: Option<String>,
    pub reference_column: Option<String>,
    pub end_to_end_column: Option<String>,
    pub description_column: Option<String>,
    /// A chrono format such as `%Y-%m-%d` or `%d.%m.%Y`.
    pub date_format: String,
    /// `.` or `,`.
    pub decimal_separator: String,
    /// `,`, `;`, `|` or `tab`.
    pub delimiter: String,
}

fn one_char(field: &str, text: &str) -> Result<char, Error> {
    if text.eq_ignore_ascii_case("tab") || text == "\t" {
        return Ok('\t');
    }
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(Error::invalid(
            field,
            format!("\"{text}\" is not one character"),
        )),
    }
}

impl CsvMappingInput {
    fn mapping(&self) -> Result<CsvMapping, Error> {
        let name = |n: &Option<String>| {
            n.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        let mapping = CsvMapping {
            date_column: self.date_column.trim().to_owned(),
            amount_column: name(&self.amount_column),
            debit_column: name(&self.debit_column),
            credit_column: name(&self.credit_column),
            reference_column: name(&self.reference_column),
            end_to_end_column: name(&self.end_to_end_column),
            description_column: name(&self.description_column),
            date_format: self.date_format.trim().to_owned(),
            decimal_separator: one_char("decimal_separator", &self.decimal_separator)?,
            delimiter: one_char("delimiter", &self.delimiter)?,
        };
        if mapping.date_column.is_empty() {
            return Err(Error::invalid(
                "date_column",
                "name the column of the booking date",
            ));
        }
        mapping.check().map_err(|e| Error::invalid("mapping", e))?;
        Ok(mapping)
    }
}

fn mapping_of(r: CsvMappingRecord) -> CsvMapping {
    CsvMapping {
        date_column: r.date_column,
        amount_column: r.amount_column,
        debit_column: r.debit_column,
        credit_column: r.credit_column,
        reference_column: r.reference_column,
        end_to_end_column: r.end_to_end_column,
        description_column: r.description_column,
        date_format: r.date_format,
        decimal_separator: r.decimal_separator.chars().next().unwrap_or('.'),
        delimiter: r.delimiter.chars().next().unwrap_or(','),
    }
}

/// Saves how the account's CSV statements are read; the newest mapping is the one used.
pub async fn set_csv_mapping(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
    input: &CsvMappingInput,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mapping = input.mapping()?;
    let mut op = Operation::begin(store, clock, session, MAP, idempotency_key).await?;
    let program_id = session.program.id;
    let account = bank_named(op.tx(), program_id, bank).await?;
    let request = json!({ "bank_id": account.id, "mapping": input });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let record = CsvMappingRecord {
        date_column: mapping.date_column,
        amount_column: mapping.amount_column,
        debit_column: mapping.debit_column,
        credit_column: mapping.credit_column,
        reference_column: mapping.reference_column,
        end_to_end_column: mapping.end_to_end_column,
        description_column: mapping.description_column,
        date_format: mapping.date_format,
        decimal_separator: mapping.decimal_separator.to_string(),
        delimiter: mapping.delimiter.to_string(),
        set_by: session.user().to_owned(),
        set_at: clock.now(),
    };
    let at = (program_id, account.id, account.currency.as_str());
    let id = insert_csv_mapping(op.tx(), at, &record).await?;
    op.audit(format!("bank:{}", account.id), request).await?;
    op.finish(Created { id }).await
}

/// A CSV statement of the account, read through its newest mapping.
pub(crate) async fn read_csv(
    conn: &mut PgConnection,
    account: &BankAccountRecord,
    file: &[u8],
    statement_id: &str,
) -> Result<BankStatement, Error> {
    let mapping = latest_csv_mapping(conn, account.id).await?.ok_or_else(|| {
        Error::invalid(
            "format",
            format!(
                "no CSV mapping is saved for {}: save one with `prorata bank mapping`",
                account.name
            ),
        )
    })?;
    let currency = stored::currency(&account.currency)?;
    read_csv_statement(file, &mapping_of(mapping), currency, statement_id)
        .map_err(|e| Error::invalid("file", e))
}

/// A line as a preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PreviewLine {
    /// Where it is in the file: `line 2`, `entry 3`.
    pub origin: String,
    pub booking_date: Option<String>,
    /// `credit` or `debit`.
    pub direction: String,
    pub amount: String,
    pub bank_reference: Option<String>,
    pub end_to_end_id: Option<String>,
    pub remittance: Option<String>,
}

/// A file as it would be imported, nothing kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatementPreview {
    pub format: StatementFormat,
    pub file_sha256: String,
    /// Whether this very file was imported already (importing it again keeps nothing).
    pub imported_before: bool,
    pub statements: u32,
    pub lines: u32,
    /// The lines' debits and credits, each added up.
    pub debits: String,
    pub credits: String,
    pub currency: String,
    /// The first lines, as they would be kept.
    pub first_lines: Vec<PreviewLine>,
    pub warnings: Vec<String>,
}

/// Reads a statement file as `bank import` would, and shows it: nothing is kept.
pub async fn preview_statement_file(
    store: &Store,
    session: &Session,
    bank: &str,
    (file, format): (&[u8], StatementFormat),
    data_key: Option<&DataKey>,
) -> Result<StatementPreview, Error> {
    session
        .actor
        .require_any(MAP.roles, "import bank statements")?;
    let program_id = session.program.id;
    let mut conn = store.acquire().await?;
    let account = bank_named(&mut conn, program_id, bank).await?;
    let read =
        read_statement_file(&mut conn, program_id, &account, (file, format), data_key).await?;
    let imported_before = statement_of_file(&mut conn, account.id, &read.file_sha256)
        .await?
        .is_some();
    let currency = stored::currency(&account.currency)?;
    let lines = read.statements.iter().flat_map(|s| s.lines.iter());
    let (mut debits, mut credits) = (0i128, 0i128);
    for line in lines.clone() {
        if line.credit {
            credits += line.amount.minor_units();
        } else {
            debits += line.amount.minor_units();
        }
    }
    let first_lines = lines
        .clone()
        .take(MAX_PREVIEW_LINES)
        .map(|l| PreviewLine {
            origin: l.origin.clone(),
            booking_date: l.booking_date.map(|d| d.to_string()),
            direction: if l.credit { "credit" } else { "debit" }.to_owned(),
            amount: l.amount.to_string(),
            bank_reference: l.bank_reference.clone(),
            end_to_end_id: l.end_to_end_id.clone(),
            remittance: l.remittance.clone(),
        })
        .collect();
    let count =
        |n: usize| u32::try_from(n).map_err(|_| Error::new(Code::Internal, "too many lines"));
    Ok(StatementPreview {
        format,
        file_sha256: read.file_sha256.clone(),
        imported_before,
        statements: count(read.statements.len())?,
        lines: count(lines.count())?,
        debits: stored::wide_amount(debits, currency)?,
        credits: stored::wide_amount(credits, currency)?,
        currency: account.currency.clone(),
        first_lines,
        warnings: read
            .statements
            .iter()
            .flat_map(|s| {
                s.warnings
                    .iter()
                    .map(move |w| format!("statement {}: {w}", s.id))
            })
            .collect(),
    })
}
