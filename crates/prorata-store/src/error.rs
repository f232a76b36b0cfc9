use thiserror::Error;

use crate::cluster::ClusterError;
use crate::ledger::LedgerStoreError;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(transparent)]
    Cluster(#[from] ClusterError),

    #[error("{0}")]
    InvalidUrl(String),

    #[error("cannot connect to {store}: {detail}")]
    Connect { store: String, detail: String },

    #[error("applying the store's migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),

    #[error("the OS keyring cannot be used: {0}")]
    Keyring(String),

    #[error(transparent)]
    Ledger(#[from] LedgerStoreError),

    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),

    #[error("a background task failed: {0}")]
    Task(String),
}
