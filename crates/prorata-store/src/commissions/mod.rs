//! Commissions in PostgreSQL (DESIGN §8): `schemes.rs` keeps each program's tree of
//! commission schemes and their rates per service and role, checked at commit against their
//! parents' and for negative margins; `members.rs` the network's members, each below an
//! upline of a strictly higher role; `transactions.rs` their transactions, each member's
//! part of a transaction's commission, and reversals.

mod members;
mod schemes;
mod transactions;

pub use members::{NetworkMemberRecord, NewNetworkMember, insert_network_member, network_members};
pub use schemes::{
    SchemeRateRecord, SchemeRecord, find_scheme, insert_scheme, lock_schemes, scheme_rates,
    scheme_services, schemes, set_scheme_rates,
};
pub use transactions::{
    NetworkCommissionRecord, NetworkTransactionFilter, NetworkTransactionRecord,
    NewNetworkReversal, NewNetworkTransaction, UplineRecord, insert_network_commissions,
    insert_network_reversal, insert_network_transactions, lock_network_transaction,
    network_commissions_of, network_transactions, network_transactions_of_entries, share_schemes,
    uplines,
};

/// The transaction a change to the commission schemes is made in.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

#[derive(Debug, thiserror::Error)]
pub enum CommissionStoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),

    /// PostgreSQL refused a write by one of its own checks.
    #[error("refused by the store: {0}")]
    Refused(String),
}

impl From<sqlx::Error> for CommissionStoreError {
    fn from(error: sqlx::Error) -> CommissionStoreError {
        if let sqlx::Error::Database(db) = &error
            && matches!(
                db.code().as_deref(),
                Some("23514" | "23505" | "P0001" | "23503")
            )
        {
            return CommissionStoreError::Refused(db.message().to_owned());
        }
        CommissionStoreError::Database(error)
    }
}
