//! Community revenue in PostgreSQL (DESIGN §8): `schedules.rs` keeps each program's fee
//! schedule, a version per day it takes effect, set by an admin and never changed;
//! `communities.rs` the communities, their role shares and members; `transactions.rs` the
//! revenue transactions with every step of their split and their members' credits, and the
//! gateways' settlements; `wallets.rs` the members' wallets: credits released on their day,
//! locks and unlocks; `analytics.rs` what revenue came to per month, the top communities and
//! a member's wallet history.

mod analytics;
mod communities;
mod schedules;
mod transactions;
mod wallets;

pub use analytics::{
    CommunityEarningsRecord, RevenueMonthRecord, WalletMovementRecord, revenue_by_month,
    top_communities, wallet_history,
};
pub use communities::{
    CommunityRecord, CommunityTotals, MemberRecord, NewCommunity, NewMember, community_members,
    community_shares, community_totals, find_community, insert_community, insert_member,
    list_communities,
};
pub use schedules::{
    FeeScheduleRecord, NewFeeSchedule, insert_schedule, latest_schedule_date, list_schedules,
    schedule_as_of,
};
pub use transactions::{
    NewHold, NewRevenueTransaction, NewRolePart, NewSettlement, NewWalletCredit,
    RevenueTransactionRecord, WalletCreditRecord, insert_holds, insert_role_parts,
    insert_settlement, insert_transactions, insert_wallet_credits, lock_hold, lock_unsettled,
    medians_before, release_hold, revenue_transactions, role_parts_of, transactions_of_entries,
    wallet_credits_of,
};
pub use wallets::{
    MAX_CREDITS_PER_RELEASE, WalletLockRecord, WalletRecord, find_members, insert_wallet_lock,
    latest_wallet_lock, release_due_credits, wallet_locks_of, wallets,
};

/// The transaction a change to the revenue subledger is made in.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

#[derive(Debug, thiserror::Error)]
pub enum RevenueStoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),

    /// PostgreSQL refused a write by one of its own checks.
    #[error("refused by the store: {0}")]
    Refused(String),
}

impl From<sqlx::Error> for RevenueStoreError {
    fn from(error: sqlx::Error) -> RevenueStoreError {
        if let sqlx::Error::Database(db) = &error
            && matches!(
                db.code().as_deref(),
                Some("23514" | "23505" | "P0001" | "23503")
            )
        {
            return RevenueStoreError::Refused(db.message().to_owned());
        }
        RevenueStoreError::Database(error)
    }
}
