//! Running a mutating operation at most once per idempotency key.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use prorata_store::control::{
    Claim, KeyedRequest, Tx, claim_idempotency_key, complete_idempotency_key,
};

use crate::clock::Clock;
use crate::session::Session;
use crate::{Code, Error};

/// The SHA-256 of what a request is: the operation, the program it runs in, who asks, and
/// the request as JSON (never a password). Each part is length-prefixed, so no two
/// different requests can run together into the same bytes.
pub fn request_digest(
    operation: &str,
    program_id: i64,
    actor: &str,
    request: &serde_json::Value,
) -> Vec<u8> {
    let mut hasher = Sha256::new();
    let program = program_id.to_string();
    let body = request.to_string();
    for part in [operation, program.as_str(), actor, body.as_str()] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().to_vec()
}

/// Claims `key` in `tx`: `Ok(Some(result))` when the same request already ran (return it and
/// do nothing), `Ok(None)` when the operation should run now, a conflict error when the key
/// was used for something else or by someone else. Keys belong to the session's program.
pub async fn claim<T: DeserializeOwned>(
    tx: &mut Tx<'_>,
    clock: &dyn Clock,
    session: &Session,
    key: &str,
    operation: &str,
    request: &serde_json::Value,
) -> Result<Option<T>, Error> {
    if key.is_empty() || key.len() > 200 {
        return Err(Error::invalid(
            "idempotency_key",
            "must have 1 to 200 characters",
        ));
    }
    let (program_id, actor) = (session.program.id, session.user());
    let digest = request_digest(operation, program_id, actor, request);
    let keyed = KeyedRequest {
        program_id,
        key,
        operation,
        actor,
        request_digest: &digest,
    };
    match claim_idempotency_key(tx, &keyed, clock.now()).await? {
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
        Claim::OtherActor => Err(Error::new(
            Code::Conflict,
            format!(
                "idempotency_key: \"{key}\" was already used by another user; choose a new key"
            ),
        )),
    }
}

/// Records the operation's result under the program's `key`, in the same transaction as
/// the operation.
pub async fn complete<T: Serialize>(
    tx: &mut Tx<'_>,
    session: &Session,
    key: &str,
    result: &T,
) -> Result<(), Error> {
    let value =
        serde_json::to_value(result).map_err(|e| Error::new(Code::Internal, e.to_string()))?;
    complete_idempotency_key(tx, session.program.id, key, &value).await?;
    Ok(())
}
