//! Programs, users, role grants, idempotency keys and the hash-chained audit log.

mod audit;
mod idempotency;
mod keys;
mod second_factors;
mod signing;
mod users;

use thiserror::Error;

pub use audit::{
    AuditEntry, AuditFilter, AuditHead, AuditRecord, AuditSigner, ChainReport, append_audit,
    audit_hash_of, list_audit, verify_audit_chain,
};
pub use idempotency::{Claim, KeyedRequest, claim_idempotency_key, complete_idempotency_key};
pub use keys::{StoredKey, load_store_key, rewrap_store_key, save_store_key, set_user_email};
pub use second_factors::{
    SecondFactorRecord, accept_step, count_wrong_code, enrol_second_factor, lock_second_factor,
    remove_second_factor, second_factor_confirmed, second_factor_required,
    set_second_factor_required,
};
pub use signing::{AuditSigning, SigningError};
pub use users::{
    Program, Standing, UserListing, UserRecord, create_program, create_user, disable_user,
    find_program, find_user, grant_role, list_programs, list_users, lock_user_for_sign_in,
    programs_of_user, record_failed_sign_in, record_sign_in, revoke_role, roles_of,
    standing_in_program,
};

/// The transaction a control write runs in.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

#[derive(Debug, Error)]
pub enum ControlStoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),

    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
}
