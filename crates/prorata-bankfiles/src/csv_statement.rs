//! A bank's statement as CSV, read through the column mapping saved for its account: which
//! columns hold the booking date, the amount (signed, or a debit and a credit column), the
//! bank's reference, an `EndToEndId` and the description; how dates are written; which
//! character separates the decimals; and which separates the fields. The file carries no
//! statement id and no account: the account is the one the mapping is saved for, and the
//! statement is named by the file's digest, which the caller gives.

use chrono::NaiveDate;
use prorata_domain::{Currency, Money};
use thiserror::Error;

use crate::camt053::{BankStatement, MAX_STATEMENT_LINES, StatementLine};

/// The longest text one mapped field keeps, in characters.
pub const MAX_FIELD_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CsvStatementError {
    #[error("the mapping: {0}")]
    Mapping(String),
    #[error("the file is not CSV Prorata can read: {0}")]
    Malformed(String),
    #[error("the file has no column named \"{0}\" (its header names the columns)")]
    MissingColumn(String),
    #[error("line {line}: {what}")]
    Line { line: usize, what: String },
    #[error("a statement holds at most {0} lines")]
    TooManyLines(usize),
}

/// How a bank's CSV statement is read: each column by its header's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvMapping {
    pub date_column: String,
    /// A signed amount (debits negative) …
    pub amount_column: Option<String>,
    /// … or two columns, each a positive amount or empty.
    pub debit_column: Option<String>,
    pub credit_column: Option<String>,
    pub reference_column: Option<String>,
    pub end_to_end_column: Option<String>,
    pub description_column: Option<String>,
    /// A chrono format, e.g. `%d.%m.%Y`.
    pub date_format: String,
    /// `.` or `,`.
    pub decimal_separator: char,
    /// `,`, `;` or a tab.
    pub delimiter: char,
}

impl CsvMapping {
    /// Refuses a mapping that could not read a statement.
    pub fn check(&self) -> Result<(), CsvStatementError> {
        let bad = |what: &str| Err(CsvStatementError::Mapping(what.to_owned()));
        match (&self.amount_column, &self.debit_column, &self.credit_column) {
            (Some(_), None, None) | (None, Some(_), Some(_)) => {}
            _ => return bad("name an amount column, or a debit column and a credit column"),
        }
        if !matches!(self.decimal_separator, '.' | ',') {
            return bad("the decimal separator is . or ,");
        }
        if !matches!(self.delimiter, ',' | ';' | '\t' | '|')
            || self.delimiter == self.decimal_separator && self.delimiter != ','
        {
            return bad("the delimiter is , ; | or a tab");
        }
        if self.date_format.is_empty() || NaiveDate::parse_from_str("x", &self.date_format).is_ok()
        {
            return bad("the date format is a chrono format such as %Y-%m-%d or %d.%m.%Y");
        }
        let sample =
            NaiveDate::from_ymd_opt(2026, 12, 31).map(|d| d.format(&self.date_format).to_string());
        let round_trip = sample
            .as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s, &self.date_format).ok());
        if round_trip != NaiveDate::from_ymd_opt(2026, 12, 31) {
            return bad(
                "the date format is a chrono format of day, month and year, such as %Y-%m-%d or %d.%m.%Y",
            );
        }
        Ok(())
    }
}

/// Reads a CSV statement of an account in `currency` through its mapping.
pub fn read_csv_statement(
    bytes: &[u8],
    mapping: &CsvMapping,
    currency: Currency,
    statement_id: &str,
) -> Result<BankStatement, CsvStatementError> {
    mapping.check()?;
    let delimiter = u8::try_from(mapping.delimiter)
        .map_err(|_| CsvStatementError::Mapping("the delimiter".to_owned()))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| CsvStatementError::Malformed(e.to_string()))?
        .clone();
    let columns = Columns::find(&headers, mapping)?;
    let mut lines = Vec::new();
    for (at, record) in reader.records().enumerate() {
        let line = at + 2;
        let record =
            record.map_err(|e| CsvStatementError::Malformed(format!("line {line}: {e}")))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if lines.len() == MAX_STATEMENT_LINES {
            return Err(CsvStatementError::TooManyLines(MAX_STATEMENT_LINES));
        }
        let read = columns
            .line(&record, mapping, currency, line)
            .map_err(|what| CsvStatementError::Line { line, what })?;
        lines.push(read);
    }
    Ok(BankStatement {
        id: statement_id.to_owned(),
        account: String::new(),
        currency,
        opening_booked: None,
        closing_booked: None,
        lines,
        warnings: Vec::new(),
    })
}

/// The mapped columns' places in the file.
struct Columns {
    date: usize,
    amount: Option<usize>,
    debit: Option<usize>,
    credit: Option<usize>,
    reference: Option<usize>,
    end_to_end: Option<usize>,
    description: Option<usize>,
}

impl Columns {
    fn find(
        headers: &csv::StringRecord,
        mapping: &CsvMapping,
    ) -> Result<Columns, CsvStatementError> {
        let place = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| CsvStatementError::MissingColumn(name.to_owned()))
        };
        let optional = |name: &Option<String>| name.as_deref().map(place).transpose();
        Ok(Columns {
            date: place(&mapping.date_column)?,
            amount: optional(&mapping.amount_column)?,
            debit: optional(&mapping.debit_column)?,
            credit: optional(&mapping.credit_column)?,
            reference: optional(&mapping.reference_column)?,
            end_to_end: optional(&mapping.end_to_end_column)?,
            description: optional(&mapping.description_column)?,
        })
    }

    fn line(
        &self,
        record: &csv::StringRecord,
        mapping: &CsvMapping,
        currency: Currency,
        line: usize,
    ) -> Result<StatementLine, String> {
        let field = |at: Option<usize>| -> Result<Option<String>, String> {
            let Some(text) = at.and_then(|at| record.get(at)).filter(|t| !t.is_empty()) else {
                return Ok(None);
            };
            if text.chars().count() > MAX_FIELD_CHARS {
                return Err(format!(
                    "a field is longer than {MAX_FIELD_CHARS} characters"
                ));
            }
            Ok(Some(text.to_owned()))
        };
        let date_text = field(Some(self.date))?.ok_or("the date is empty")?;
        let date = NaiveDate::parse_from_str(&date_text, &mapping.date_format).map_err(|_| {
            format!(
                "\"{date_text}\" is not a date as {} writes it",
                mapping.date_format
            )
        })?;
        let (minor, credit) = self.amount(&field, mapping.decimal_separator, currency)?;
        let amount = Money::from_minor_units(minor, currency).map_err(|e| e.to_string())?;
        Ok(StatementLine {
            amount,
            credit,
            reversal: false,
            status: "BOOK".to_owned(),
            booking_date: Some(date),
            value_date: None,
            bank_transaction_code: None,
            bank_reference: field(self.reference)?,
            end_to_end_id: field(self.end_to_end)?,
            instruction_id: None,
            payment_information_id: None,
            message_id: None,
            return_reason: None,
            counterparty: None,
            remittance: field(self.description)?,
            detail: 0,
            origin: format!("line {line}"),
        })
    }

    /// The line's amount above zero and whether it is a credit.
    fn amount(
        &self,
        field: &dyn Fn(Option<usize>) -> Result<Option<String>, String>,
        decimal: char,
        currency: Currency,
    ) -> Result<(i128, bool), String> {
        let signed = match self.amount {
            Some(at) => {
                let text = field(Some(at))?.ok_or("the amount is empty")?;
                minor_units(&text, decimal, currency)?
            }
            None => {
                let debit = field(self.debit)?
                    .map(|t| minor_units(&t, decimal, currency))
                    .transpose()?;
                let credit = field(self.credit)?
                    .map(|t| minor_units(&t, decimal, currency))
                    .transpose()?;
                match (debit, credit) {
                    // A debit column says the direction itself: its sign, if any, is the bank's habit.
                    (Some(d), None) if d != 0 => -d.abs(),
                    (None, Some(c)) if c > 0 => c,
                    _ => {
                        return Err(
                            "give one positive amount, in the debit or the credit column"
                                .to_owned(),
                        );
                    }
                }
            }
        };
        if signed == 0 {
            return Err("the amount is zero".to_owned());
        }
        Ok((signed.abs(), signed > 0))
    }
}

/// An amount as a bank writes it, in the currency's minor units: a sign or parentheses, the
/// grouping of thousands by space, apostrophe or the other separator, and the decimals
/// after `decimal`, at most the currency's scale.
pub fn minor_units(text: &str, decimal: char, currency: Currency) -> Result<i128, String> {
    let bad = || format!("\"{text}\" is not an amount");
    let trimmed = text.trim();
    let (negative, body) =
        if let Some(inner) = trimmed.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            (true, inner.trim())
        } else if let Some(rest) = trimmed.strip_prefix('-') {
            (true, rest.trim())
        } else {
            (false, trimmed.strip_prefix('+').unwrap_or(trimmed).trim())
        };
    let grouping = if decimal == ',' { '.' } else { ',' };
    let (whole, fraction) = match body.rsplit_once(decimal) {
        Some((whole, fraction)) => (whole, fraction),
        None => (body, ""),
    };
    let whole: String = whole
        .chars()
        .filter(|c| !matches!(c, ' ' | '\'' | '\u{a0}') && *c != grouping)
        .collect();
    let scale = usize::try_from(currency.minor_unit_scale()).unwrap_or(0);
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || whole.len() > 15 {
        return Err(bad());
    }
    if !fraction.chars().all(|c| c.is_ascii_digit()) || fraction.len() > scale {
        return Err(format!(
            "\"{text}\" has more decimals than {} takes ({scale})",
            currency.code()
        ));
    }
    let digits = format!("{whole}{fraction:0<scale$}");
    let value: i128 = digits.parse().map_err(|_| bad())?;
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::from_code("EUR").expect("EUR")
    }

    fn mapping() -> CsvMapping {
        CsvMapping {
            date_column: "Buchungstag".to_owned(),
            amount_column: Some("Betrag".to_owned()),
            debit_column: None,
            credit_column: None,
            reference_column: Some("Referenz".to_owned()),
            end_to_end_column: Some("End-to-End-Referenz".to_owned()),
            description_column: Some("Verwendungszweck".to_owned()),
            date_format: "%d.%m.%Y".to_owned(),
            decimal_separator: ',',
            delimiter: ';',
        }
    }

    const GERMAN: &str = "Buchungstag;Verwendungszweck;Betrag;Referenz;End-to-End-Referenz\n\
        26.11.2026;Auszahlung Anleger 17;-1.234,56;FT-001;PRORATA-1-ITEM-17\n\
        27.11.2026;Q3 Gewinn Partner;\"90.000,00\";FT-002;\n\
        ;;;;\n";

    #[test]
    fn a_german_bank_s_csv_reads_through_its_mapping_with_signs_grouping_and_commas() {
        let read = read_csv_statement(GERMAN.as_bytes(), &mapping(), eur(), "csv-1").expect("read");
        assert_eq!(read.lines.len(), 2, "the empty line is skipped");
        let first = &read.lines[0];
        assert_eq!((first.amount.minor_units(), first.credit), (123_456, false));
        assert_eq!(first.booking_date, NaiveDate::from_ymd_opt(2026, 11, 26));
        assert_eq!(first.bank_reference.as_deref(), Some("FT-001"));
        assert_eq!(first.end_to_end_id.as_deref(), Some("PRORATA-1-ITEM-17"));
        assert_eq!(first.origin, "line 2");
        let second = &read.lines[1];
        assert_eq!(
            (second.amount.minor_units(), second.credit),
            (9_000_000, true)
        );
        assert_eq!(second.remittance.as_deref(), Some("Q3 Gewinn Partner"));
        assert_eq!(second.end_to_end_id, None);
    }

    #[test]
    fn debit_and_credit_columns_read_as_one_signed_amount() {
        let text = "Date,Details,Debit,Credit,Ref\n2026-11-26,Fee,(12.50),,R1\n2026-11-27,In,,\"1,000.00\",R2\n";
        let map = CsvMapping {
            date_column: "date".to_owned(),
            amount_column: None,
            debit_column: Some("Debit".to_owned()),
            credit_column: Some("Credit".to_owned()),
            reference_column: Some("Ref".to_owned()),
            end_to_end_column: None,
            description_column: Some("Details".to_owned()),
            date_format: "%Y-%m-%d".to_owned(),
            decimal_separator: '.',
            delimiter: ',',
        };
        let read = read_csv_statement(text.as_bytes(), &map, eur(), "csv-2").expect("read");
        let amounts: Vec<(i128, bool)> = read
            .lines
            .iter()
            .map(|l| (l.amount.minor_units(), l.credit))
            .collect();
        assert_eq!(
            amounts,
            [(1_250, false), (100_000, true)],
            "a debit in parentheses is still a debit"
        );
    }

    #[test]
    fn each_bad_line_is_refused_naming_its_line_and_what_is_wrong() {
        let read = |text: &str| {
            read_csv_statement(text.as_bytes(), &mapping(), eur(), "x")
                .expect_err("refused")
                .to_string()
        };
        let head = "Buchungstag;Verwendungszweck;Betrag;Referenz;End-to-End-Referenz\n";
        assert_eq!(
            read(&format!("{head}31.02.2026;x;-1,00;R;\n")),
            "line 2: \"31.02.2026\" is not a date as %d.%m.%Y writes it"
        );
        assert_eq!(
            read(&format!("{head}26.11.2026;x;-1,005;R;\n")),
            "line 2: \"-1,005\" has more decimals than EUR takes (2)"
        );
        assert_eq!(
            read(&format!("{head}26.11.2026;x;0,00;R;\n")),
            "line 2: the amount is zero"
        );
        assert_eq!(
            read(&format!("{head}26.11.2026;x;zwölf;R;\n")),
            "line 2: \"zwölf\" is not an amount"
        );
        assert_eq!(
            read("Datum;Betrag\n"),
            "the file has no column named \"Buchungstag\" (its header names the columns)"
        );
    }

    #[test]
    fn a_mapping_that_could_not_read_a_statement_is_refused() {
        let check = |m: CsvMapping| m.check().expect_err("refused").to_string();
        assert!(
            check(CsvMapping {
                debit_column: Some("D".to_owned()),
                ..mapping()
            })
            .contains("an amount column, or a debit column")
        );
        assert!(
            check(CsvMapping {
                date_format: "%d.%m".to_owned(),
                ..mapping()
            })
            .contains("day, month and year")
        );
        assert!(
            check(CsvMapping {
                decimal_separator: ';',
                ..mapping()
            })
            .contains("decimal separator")
        );
        assert!(
            check(CsvMapping {
                delimiter: 'x',
                ..mapping()
            })
            .contains("delimiter")
        );
    }
}
