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
