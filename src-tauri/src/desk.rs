//! What the desktop application holds between commands: which store it works on, the open
//! store, who is signed in, and the data key when it has been unlocked. Every rule lives in
//! prorata-app; this only keeps the pieces a command needs.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use prorata_app::clock::SystemClock;
use prorata_app::crypto::DataKey;
use prorata_app::secrets::{PassphraseSource, unlock};
use prorata_app::session::Session;
use prorata_app::store::open_store;
use prorata_app::{Code, Error, FrontEnd, Store, StoreLocation};

#[derive(Debug)]
pub struct Desk {
    pub location: StoreLocation,
    pub clock: SystemClock,
    /// When the process started, for the start-up measurement.
    pub started_at: Instant,
    store: tokio::sync::Mutex<Option<Store>>,
    session: Mutex<Option<Session>>,
    data_key: Mutex<Option<Arc<DataKey>>>,
}

impl Desk {
    pub fn new(location: StoreLocation, started_at: Instant) -> Desk {
        Desk {
            location,
            clock: SystemClock,
            started_at,
            store: tokio::sync::Mutex::new(None),
            session: Mutex::new(None),
            data_key: Mutex::new(None),
        }
    }

    /// The open store, opening it (and starting a local server) on first use. The notice
    /// says when opening had to recover a server that had crashed.
    pub async fn store(&self) -> Result<(Store, Option<String>), Error> {
        let mut slot = self.store.lock().await;
        if let Some(store) = slot.as_ref() {
            return Ok((store.clone(), None));
        }
        let (store, notice) = open_store(&self.location, FrontEnd::Desktop).await?;
        // With the data key in this workstation's keyring the store signs its audit records
        // at once; without it, signing in asks for the organisation passphrase.
        if let Ok(unlocked) = unlock(&store, &KeyringOnly).await {
            self.keep_data_key(unlocked.key);
        }
        *slot = Some(store.clone());
        Ok((store, notice))
    }

    /// The open store and the signed-in session, or a refusal asking to sign in.
    pub async fn signed_in(&self) -> Result<(Store, Session), Error> {
        let session = lock(&self.session)
            .clone()
            .ok_or_else(|| Error::new(Code::PermissionDenied, "sign in first"))?;
        let (store, _) = self.store().await?;
        Ok((store, session))
    }

    /// Keeps the session, and the data key if this workstation's keyring holds it.
    pub async fn begin_session(&self, store: &Store, session: Session) {
        *lock(&self.session) = Some(session);
        if lock(&self.data_key).is_none()
            && let Ok(unlocked) = unlock(store, &KeyringOnly).await
        {
            *lock(&self.data_key) = Some(Arc::new(unlocked.key));
        }
    }

    /// Forgets the session and the data key.
    pub fn end_session(&self) -> Option<Session> {
        *lock(&self.data_key) = None;
        lock(&self.session).take()
    }

    pub fn session(&self) -> Option<Session> {
        lock(&self.session).clone()
    }

    pub fn keep_data_key(&self, key: DataKey) {
        *lock(&self.data_key) = Some(Arc::new(key));
    }

    /// The data key, if it has been unlocked in this session.
    pub fn data_key(&self) -> Option<Arc<DataKey>> {
        lock(&self.data_key).clone()
    }
}

/// A poisoned lock only means another command panicked; the value inside is still whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Unlocking from the keyring alone: when the keyring does not hold the key, sealed fields
/// stay sealed until the user gives the passphrase.
struct KeyringOnly;

impl PassphraseSource for KeyringOnly {
    fn passphrase(&self) -> Result<String, Error> {
        Err(Error::new(
            Code::PermissionDenied,
            "the organisation passphrase is needed to open sealed fields",
        ))
    }
}

/// The passphrase the user typed into the window.
pub struct Typed(pub String);

impl PassphraseSource for Typed {
    fn passphrase(&self) -> Result<String, Error> {
        Ok(self.0.clone())
    }
}
