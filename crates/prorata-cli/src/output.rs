//! Reading stdin and writing JSON to stdout, with failures as typed errors.

use std::io::{Read, Write};

use prorata_app::{Code, Error};
use serde::Serialize;

/// The most input a command reads: far above any real request, and a bound on memory.
const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

pub fn read_stdin() -> Result<String, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::new(Code::Internal, format!("reading standard input: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::invalid("input", "is larger than 256 MiB"));
    }
    String::from_utf8(bytes).map_err(|_| Error::invalid("input", "is not UTF-8 text"))
}

/// The bytes of a file a command was given, bounded like standard input; an unreadable or
/// oversized file is named in the error.
pub fn read_file(file: &std::path::Path) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::invalid("file", format!("{} cannot be read: {e}", file.display())))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        let name = file.display();
        return Err(Error::invalid(
            "file",
            format!("{name} is larger than 256 MiB"),
        ));
    }
    Ok(bytes)
}

/// Writes `value` as pretty JSON and a newline, all at once, so a failure leaves no half line.
pub fn print_json(value: &impl Serialize) -> Result<(), Error> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::new(Code::Internal, format!("writing JSON: {e}")))?;
    text.push('\n');
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| Error::new(Code::Internal, format!("writing standard output: {e}")))
}

/// Writes an amount with thousands separators for people: `1234567.89` → `1,234,567.89`.
pub fn group_thousands(amount: &str) -> String {
    let (sign, digits) = match amount.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", amount),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(amount.len() + whole.len() / 3);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn amounts_are_grouped_by_thousands_for_people() {
        assert_eq!(group_thousands("1234567.89"), "1,234,567.89");
        assert_eq!(group_thousands("-1000"), "-1,000");
        assert_eq!(group_thousands("999.000"), "999.000");
        assert_eq!(group_thousands("0.00"), "0.00");
    }
}
