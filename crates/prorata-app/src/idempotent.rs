//! Running a mutating operation at most once per idempotency key.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use prorata_store::control::{Claim, Tx, claim_idempotency_key, complete_idempotency_key};

use crate::clock::Clock;
use crate::{Code, Error};

/// The SHA-256 of an operation's name and its request as JSON (never a password).
pub fn request_digest(operation: &str, request: &serde_json::Value) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(operation.as_bytes());
    hasher.update([0x1f]);
    hasher.update(request.to_string().as_bytes());
    hasher.finalize().to_vec()
}

/// Claims `key` in `tx`: `Ok(Some(result))` when the same request already ran (return it and
/// do nothing), `Ok(None)` when the operation should run now, a conflict error when the key
/// was used for something else.
pub async fn claim<T: DeserializeOwned>(
    tx: &mut Tx<'_>,
    clock: &dyn Clock,
    key: &str,
    operation: &str,
    actor: &str,
    request: &serde_json::Value,
) -> Result<Option<T>, Error> {
    if key.is_empty() || key.len() > 200 {
        return Err(Error::invalid(
            "idempotency_key",
            "must have 1 to 200 characters",
        ));
    }
    let digest = request_digest(operation, request);
    match claim_idempotency_key(tx, key, operation, actor, &digest, clock.now()).await? {
        Claim::Fresh => Ok(None),
        Claim::Replay(stored) => serde_json::from_value(stored).map(Some).map_err(|e| {
            Error::new(
                Code::Internal,
                format!("a stored result cannot be read: {e}"),
            )
        }),
        Claim::Conflict { operation: earlier } => Err(Error::new(
            Code::Conflict,
            format!("idempotency_key: \"{key}\" was already used for another request ({earlier})"),
        )),
    }
}

/// Records the operation's result under `key`, in the same transaction as the operation.
pub async fn complete<T: Serialize>(tx: &mut Tx<'_>, key: &str, result: &T) -> Result<(), Error> {
    let value =
        serde_json::to_value(result).map_err(|e| Error::new(Code::Internal, e.to_string()))?;
    complete_idempotency_key(tx, key, &value).await?;
    Ok(())
}
