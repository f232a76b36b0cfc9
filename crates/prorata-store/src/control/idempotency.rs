//! Idempotency keys: a mutating operation runs once per key; a replay with the same request
//! gets the stored result; the same key with another request is a conflict.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{ControlStoreError, Tx};

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// The key is new: do the operation in this transaction, then complete the key.
    Fresh,
    /// The same request ran before: this is its result.
    Replay(Value),
    /// The key was used for a different request (or operation).
    Conflict { operation: String },
}

/// Claims `key` for this request in the caller's transaction. A concurrent claim of the same
/// key waits for this transaction to end, then sees its result: nothing runs twice.
pub async fn claim_idempotency_key(
    tx: &mut Tx<'_>,
    key: &str,
    operation: &str,
    actor: &str,
    request_digest: &[u8],
    at: DateTime<Utc>,
) -> Result<Claim, ControlStoreError> {
    let inserted = sqlx::query_scalar!(
        "INSERT INTO idempotency_keys (idempotency_key, operation, actor, request_digest, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key",
        key,
        operation,
        actor,
        request_digest,
        at
    )
    .fetch_optional(&mut **tx)
    .await?;
    if inserted.is_some() {
        return Ok(Claim::Fresh);
    }
    let stored = sqlx::query!(
        "SELECT operation, request_digest, response FROM idempotency_keys WHERE idempotency_key = $1",
        key
    )
    .fetch_one(&mut **tx)
    .await?;
    match stored.response {
        Some(response)
            if stored.operation == operation && stored.request_digest == request_digest =>
        {
            Ok(Claim::Replay(response))
        }
        _ => Ok(Claim::Conflict {
            operation: stored.operation,
        }),
    }
}

/// Stores the result of the operation that claimed `key`.
pub async fn complete_idempotency_key(
    tx: &mut Tx<'_>,
    key: &str,
    response: &Value,
) -> Result<(), ControlStoreError> {
    sqlx::query!(
        "UPDATE idempotency_keys SET response = $2 WHERE idempotency_key = $1",
        key,
        response
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
