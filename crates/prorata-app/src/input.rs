//! Reading what a person typed: dates, names, reasons, notes, amounts and rates, each refused
//! with a message that names the field.

use chrono::NaiveDate;
use prorata_domain::{Currency, Money, Rate};

use crate::Error;

/// How a front end writes amounts and rates. The command line keeps its contract (DESIGN
/// §10); the window reads them as it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    /// Amounts as plain digits (`12000.50`), rates as fractions (`0.20`).
    Plain,
    /// Amounts grouped in thousands or not (`12,000.50`), rates as percentages (`20%`, `20`).
    Window,
}

/// Reads an amount of `currency` that must be zero or more.
pub(crate) fn amount(
    notation: Notation,
    field: &str,
    text: &str,
    currency: Currency,
) -> Result<Money, Error> {
    match notation {
        Notation::Plain => Money::parse(text, currency),
        Notation::Window => Money::parse_grouped(text, currency),
    }
    .map_err(|e| Error::invalid(field, e))
}

/// Reads a rate from 0 to 100%.
pub(crate) fn rate(notation: Notation, field: &str, text: &str) -> Result<Rate, Error> {
    match notation {
        Notation::Plain => Rate::parse(text),
        Notation::Window => Rate::parse_percent(text),
    }
    .map_err(|e| Error::invalid(field, e))
}

/// The longest reason or note, in characters.
pub(crate) const MAX_TEXT_CHARS: usize = 4000;
/// The longest name, in characters.
pub(crate) const MAX_NAME_CHARS: usize = 200;

/// Reads an optional `YYYY-MM-DD` date.
pub fn optional_date(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>, Error> {
    text.map(|text| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            Error::invalid(
                field,
                format!("\"{text}\" is not a date (write YYYY-MM-DD)"),
            )
        })
    })
    .transpose()
}

/// Reads an optional ISO 4217 currency code (`NGN`; `ngn` is read the same); blank is none.
pub fn optional_currency(field: &str, text: Option<&str>) -> Result<Option<Currency>, Error> {
    text.map(str::trim)
        .filter(|code| !code.is_empty())
        .map(|code| {
            Currency::from_code(&code.to_ascii_uppercase()).map_err(|e| Error::invalid(field, e))
        })
        .transpose()
}

/// Reads a required `YYYY-MM-DD` date.
pub(crate) fn date(field: &str, text: &str) -> Result<NaiveDate, Error> {
    optional_date(field, Some(text))?.ok_or_else(|| Error::invalid(field, "a date is required"))
}

/// A name of 1 to 200 characters, trimmed.
pub(crate) fn name(field: &str, text: &str) -> Result<String, Error> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(field, "give a name of 1 to 200 characters"));
    }
    // All digits is an id wherever a deal, partner or investor is named, so a name never
    // is one: `12` always means number 12.
    if name.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            field,
            format!("{name} is all digits, which reads as an id: give a name with a letter"),
        ));
    }
    Ok(name.to_owned())
}

/// Why something is done, in 1 to 4,000 characters, trimmed.
pub(crate) fn reason(text: &str) -> Result<&str, Error> {
    let reason = text.trim();
    if reason.is_empty() || reason.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid(
            "reason",
            "say why, in 1 to 4,000 characters",
        ));
    }
    Ok(reason)
}

/// An optional note of at most 4,000 characters; blank is none.
pub(crate) fn note(field: &str, text: Option<&str>) -> Result<Option<String>, Error> {
    let value = text.map(str::trim).filter(|v| !v.is_empty());
    if value.is_some_and(|v| v.chars().count() > MAX_TEXT_CHARS) {
        return Err(Error::invalid(field, "at most 4,000 characters"));
    }
    Ok(value.map(str::to_owned))
}
