//! What every command that touches the store needs: which store, who is signing in, in which
//! program, under which idempotency key, and whether to print JSON.

use std::path::PathBuf;

use prorata_app::FrontEnd;
use prorata_app::clock::SystemClock;
use prorata_app::crypto::DataKey;
use prorata_app::secrets::{PassphraseSource, unlock};
use prorata_app::session::{Credentials, ProgramChoice, Session, sign_in};
use prorata_app::store::open_store;
use prorata_app::{Code, Error, Store, StoreLocation};

use crate::location::resolve;

#[derive(Debug, Clone)]
pub struct Context {
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub user: Option<String>,
    pub program: Option<String>,
    pub idempotency_key: Option<String>,
    pub json: bool,
}

impl Context {
    pub fn location(&self) -> Result<StoreLocation, Error> {
        resolve(&self.data_dir, &self.database_url)
    }

    /// The key of this mutating command: the one given, or a fresh one.
    pub fn idempotency_key(&self) -> String {
        self.idempotency_key
            .clone()
            .unwrap_or_else(|| format!("cli-{}", uuid::Uuid::new_v4()))
    }

    /// Opens the store (telling the user if its server had to be recovered) and signs in.
    pub async fn sign_in(&self) -> Result<(Store, Session), Error> {
        self.sign_in_to(ProgramChoice::from_option(self.program.as_deref()))
            .await
    }

    /// Signs in for a command that spans programs: any of the user's programs will do.
    pub async fn sign_in_anywhere(&self) -> Result<(Store, Session), Error> {
        match self.program.as_deref() {
            Some(slug) => self.sign_in_to(ProgramChoice::Named(slug)).await,
            None => self.sign_in_to(ProgramChoice::AnyOfTheUsers).await,
        }
    }

    async fn sign_in_to(&self, choice: ProgramChoice<'_>) -> Result<(Store, Session), Error> {
        let user = self.user.clone().ok_or_else(|| {
            Error::new(Code::Validation, "user: sign in with --user NAME (the password comes from PRORATA_PASSWORD or a prompt)")
        })?;
        let password = read_secret("PRORATA_PASSWORD", &format!("Password for {user}: "))?;
        let store = self.open().await?;
        // Every sign-in and change is signed on the audit log with the data key: from the
        // keyring, or from the passphrase where there is none.
        unlock_data_key(&store, Passphrase { prompt: true }).await?;
        let credentials = Credentials { user, password };
        let session = sign_in(&store, &SystemClock, &credentials, choice).await?;
        Ok((store, session))
    }

    pub async fn open(&self) -> Result<Store, Error> {
        let (store, notice) = open_store(&self.location()?, FrontEnd::Cli).await?;
        if let Some(notice) = notice {
            eprintln!("note: {notice}");
        }
        Ok(store)
    }
}

/// A secret from the environment variable `variable`, or typed at a prompt without echo;
/// never from an argument, which other users could see in the process list.
pub fn read_secret(variable: &str, prompt: &str) -> Result<String, Error> {
    match std::env::var(variable) {
        Ok(secret) => Ok(secret),
        Err(_) => rpassword::prompt_password(prompt).map_err(|e| {
            Error::new(
                Code::Validation,
                format!(
                    "{variable}: cannot ask for it here ({e}); set {variable} or run in a terminal"
                ),
            )
        }),
    }
}

/// The organisation passphrase from `PRORATA_PASSPHRASE` or, when `prompt` is set, a prompt.
#[derive(Debug, Clone, Copy)]
pub struct Passphrase {
    pub prompt: bool,
}

impl PassphraseSource for Passphrase {
    fn passphrase(&self) -> Result<String, Error> {
        if self.prompt {
            read_secret("PRORATA_PASSPHRASE", "Organisation passphrase: ")
        } else {
            std::env::var("PRORATA_PASSPHRASE").map_err(|_| {
                Error::new(
                    Code::Validation,
                    "passphrase: PRORATA_PASSPHRASE is not set",
                )
            })
        }
    }
}

/// The data key, telling the user on stderr when it cannot be cached in a keyring. Unlocked
/// once per process (a command works on one store): signing in unlocks it to sign the audit
/// log, and a later step that seals or opens a field takes the same key without asking again.
pub async fn unlock_data_key(store: &Store, source: Passphrase) -> Result<&'static DataKey, Error> {
    static UNLOCKED: std::sync::OnceLock<DataKey> = std::sync::OnceLock::new();
    if let Some(key) = UNLOCKED.get() {
        return Ok(key);
    }
    let unlocked = unlock(store, &source).await?;
    if let Some(notice) = unlocked.notice {
        eprintln!("note: {notice}");
    }
    Ok(UNLOCKED.get_or_init(|| unlocked.key))
}
