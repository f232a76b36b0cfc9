//! Sealed fields: contact details encrypted in the store under a data key that only the
//! organisation passphrase (or a workstation's keyring) opens.

use std::process::Command;

use chrono::{TimeZone, Utc};
use prorata_app::clock::Clock;
use prorata_app::control::{NewUser, add_user, list_users};
use prorata_app::secrets::{KEYRING_SERVICE, PassphraseSource, change_passphrase, unlock};
use prorata_app::session::{Credentials, ProgramChoice, sign_in};
use prorata_app::store::bootstrap;
use prorata_app::{Code, Error};
use prorata_store::testing::TestDatabase;

struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
            .single()
            .expect("an instant")
    }
}

/// A passphrase given in advance, or none at all (which must then not be needed).
struct Given(Option<&'static str>);

impl PassphraseSource for Given {
    fn passphrase(&self) -> Result<String, Error> {
        self.0
            .map(str::to_owned)
            .ok_or_else(|| Error::new(Code::Validation, "no passphrase was given"))
    }
}

const PASSPHRASE: &str = "the organisation's passphrase";
const ADMIN: &str = "admin passphrase long";

fn require_keyring() {
    if let Err(error) = keyring::Entry::store_status() {
        panic!(
            "this test needs a real OS keyring; run it through scripts/test (gnome-keyring in a D-Bus session): {error}"
        );
    }
}

async fn store_with_olive() -> (TestDatabase, prorata_app::session::Session) {
    let db = TestDatabase::create().await.expect("a database");
    db.store
        .audit_signing()
        .name_front_end(prorata_app::FrontEnd::Cli);
    let admin = Credentials {
        user: "ada".to_owned(),
        password: ADMIN.to_owned(),
    };
    bootstrap(&db.store, &FixedClock, &admin, PASSPHRASE)
        .await
        .expect("bootstrapped");
    let session = sign_in(&db.store, &FixedClock, &admin, ProgramChoice::Only)
        .await
        .expect("signed in");
    let key = unlock(&db.store, &Given(Some(PASSPHRASE)))
        .await
        .expect("unlocked")
        .key;
    let roles = vec!["officer".to_owned()];
    let olive = NewUser {
        name: "olive",
        password: "olive's passphrase",
        roles: &roles,
        email: Some("olive@example.org"),
    };
    add_user(
        &db.store,
        &FixedClock,
        &session,
        olive,
        Some(&key),
        "k-olive",
    )
    .await
    .expect("added");
    (db, session)
}

#[tokio::test]
async fn a_database_dump_shows_no_sealed_field_in_clear() {
    require_keyring();
    let (db, session) = store_with_olive().await;
    let options = &db.options;
    let dump = Command::new("pg_dump")
        .arg("--host")
        .arg(
            options
                .get_socket()
                .map(|dir| dir.display().to_string())
                .unwrap_or_else(|| options.get_host().to_owned()),
        )
        .arg("--port")
        .arg(options.get_port().to_string())
        .arg("--username")
        .arg(options.get_username())
        .arg("--data-only")
        .arg(options.get_database().expect("a database name"))
        .output()
        .expect("pg_dump runs");
    assert!(
        dump.status.success(),
        "pg_dump: {}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let text = String::from_utf8_lossy(&dump.stdout);
    assert!(text.contains("olive"), "the dump holds the users table");
    assert!(
        !text.contains("olive@example.org"),
        "the email is sealed in the dump"
    );
    assert!(
        !text.contains("example.org"),
        "not even its domain is in clear"
    );

    let key = unlock(&db.store, &Given(None))
        .await
        .expect("from this workstation's keyring")
        .key;
    let users = list_users(&db.store, &session, Some(&key))
        .await
        .expect("users");
    assert_eq!(
        users.items[1].email.as_deref(),
        Some("o•••@example.org"),
        "shown masked"
    );
    let users = list_users(&db.store, &session, None).await.expect("users");
    assert_eq!(
        users.items[1].email.as_deref(),
        Some("sealed"),
        "without the key it stays sealed"
    );
}

#[tokio::test]
async fn a_new_passphrase_rewraps_the_key_and_the_old_one_no_longer_opens_it() {
    require_keyring();
    let (db, session) = store_with_olive().await;
    let error = change_passphrase(
        &db.store,
        &FixedClock,
        &session,
        "not the passphrase",
        "a brand new passphrase",
    )
    .await
    .expect_err("the current passphrase must be right");
    assert_eq!(error.code, Code::PermissionDenied);
    change_passphrase(
        &db.store,
        &FixedClock,
        &session,
        PASSPHRASE,
        "a brand new passphrase",
    )
    .await
    .expect("changed");

    // Forget this workstation's cached key, so the passphrase is needed again.
    let store_id: String = sqlx::query_scalar("SELECT store_id FROM store_keys")
        .fetch_one(db.store.pool())
        .await
        .expect("an id");
    keyring::Entry::new(KEYRING_SERVICE, &store_id)
        .expect("an entry")
        .delete_credential()
        .expect("forgotten");
    let error = unlock(&db.store, &Given(Some(PASSPHRASE)))
        .await
        .expect_err("the old passphrase");
    assert_eq!(
        error.message,
        "the organisation passphrase is wrong (the data key does not open with it)"
    );
    let key = unlock(&db.store, &Given(Some("a brand new passphrase")))
        .await
        .expect("the new one")
        .key;
    let users = list_users(&db.store, &session, Some(&key))
        .await
        .expect("users");
    assert_eq!(
        users.items[1].email.as_deref(),
        Some("o•••@example.org"),
        "sealed fields survive the change"
    );
}
