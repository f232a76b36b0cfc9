//! The organisation passphrase and the data key that seals sensitive fields.
//!
//! Each workstation caches the unwrapped data key in the OS keyring, so the passphrase is
//! asked once per workstation. Where there is no keyring (a server, CI), the application says
//! so and asks for the passphrase each time: from `PRORATA_PASSPHRASE` or a prompt, as the
//! user chooses; never a plain file.

use chrono::{DateTime, Utc};
use prorata_domain::control::{Role, check_password_strength};
use prorata_store::control::{StoredKey, Tx, load_store_key, rewrap_store_key, save_store_key};
use prorata_store::crypto::{CryptoError, DataKey, KdfParams, to_hex, unwrap, wrap};
use prorata_store::{Store, keyring};

use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec};
use crate::session::Session;
use crate::{Code, Error};

/// The keyring service under which each store's data key is cached.
pub const KEYRING_SERVICE: &str = "prorata-data-key";

const KEY_CHECK_TEXT: &str = "prorata key check";
const KEY_CHECK_CONTEXT: &str = "store_keys.key_check";

/// Where the organisation passphrase comes from when it is needed.
pub trait PassphraseSource: Send + Sync {
    fn passphrase(&self) -> Result<String, Error>;
}

/// The data key, and a notice for the user if it could not be cached.
#[derive(Debug)]
pub struct Unlocked {
    pub key: DataKey,
    pub notice: Option<String>,
}

impl From<CryptoError> for Error {
    fn from(error: CryptoError) -> Error {
        let code = match error {
            CryptoError::WrongPassphrase => Code::PermissionDenied,
            _ => Code::Internal,
        };
        Error::new(code, error.to_string())
    }
}

/// The organisation passphrase guards every sealed field: at least 12 characters.
pub fn check_passphrase(passphrase: &str) -> Result<(), Error> {
    check_password_strength(passphrase).map_err(|_| {
        Error::invalid(
            "passphrase",
            "the organisation passphrase needs at least 12 characters",
        )
    })
}

/// A new store's data key and the store's id, as [`create_data_key`] made them.
#[derive(Debug)]
pub struct NewDataKey {
    pub key: DataKey,
    pub store_id: String,
}

/// Makes the data key of a new store, wrapped under `passphrase`, in the caller's transaction.
pub async fn create_data_key(
    tx: &mut Tx<'_>,
    passphrase: &str,
    at: DateTime<Utc>,
) -> Result<NewDataKey, Error> {
    check_passphrase(passphrase)?;
    let key = DataKey::generate()?;
    let wrapped = wrap(&key, passphrase, KdfParams::fresh()?)?;
    let store_id = to_hex(&DataKey::generate()?.bytes()[..16]);
    let key_check = key.seal(KEY_CHECK_TEXT, KEY_CHECK_CONTEXT)?;
    save_store_key(
        tx,
        &StoredKey {
            store_id: store_id.clone(),
            wrapped,
            key_check,
        },
        at,
    )
    .await?;
    Ok(NewDataKey { key, store_id })
}

/// Lets `store`'s handle sign the audit log with the key derived from `key`.
pub fn sign_audit_with(store: &Store, key: &DataKey, store_id: &str) {
    store.audit_signing().unlock(key.audit_key(), store_id);
}

/// Why a sealed field cannot be written yet, and what to do: the same words wherever one is.
pub(crate) fn sealing_needs_the_data_key(field: &str) -> Error {
    Error::new(
        Code::Locked,
        format!(
            "{field}: sealing it needs the organisation's data key, which this workstation has not \
             unlocked: open sealed fields with the organisation passphrase (Users, Open sealed \
             fields; on the command line, the passphrase is asked), then try again"
        ),
    )
}

/// Keeps the data key in this workstation's OS keyring; a notice for the user when there is
/// no keyring to keep it in.
pub fn remember_on_this_workstation(store_id: &str, key: &DataKey) -> Option<String> {
    match keyring_entry(store_id)
        .and_then(|entry| entry.set_secret(key.bytes()).map_err(|e| e.to_string()))
    {
        Ok(()) => None,
        Err(why) => Some(format!(
            "no OS keyring is available here ({why}); the organisation passphrase will be asked \
             each time (PRORATA_PASSPHRASE or a prompt)"
        )),
    }
}

fn keyring_entry(store_id: &str) -> Result<keyring::Entry, String> {
    keyring::Entry::store_status()
        .as_ref()
        .map_err(|e| e.to_string())?;
    keyring::Entry::new(KEYRING_SERVICE, store_id).map_err(|e| e.to_string())
}

/// The data key: from this workstation's keyring, or unwrapped with the passphrase (and then
/// cached in the keyring when there is one). The store's handle signs the audit log with it
/// from then on.
pub async fn unlock(store: &Store, source: &dyn PassphraseSource) -> Result<Unlocked, Error> {
    let mut conn = store.acquire().await?;
    let stored = load_store_key(&mut conn)
        .await?
        .ok_or_else(|| Error::new(Code::Internal, "the store has no data key"))?;
    let opens = |key: &DataKey| key.open(&stored.key_check, KEY_CHECK_CONTEXT).is_ok();
    if let Ok(entry) = keyring_entry(&stored.store_id)
        && let Ok(bytes) = entry.get_secret()
        && let Ok(key) = DataKey::from_bytes(&bytes)
        && opens(&key)
    {
        sign_audit_with(store, &key, &stored.store_id);
        return Ok(Unlocked { key, notice: None });
    }
    let key = unwrap(&stored.wrapped, &source.passphrase()?)?;
    if !opens(&key) {
        return Err(Error::new(
            Code::Internal,
            "the data key does not match its check",
        ));
    }
    sign_audit_with(store, &key, &stored.store_id);
    let notice = remember_on_this_workstation(&stored.store_id, &key);
    Ok(Unlocked { key, notice })
}

const CHANGE_PASSPHRASE: OperationSpec = OperationSpec {
    name: "store.passphrase_changed",
    roles: &[Role::Admin],
    purpose: "change the organisation passphrase",
};

/// Changes the organisation passphrase: the data key is re-wrapped; sealed fields stay.
pub async fn change_passphrase(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    current: &str,
    new: &str,
) -> Result<(), Error> {
    let mut op = Operation::begin_unkeyed(store, clock, session, CHANGE_PASSPHRASE).await?;
    check_passphrase(new)?;
    let stored = load_store_key(op.tx())
        .await?
        .ok_or_else(|| Error::new(Code::Internal, "the store has no data key"))?;
    let key = unwrap(&stored.wrapped, current)?;
    let wrapped = wrap(&key, new, KdfParams::fresh()?)?;
    rewrap_store_key(op.tx(), &wrapped, clock.now()).await?;
    let change = Change {
        action: CHANGE_PASSPHRASE.name,
        object: "store:data_key".to_owned(),
        before: None,
        after: None,
        reason: None,
    };
    op.record(change).await?;
    op.commit().await
}
