use thiserror::Error;

/// Why the ledger refused a write or a read. Nothing was written when one is returned.
#[derive(Debug, Error)]
pub enum LedgerStoreError {
    #[error("entry {index}: {source}")]
    Rule {
        index: usize,
        #[source]
        source: prorata_domain::ledger::LedgerError,
    },

    #[error("entry {index}: {field} {problem}")]
    InvalidEntry {
        index: usize,
        field: &'static str,
        problem: String,
    },

    #[error("a batch may hold at most {max} {what}, not {count}")]
    BatchTooLarge {
        what: &'static str,
        count: usize,
        max: usize,
    },

    #[error("no ledger account has the code {0}")]
    UnknownAccount(String),

    #[error(
        "account {code} is kept in {}: name the currency",
        currencies.join(" and ")
    )]
    AmbiguousAccount {
        code: String,
        currencies: Vec<String>,
    },

    #[error("account {code} has no {currency} book: it is kept in {}", kept_in.join(" and "))]
    NotInCurrency {
        code: String,
        currency: String,
        kept_in: Vec<String>,
    },

    #[error("account {0} already exists with another type, currency, side or flag")]
    AccountConflict(String),

    #[error("account {account} must not go negative: this would leave it {shortfall} short")]
    WouldGoNegative { account: String, shortfall: String },

    #[error("the idempotency key {0:?} was already used for a different entry")]
    IdempotencyConflict(String),

    #[error("no ledger entry has the id {0}")]
    EntryNotFound(i64),

    #[error("entry {0} is not a hold (a pending entry), so it cannot be posted or voided")]
    NotAHold(i64),

    #[error("hold {id} was already {outcome}")]
    HoldAlreadyResolved { id: i64, outcome: String },

    #[error("entry {0} is a hold; void it instead of reversing it")]
    CannotReverseHold(i64),

    #[error("entry {id} was already reversed by entry {by}")]
    AlreadyReversed { id: i64, by: i64 },

    #[error("the database refused the write: {0}")]
    Refused(String),

    #[error("the ledger is inconsistent: {0}")]
    Inconsistent(String),

    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for LedgerStoreError {
    /// The ledger's own triggers raise messages starting with `ledger:`; those are refusals
    /// of a rule, not faults, and keep their message.
    fn from(error: sqlx::Error) -> Self {
        if let Some(database_error) = error.as_database_error() {
            let message = database_error.message();
            if let Some(rule) = message.strip_prefix("ledger: ") {
                return LedgerStoreError::Refused(rule.to_owned());
            }
        }
        LedgerStoreError::Database(error)
    }
}
