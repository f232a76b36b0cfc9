//! CSV files given to an import: a header line naming the columns (in any order, any case),
//! then one record a line; every line read before anything is checked, within a bound.

use crate::{Code, Error};

/// A line of a file, its fields in the order of the columns asked for; an empty field or a
/// column the file lacks is `None`.
#[derive(Debug)]
pub(crate) struct CsvRow {
    pub line: u64,
    pub fields: Vec<Option<String>>,
}

impl CsvRow {
    /// The `i`th field, refused as empty naming its line and column.
    pub fn required(&self, i: usize, columns: &[&str]) -> Result<String, Error> {
        self.fields[i].clone().ok_or_else(|| {
            Error::invalid(format!("line {}: {}", self.line, columns[i]), "is empty")
        })
    }

    pub fn optional(&self, i: usize) -> Option<String> {
        self.fields[i].clone()
    }
}

/// The file's rows; the first `required` columns must be in its header, the others may be
/// left out. A file of more than `max_lines` lines, or of none, is refused.
pub(crate) fn read_rows(
    file: &[u8],
    columns: &[&str],
    required: usize,
    max_lines: usize,
) -> Result<Vec<CsvRow>, Error> {
    assert!(required <= columns.len());
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(file);
    let header = reader.headers().map_err(unreadable)?.clone();
    let position = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let at: Vec<Option<usize>> = columns.iter().map(|c| position(c)).collect();
    if let Some(missing) = columns[..required]
        .iter()
        .zip(&at)
        .find(|(_, p)| p.is_none())
    {
        return Err(Error::invalid(
            "file",
            format!(
                "its header has no {} column (it needs {})",
                missing.0,
                columns.join(", ")
            ),
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        if rows.len() == max_lines {
            return Err(Error::invalid(
                "file",
                format!("it has more than {max_lines} lines: split it"),
            ));
        }
        let fields = at
            .iter()
            .map(|p| {
                p.and_then(|p| record.get(p))
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            })
            .collect();
        rows.push(CsvRow {
            line: record.position().map_or(0, csv::Position::line),
            fields,
        });
    }
    if rows.is_empty() {
        return Err(Error::invalid("file", "it has no transactions"));
    }
    Ok(rows)
}

fn unreadable(error: csv::Error) -> Error {
    Error::new(
        Code::Validation,
        format!("file: not a CSV file Prorata can read: {error}"),
    )
}
