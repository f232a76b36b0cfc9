//! The double-entry ledger in PostgreSQL: accounts, balanced entries, holds, reversals and
//! the reports built on them.
//!
//! Every write takes the caller's transaction (`&mut PgConnection`), so a use case books its
//! subledger rows and its journal entries atomically. Rules are checked here in Rust first
//! and again by the database's constraints and triggers (migrations/).

mod accounts;
mod error;
mod hold_sets;
mod holds;
mod posting;
mod replays;
mod reports;

use chrono::NaiveDate;
use prorata_domain::Currency;
use prorata_domain::ledger::{AccountCode, AccountType, Leg, Phase, Side};

pub use accounts::{
    MAX_ACCOUNTS_PER_OPEN, find_account, open_account, open_accounts, resolve_account,
};
pub use error::LedgerStoreError;
pub use hold_sets::{HoldChange, resolve_holds};
pub use holds::{HoldResolution, post_hold, reverse_entry, void_hold};
pub use posting::{MAX_ENTRIES_PER_BATCH, MAX_POSTINGS_PER_BATCH, post_entries};
pub use reports::{
    AccountBalance, AccountKept, AccountStatement, MAX_LISTED_ACCOUNTS, MAX_STATEMENT_LINES,
    StatementLine, TrialBalanceLine, account_balance, account_statement, balance_mismatches,
    currencies_kept, list_accounts, trial_balance,
};

/// The transaction a ledger write runs in: writes take one, never a bare connection, because
/// an entry's row and its postings must commit together (the database refuses otherwise).
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

/// An account to open in a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub program_id: i64,
    pub code: AccountCode,
    pub account_type: AccountType,
    pub currency: Currency,
    pub normal_side: Side,
    pub must_not_go_negative: bool,
}

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub code: AccountCode,
    pub account_type: AccountType,
    pub currency: Currency,
    pub normal_side: Side,
    pub must_not_go_negative: bool,
}

/// A journal entry to book: one business event, balanced legs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// The program whose book this is; every leg is on one of its accounts.
    pub program_id: i64,
    /// The business id of the event; booking the same key twice in a program books it once.
    pub idempotency_key: String,
    /// What kind of business event this is, e.g. `distribution_posted`.
    pub kind: String,
    pub phase: Phase,
    pub effective_date: NaiveDate,
    pub actor: String,
    pub description: String,
    pub legs: Vec<Leg>,
}

/// What booking one entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryOutcome {
    /// Booked now, with this id.
    Booked(i64),
    /// Booked earlier under the same key and the same content: nothing was done again.
    Replayed(i64),
}

impl EntryOutcome {
    pub fn entry_id(self) -> i64 {
        match self {
            EntryOutcome::Booked(id) | EntryOutcome::Replayed(id) => id,
        }
    }
}
