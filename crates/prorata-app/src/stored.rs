//! Reading what the store holds back into the domain's types. A stored value that does not
//! fit is the store's fault, never the user's: these are internal errors.

use prorata_domain::{Currency, Money, Rate};
use rust_decimal::Decimal;

use crate::{Code, Error};

/// A stored amount in minor units.
pub(crate) fn money(minor_units: i64, currency: Currency) -> Result<Money, Error> {
    wide_money(i128::from(minor_units), currency)
}

/// A sum of stored amounts in minor units, which may exceed 64 bits.
pub(crate) fn wide_money(minor_units: i128, currency: Currency) -> Result<Money, Error> {
    Money::from_minor_units(minor_units, currency).map_err(|e| {
        Error::new(
            Code::Internal,
            format!("a stored amount is out of range: {e}"),
        )
    })
}

/// A stored amount in minor units as a decimal string at the currency's scale.
pub(crate) fn amount(minor_units: i64, currency: Currency) -> Result<String, Error> {
    money(minor_units, currency).map(|m| m.to_string())
}

/// A sum of stored amounts as a decimal string at the currency's scale.
pub(crate) fn wide_amount(minor_units: i128, currency: Currency) -> Result<String, Error> {
    wide_money(minor_units, currency).map(|m| m.to_string())
}

/// Minor units of an amount for a stored column (at most 15 integer digits, so it fits).
pub(crate) fn minor_units(amount: Money) -> Result<i64, Error> {
    i64::try_from(amount.minor_units())
        .map_err(|_| Error::invalid("amount", format!("{amount} is too large")))
}

pub(crate) fn currency(code: &str) -> Result<Currency, Error> {
    Currency::from_code(code)
        .map_err(|e| Error::new(Code::Internal, format!("a stored currency: {e}")))
}

pub(crate) fn rate(value: Decimal) -> Result<Rate, Error> {
    Rate::new(value).map_err(|e| Error::new(Code::Internal, format!("a stored rate: {e}")))
}

/// Stored LP units back into the domain's `Units`.
pub(crate) fn units(value: Decimal) -> Result<prorata_domain::Units, Error> {
    prorata_domain::Units::from_decimal(value)
        .map_err(|e| Error::new(Code::Internal, format!("stored units {value}: {e}")))
}
