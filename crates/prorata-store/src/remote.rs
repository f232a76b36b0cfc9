//! A remote store: a shared PostgreSQL server reached by URL, TLS verified by default, the
//! password kept in the OS keyring.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgSslMode};

use crate::StoreError;

/// The keyring service under which database passwords are kept.
pub const KEYRING_SERVICE: &str = "prorata-database";

/// A remote store's connection settings, and its URL without any secret for display.
#[derive(Debug, Clone)]
pub struct RemoteStore {
    options: PgConnectOptions,
    display: String,
    /// The URL as given: it holds no password (one is refused), so other PostgreSQL tools
    /// (`pg_dump`) can be pointed at it.
    url: String,
}

impl RemoteStore {
    /// Reads a `postgres://` URL. Without an `sslmode` it requires TLS with the server's
    /// certificate and host name verified (`verify-full`). A password in the URL is refused:
    /// URLs end up in shell histories and logs, so passwords live in the OS keyring.
    pub fn from_url(url: &str) -> Result<RemoteStore, StoreError> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(StoreError::InvalidUrl(
                "a database URL starts with postgres:// (e.g. postgres://prorata@db.example.org/prorata)".to_owned(),
            ));
        }
        let mut options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::InvalidUrl(format!("the database URL cannot be read: {e}")))?;
        let parameters = query_parameters(url);
        if url_has_password(url) || parameters.contains(&"password") {
            return Err(StoreError::InvalidUrl(
                "the database URL holds a password; remove it and store it in the OS keyring with `prorata store password set`".to_owned(),
            ));
        }
        // Only a parameter named `sslmode` chooses the mode; the text "sslmode=" elsewhere
        // (in another parameter's value, say) does not weaken the default.
        if !parameters.contains(&"sslmode") {
            options = options.ssl_mode(PgSslMode::VerifyFull);
        }
        let display = format!(
            "{}@{}:{}/{}",
            options.get_username(),
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or(options.get_username())
        );
        Ok(RemoteStore {
            options,
            display,
            url: url.to_owned(),
        })
    }

    /// `user@host:port/database`: the name of this store in messages and in the keyring.
    pub fn display(&self) -> &str {
        &self.display
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The password stored in the keyring for this store, if any.
    pub fn password(&self) -> Result<Option<String>, StoreError> {
        stored_password(&self.display)
    }

    /// The options to connect with, the password added from the keyring when one is stored.
    pub fn connect_options(&self) -> Result<PgConnectOptions, StoreError> {
        match stored_password(&self.display)? {
            Some(password) => Ok(self.options.clone().password(&password)),
            None => Ok(self.options.clone()),
        }
    }
}

/// The names of the URL's query parameters (`?sslmode=…&password=…`), as written.
fn query_parameters(url: &str) -> Vec<&str> {
    let query = url.split_once('?').map_or("", |(_, query)| query);
    let query = query.split('#').next().unwrap_or_default();
    query
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .filter(|name| !name.is_empty())
        .collect()
}

fn url_has_password(url: &str) -> bool {
    let rest = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    authority
        .rsplit_once('@')
        .is_some_and(|(user_info, _)| user_info.contains(':'))
}

/// The password stored for `store`, if any. A keyring that is missing or locked is an
/// error only when asked to store; when reading, no keyring means no stored password.
fn stored_password(store: &str) -> Result<Option<String>, StoreError> {
    if keyring::Entry::store_status().is_err() {
        return Ok(None);
    }
    let entry = keyring::Entry::new(KEYRING_SERVICE, store)
        .map_err(|e| StoreError::Keyring(e.to_string()))?;
    match entry.get_password() {
        Ok(password) => Ok(Some(password)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(StoreError::Keyring(error.to_string())),
    }
}

/// Stores the password for `store` in the OS keyring, replacing any earlier one.
pub fn store_password(store: &RemoteStore, password: &str) -> Result<(), StoreError> {
    if let Err(error) = keyring::Entry::store_status() {
        return Err(StoreError::Keyring(error.to_string()));
    }
    keyring::Entry::new(KEYRING_SERVICE, store.display())
        .and_then(|entry| entry.set_password(password))
        .map_err(|e| StoreError::Keyring(e.to_string()))
}

/// Removes the stored password for `store`. Returns false if none was stored.
pub fn forget_password(store: &RemoteStore) -> Result<bool, StoreError> {
    if let Err(error) = keyring::Entry::store_status() {
        return Err(StoreError::Keyring(error.to_string()));
    }
    let entry = keyring::Entry::new(KEYRING_SERVICE, store.display())
        .map_err(|e| StoreError::Keyring(e.to_string()))?;
    match entry.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(error) => Err(StoreError::Keyring(error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_is_verified_unless_the_url_says_otherwise() {
        let store =
            RemoteStore::from_url("postgres://officer@db.example.org/books").expect("a valid URL");
        assert!(
            matches!(store.options.get_ssl_mode(), PgSslMode::VerifyFull),
            "verify-full by default"
        );
        assert_eq!(store.display(), "officer@db.example.org:5432/books");
        let store = RemoteStore::from_url("postgres://officer@localhost/books?sslmode=disable")
            .expect("valid");
        assert!(
            matches!(store.options.get_ssl_mode(), PgSslMode::Disable),
            "an explicit choice is kept"
        );
    }

    #[test]
    fn a_password_in_the_url_is_refused() {
        let error = RemoteStore::from_url("postgres://officer:secret@db.example.org/books")
            .expect_err("refused");
        let message = error.to_string();
        assert!(message.contains("OS keyring"), "{message}");
        assert!(
            !message.contains("secret"),
            "the message must not repeat the password: {message}"
        );
    }

    #[test]
    fn a_password_as_a_query_parameter_is_refused_too() {
        let error =
            RemoteStore::from_url("postgres://officer@db.example.org/books?password=secret")
                .expect_err("refused");
        let message = error.to_string();
        assert!(message.contains("OS keyring"), "{message}");
        assert!(!message.contains("secret"), "{message}");
    }

    #[test]
    fn only_an_sslmode_parameter_chooses_the_mode() {
        let store = RemoteStore::from_url(
            "postgres://officer@db.example.org/books?application_name=x-sslmode=disable",
        )
        .expect("valid");
        assert!(
            matches!(store.options.get_ssl_mode(), PgSslMode::VerifyFull),
            "a value that merely contains sslmode= does not weaken TLS"
        );
        let store =
            RemoteStore::from_url("postgres://officer@db.example.org/books?sslmode=require")
                .expect("valid");
        assert!(matches!(store.options.get_ssl_mode(), PgSslMode::Require));
    }

    #[test]
    fn something_that_is_not_a_postgres_url_is_refused() {
        assert!(RemoteStore::from_url("mysql://x@y/z").is_err());
        assert!(RemoteStore::from_url("db.example.org").is_err());
    }
}
