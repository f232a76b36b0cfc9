//! The store's wrapped data key.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{ControlStoreError, Tx};
use crate::crypto::{KdfParams, WrappedKey};

/// The stored key: the store's id, the wrapped data key and the key check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    pub store_id: String,
    pub wrapped: WrappedKey,
    pub key_check: Vec<u8>,
}

fn to_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

pub async fn save_store_key(
    tx: &mut Tx<'_>,
    key: &StoredKey,
    at: DateTime<Utc>,
) -> Result<(), ControlStoreError> {
    let kdf = &key.wrapped.kdf;
    sqlx::query!(
        "INSERT INTO store_keys (store_id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism,
                                 sealed_data_key, key_check, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        key.store_id,
        kdf.salt,
        to_i32(kdf.memory_kib),
        to_i32(kdf.iterations),
        to_i32(kdf.parallelism),
        key.wrapped.sealed_key,
        key.key_check,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The stored key, its row locked until the transaction ends (so two passphrase changes
/// queue instead of one undoing the other).
pub async fn load_store_key(
    conn: &mut PgConnection,
) -> Result<Option<StoredKey>, ControlStoreError> {
    let row = sqlx::query!(
        "SELECT store_id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, sealed_data_key, key_check
         FROM store_keys WHERE id = 1 FOR UPDATE"
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        let positive = |v: i32| {
            u32::try_from(v)
                .map_err(|_| ControlStoreError::Corrupt("a key parameter is negative".to_owned()))
        };
        Ok(StoredKey {
            store_id: r.store_id,
            wrapped: WrappedKey {
                kdf: KdfParams {
                    salt: r.kdf_salt,
                    memory_kib: positive(r.kdf_memory_kib)?,
                    iterations: positive(r.kdf_iterations)?,
                    parallelism: positive(r.kdf_parallelism)?,
                },
                sealed_key: r.sealed_data_key,
            },
            key_check: r.key_check,
        })
    })
    .transpose()
}

/// Replaces the wrapping (a new passphrase); the data key and every sealed field stay.
pub async fn rewrap_store_key(
    tx: &mut Tx<'_>,
    wrapped: &WrappedKey,
    at: DateTime<Utc>,
) -> Result<(), ControlStoreError> {
    let kdf = &wrapped.kdf;
    sqlx::query!(
        "UPDATE store_keys SET kdf_salt = $1, kdf_memory_kib = $2, kdf_iterations = $3, kdf_parallelism = $4,
                               sealed_data_key = $5, rotated_at = $6
         WHERE id = 1",
        kdf.salt,
        to_i32(kdf.memory_kib),
        to_i32(kdf.iterations),
        to_i32(kdf.parallelism),
        wrapped.sealed_key,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_user_email(
    tx: &mut Tx<'_>,
    user_id: i64,
    sealed: &[u8],
) -> Result<(), ControlStoreError> {
    sqlx::query!(
        "UPDATE users SET email_sealed = $2 WHERE id = $1",
        user_id,
        sealed
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
