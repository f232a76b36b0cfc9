//! Deal profit sharing in PostgreSQL: partners and investors, deals and investments,
//! performance records, and distributions with their investor shares. Amounts are stored
//! as integer minor units of the deal's currency; rates as exact numerics.

mod distributions;
mod parties;
mod performance;
mod registry;

use sqlx::PgConnection;
use thiserror::Error;

pub use distributions::{
    BreakerMove, DistributionRecord, DistributionShare, NewDistribution, NewShare, breaker_moves,
    cancel_distribution, find_distribution, insert_distribution, insert_reversal, last_mark_before,
    list_distributions, live_distribution_on_or_after, lock_distribution, mark_approved,
    mark_posted, mark_shares_reversed, next_round, reversal_under_way, shares_of,
};
pub use parties::{
    Party, PartyNames, create_investor, create_partner, find_investor, find_partner,
    list_investors, list_partners, party_names, set_investor_email,
};
pub use performance::{
    NewPerformance, PerformanceRecord, find_performance, insert_performance, list_performance,
    lock_performance, mark_verified, next_performance, performance_on, previous_performance,
};
pub use registry::{
    DealRecord, InvestmentRecord, NewDeal, NewInvestment, add_investment, close_deal, create_deal,
    find_deal, first_investment_date, investments_of, list_deals, lock_deal,
    lock_deals_of_distributions,
};

/// The transaction a deal write runs in.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

#[derive(Debug, Error)]
pub enum DealStoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),

    /// PostgreSQL refused a write by one of its own checks (a CHECK constraint or a guard
    /// trigger): the same rules the application checks first, enforced a second time.
    #[error("refused by the store: {0}")]
    Refused(String),

    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for DealStoreError {
    fn from(error: sqlx::Error) -> DealStoreError {
        if let sqlx::Error::Database(db) = &error
            && matches!(db.code().as_deref(), Some("23514" | "23001" | "P0001"))
        {
            return DealStoreError::Refused(db.message().to_owned());
        }
        DealStoreError::Database(error)
    }
}

/// What a person typed to name a deal, partner or investor: all digits is an id and
/// nothing else; anything else is a name. Names may not be all digits (a CHECK in
/// PostgreSQL, and the application before it), so a key never means two rows.
pub(crate) fn id_or_name(key: &str) -> (Option<i64>, Option<&str>) {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
        (Some(key.parse::<i64>().unwrap_or(-1)), None)
    } else {
        (None, Some(key))
    }
}

/// Refreshes the planner's statistics of the tables a bulk job grows. A store starts empty,
/// and the plans PostgreSQL keeps for its foreign-key checks assume the sizes it last saw:
/// without this, a first large run checks each new row against a table it still believes
/// tiny, by scanning it, and slows down as the table grows. Rows written by the caller's
/// own transaction are counted.
pub async fn refresh_statistics(conn: &mut PgConnection) -> Result<(), DealStoreError> {
    // Only a table's owner may ANALYZE it: the owner's function does it for the application.
    sqlx::query!(
        "SELECT store_refresh_statistics(ARRAY['distributions', 'distribution_shares', 'ledger_entries'])"
    )
    .execute(conn)
    .await?;
    Ok(())
}
