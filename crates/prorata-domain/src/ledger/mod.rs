//! The double-entry ledger's rules, without storage: account codes, sides, entries that
//! balance, and what an account may still give.
//!
//! prorata-store enforces the same rules again in PostgreSQL; these are checked first so that
//! a mistake is reported with a clear message before anything is written.

pub mod chart;
mod error;
pub mod templates;

use std::collections::BTreeMap;
use std::fmt;

pub use error::LedgerError;

use crate::money::{Currency, Money};

/// The most legs one entry may have: a distribution to many investors is one entry per
/// distribution, split if ever larger, so a bound this size keeps every entry reviewable.
pub const MAX_LEGS_PER_ENTRY: usize = 10_000;

/// Whether an amount is on the left (debit) or the right (credit) of an account.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Debit,
    Credit,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Debit => "debit",
            Side::Credit => "credit",
        }
    }

    pub fn opposite(self) -> Side {
        match self {
            Side::Debit => Side::Credit,
            Side::Credit => Side::Debit,
        }
    }

    pub fn parse(text: &str) -> Result<Side, LedgerError> {
        match text {
            "debit" => Ok(Side::Debit),
            "credit" => Ok(Side::Credit),
            other => Err(LedgerError::UnknownSide(other.to_owned())),
        }
    }
}

/// The five kinds of account; each has the side on which it normally grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountType {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

impl AccountType {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountType::Asset => "asset",
            AccountType::Liability => "liability",
            AccountType::Equity => "equity",
            AccountType::Income => "income",
            AccountType::Expense => "expense",
        }
    }

    pub fn parse(text: &str) -> Result<AccountType, LedgerError> {
        match text {
            "asset" => Ok(AccountType::Asset),
            "liability" => Ok(AccountType::Liability),
            "equity" => Ok(AccountType::Equity),
            "income" => Ok(AccountType::Income),
            "expense" => Ok(AccountType::Expense),
            other => Err(LedgerError::UnknownAccountType(other.to_owned())),
        }
    }

    /// Assets and expenses grow by debits; liabilities, equity and income by credits.
    pub fn normal_side(self) -> Side {
        match self {
            AccountType::Asset | AccountType::Expense => Side::Debit,
            AccountType::Liability | AccountType::Equity | AccountType::Income => Side::Credit,
        }
    }
}

/// Whether an entry is booked (posted) or reserves funds until it is posted or voided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    Posted,
    Pending,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Posted => "posted",
            Phase::Pending => "pending",
        }
    }

    pub fn parse(text: &str) -> Result<Phase, LedgerError> {
        match text {
            "posted" => Ok(Phase::Posted),
            "pending" => Ok(Phase::Pending),
            other => Err(LedgerError::UnknownPhase(other.to_owned())),
        }
    }
}

/// An account's code: a lower-case family, then `:`-separated parts, as in
/// `investor:42:payable`, `platform:fee_income` or `bank:1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountCode(String);

impl AccountCode {
    pub const MAX_LEN: usize = 200;

    pub fn parse(text: &str) -> Result<AccountCode, LedgerError> {
        let invalid = || LedgerError::InvalidAccountCode(text.to_owned());
        if text.is_empty() || text.len() > AccountCode::MAX_LEN {
            return Err(invalid());
        }
        let mut parts = text.split(':');
        let family = parts.next().unwrap_or_default();
        let family_ok = family.starts_with(|c: char| c.is_ascii_lowercase())
            && family.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        let part_ok = |part: &str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        };
        if family_ok && parts.all(part_ok) {
            Ok(AccountCode(text.to_owned()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One line of an entry: an amount on one side of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    pub account: AccountCode,
    pub side: Side,
    pub amount: Money,
}

/// Checks that legs make a valid entry: at least two, at most [`MAX_LEGS_PER_ENTRY`], every
/// amount above zero, and debits equal to credits in every currency.
pub fn check_balanced(legs: &[Leg]) -> Result<(), LedgerError> {
    if legs.len() < 2 {
        return Err(LedgerError::TooFewLegs(legs.len()));
    }
    if legs.len() > MAX_LEGS_PER_ENTRY {
        return Err(LedgerError::TooManyLegs {
            count: legs.len(),
            max: MAX_LEGS_PER_ENTRY,
        });
    }
    let mut net_by_currency: BTreeMap<Currency, i128> = BTreeMap::new();
    for (index, leg) in legs.iter().enumerate() {
        if leg.amount.minor_units() <= 0 {
            return Err(LedgerError::NonPositiveAmount { index });
        }
        let net = net_by_currency.entry(leg.amount.currency()).or_insert(0);
        match leg.side {
            Side::Debit => *net += leg.amount.minor_units(),
            Side::Credit => *net -= leg.amount.minor_units(),
        }
    }
    match net_by_currency.into_iter().find(|&(_, net)| net != 0) {
        Some((currency, net)) => Err(LedgerError::Unbalanced {
            currency,
            difference: Money::from_minor_units(net, currency)
                .map(|m| m.to_string())
                .unwrap_or_else(|_| format!("{net} minor units")),
        }),
        None => Ok(()),
    }
}

/// An account's running totals in minor units, from which its balance, pending amount and
/// available amount follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BalanceTotals {
    pub posted_debits_minor: i64,
    pub posted_credits_minor: i64,
    pub pending_debits_minor: i64,
    pub pending_credits_minor: i64,
}

impl BalanceTotals {
    /// The posted balance on the account's normal side (positive is normal).
    pub fn balance_minor(&self, normal_side: Side) -> i128 {
        let (debits, credits) = (
            i128::from(self.posted_debits_minor),
            i128::from(self.posted_credits_minor),
        );
        match normal_side {
            Side::Debit => debits - credits,
            Side::Credit => credits - debits,
        }
    }

    /// What pending entries (holds) reserve: the pending movements against the normal side.
    pub fn pending_minor(&self, normal_side: Side) -> i128 {
        match normal_side {
            Side::Debit => i128::from(self.pending_credits_minor),
            Side::Credit => i128::from(self.pending_debits_minor),
        }
    }

    /// What the account may still give: the posted balance less what holds reserve.
    pub fn available_minor(&self, normal_side: Side) -> i128 {
        self.balance_minor(normal_side) - self.pending_minor(normal_side)
    }

    /// Adds one leg, in the given phase, to the totals.
    pub fn add(&mut self, side: Side, phase: Phase, amount_minor: i64) -> Result<(), LedgerError> {
        let total = match (phase, side) {
            (Phase::Posted, Side::Debit) => &mut self.posted_debits_minor,
            (Phase::Posted, Side::Credit) => &mut self.posted_credits_minor,
            (Phase::Pending, Side::Debit) => &mut self.pending_debits_minor,
            (Phase::Pending, Side::Credit) => &mut self.pending_credits_minor,
        };
        *total = total
            .checked_add(amount_minor)
            .ok_or(LedgerError::TotalsOverflow)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
