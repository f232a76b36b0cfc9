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
    /// The key was used by another user: their result is not this user's to see.
    OtherActor,
}

/// A request under an idempotency key: the program it runs in (keys are the program's own),
/// the operation, who asks, and the digest of all three with the request.
#[derive(Debug, Clone, Copy)]
pub struct KeyedRequest<'a> {
    pub program_id: i64,
    pub key: &'a str,
    pub operation: &'a str,
    pub actor: &'a str,
    pub request_digest: &'a [u8],
}

/// Claims the request's key in the caller's transaction. A concurrent claim of the same
/// key in the same program waits for this transaction to end, then sees its result:
/// nothing runs twice. The same key in another program is another key.
pub async fn claim_idempotency_key(
    tx: &mut Tx<'_>,
    request: &KeyedRequest<'_>,
    at: DateTime<Utc>,
) -> Result<Claim, ControlStoreError> {
    let inserted = sqlx::query_scalar!(
        "INSERT INTO idempotency_keys (program_id, idempotency_key, operation, actor, request_digest, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (program_id, idempotency_key) DO NOTHING RETURNING idempotency_key",
        request.program_id,
        request.key,
        request.operation,
        request.actor,
        request.request_digest,
        at
    )
    .fetch_optional(&mut **tx)
    .await?;
    if inserted.is_some() {
        return Ok(Claim::Fresh);
    }
    let stored = sqlx::query!(
        "SELECT operation, actor, request_digest, response FROM idempotency_keys
         WHERE program_id = $1 AND idempotency_key = $2",
        request.program_id,
        request.key
    )
    .fetch_one(&mut **tx)
    .await?;
    if stored.actor != request.actor {
        return Ok(Claim::OtherActor);
    }
    match stored.response {
        Some(response)
            if stored.operation == request.operation
                && stored.request_digest == request.request_digest =>
        {
            Ok(Claim::Replay(response))
        }
        _ => Ok(Claim::Conflict {
            operation: stored.operation,
        }),
    }
}

/// Stores the result of the operation that claimed the program's `key`.
pub async fn complete_idempotency_key(
    tx: &mut Tx<'_>,
    program_id: i64,
    key: &str,
    response: &Value,
) -> Result<(), ControlStoreError> {
    sqlx::query!(
        "UPDATE idempotency_keys SET response = $3 WHERE program_id = $1 AND idempotency_key = $2",
        program_id,
        key,
        response
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
