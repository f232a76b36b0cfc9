//! Affiliates in PostgreSQL (DESIGN §8): `status.rs` keeps each program's status changes
//! (a paused or closed program takes no new business); `roster.rs` the affiliates, their
//! referral codes and parents; `rates.rs` the program's direct and override rates by the day
//! they take effect; `sales.rs` the sales and the commissions they earned.

mod rates;
mod roster;
mod sales;
mod status;

pub use rates::{AffiliateRatesRecord, affiliate_rates, insert_affiliate_rates, rates_on};
pub use roster::{AffiliateRecord, NewAffiliate, affiliates, insert_affiliate};
pub use sales::{
    AffiliateSaleRecord, AffiliateStatsRecord, NewAffiliateSale, affiliate_sales, affiliate_stats,
    insert_affiliate_sale, sale_of_entry,
};
pub use status::{
    NewProgramStatus, ProgramStatusRecord, insert_program_status, program_status,
    share_program_business,
};

/// The transaction a change to affiliates is made in.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

#[derive(Debug, thiserror::Error)]
pub enum AffiliateStoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),

    /// PostgreSQL refused a write by one of its own checks.
    #[error("refused by the store: {0}")]
    Refused(String),
}

impl From<sqlx::Error> for AffiliateStoreError {
    fn from(error: sqlx::Error) -> AffiliateStoreError {
        if let sqlx::Error::Database(db) = &error
            && matches!(
                db.code().as_deref(),
                Some("23514" | "23505" | "P0001" | "23503")
            )
        {
            return AffiliateStoreError::Refused(db.message().to_owned());
        }
        AffiliateStoreError::Database(error)
    }
}
