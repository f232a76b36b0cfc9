//! The audit chain: keyed with the data key, it verifies, and names each record changed,
//! forged, removed, or cut from its end; each record names its workstation and front end.

use crate::prelude::*;
use prorata_app::FrontEnd;
use prorata_app::secrets::{PassphraseSource, unlock};
use prorata_store::testing::TestDatabase;
use sqlx::Connection;

/// The organisation passphrase, as a user would type it.
struct Typed;

impl PassphraseSource for Typed {
    fn passphrase(&self) -> Result<String, prorata_app::Error> {
        Ok(PASSPHRASE.to_owned())
    }
}

/// A store of ada's with four more users: seven records (init, ada's sign-in, four users).
async fn chain_of_six(clock: &TestClock) -> (TestDatabase, Session) {
    let db = store_with_admin(clock).await;
    let ada = admin(&db.store, clock).await;
    for n in 0..4 {
        let name = format!("user{n}");
        add(
            &db.store,
            clock,
            &ada,
            &name,
            &["auditor"],
            &format!("k{n}"),
        )
        .await;
    }
    (db, ada)
}

/// A connection as the owner, with the append-only triggers off: what only a superuser or
/// the owner can do, and what the chain must still tell.
async fn owner_with_triggers_off(db: &TestDatabase) -> sqlx::PgConnection {
    let mut conn = sqlx::PgConnection::connect_with(&db.options)
        .await
        .expect("the owner connects");
    conn.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
        .await
        .expect("as the owner");
    conn
}

/// Another handle on the same store, as a second process of this workstation opens it: it
/// keeps the head it sees in `folder`.
async fn workstation_handle(db: &TestDatabase, folder: &std::path::Path) -> Store {
    let store = TestDatabase::open_existing(&db.name).await.expect("opens");
    store.audit_signing().name_front_end(FrontEnd::Desktop);
    store.audit_signing().keep_heads_in(folder);
    unlock(&store, &Typed).await.expect("unlocks");
    store
}

#[tokio::test]
async fn every_record_names_its_workstation_and_front_end_and_the_chain_verifies() {
    let clock = TestClock::new();
    let (db, ada) = chain_of_six(&clock).await;
    let report = verify_audit(&db.store, &ada)
        .await
        .expect("an intact chain");
    assert!(report.intact && report.records == 6, "{report:?}");
    assert_eq!(
        report.unkeyed_records, 0,
        "a new store is keyed from its first record"
    );
    let log = audit_log(&db.store, &ada, None, None)
        .await
        .expect("the log");
    let host = db.store.audit_signing().workstation().to_owned();
    assert!(!host.is_empty());
    for entry in &log.items {
        assert_eq!(
            entry.workstation.as_deref(),
            Some(host.as_str()),
            "{entry:?}"
        );
        assert_eq!(entry.front_end, Some(FrontEnd::Cli), "{entry:?}");
    }
}

#[tokio::test]
async fn a_changed_record_is_named_even_when_its_hash_is_recomputed_without_the_key() {
    let clock = TestClock::new();
    let (db, ada) = chain_of_six(&clock).await;
    let refused = db
        .store
        .pool()
        .execute("UPDATE audit_log SET reason = 'edited' WHERE id = 3")
        .await;
    assert!(
        refused
            .expect_err("append-only")
            .to_string()
            .contains("permission denied for table audit_log"),
        "the application's role may not even try"
    );

    let mut owner = owner_with_triggers_off(&db).await;
    owner
        .execute("UPDATE audit_log SET reason = 'edited' WHERE id = 3")
        .await
        .expect("tampered");
    let error = verify_audit(&db.store, &ada)
        .await
        .expect_err("a changed record");
    assert_eq!(error.code, Code::Conflict);
    assert_eq!(
        error.message,
        "the audit chain is broken at record 3: its content does not match its hash (the record \
         was changed, or signed without the data key)"
    );

    // Who can write SQL can compute SHA-256, HMAC with a guessed key, anything but the key:
    // a recomputed hash (here with the old, unkeyed scheme, then keyed with another key)
    // does not verify.
    owner
        .execute(
            "UPDATE audit_log SET hash = sha256(previous_hash || convert_to(reason, 'UTF8')) WHERE id = 3",
        )
        .await
        .expect("rehashed");
    let error = verify_audit(&db.store, &ada)
        .await
        .expect_err("a rehashed record");
    assert!(
        error
            .message
            .starts_with("the audit chain is broken at record 3:"),
        "{}",
        error.message
    );
    owner
        .execute("UPDATE audit_log SET hash_version = 1 WHERE id >= 3")
        .await
        .expect("claimed unkeyed");
    let error = verify_audit(&db.store, &ada)
        .await
        .expect_err("records passed off as unkeyed");
    assert_eq!(
        error.message,
        "the audit chain is broken at record 3: an unkeyed record follows a keyed one (records \
         were rewritten)"
    );
}

#[tokio::test]
async fn a_removed_record_is_named_by_the_record_after_it() {
    let clock = TestClock::new();
    let (db, ada) = chain_of_six(&clock).await;
    let mut owner = owner_with_triggers_off(&db).await;
    owner
        .execute("DELETE FROM audit_log WHERE id = 4")
        .await
        .expect("removed");
    let error = verify_audit(&db.store, &ada)
        .await
        .expect_err("a removed record");
    assert_eq!(
        error.message,
        "the audit chain is broken at record 5: it does not link to record 3 before it (records \
         between were removed, or the order changed)"
    );
}

#[tokio::test]
async fn records_cut_from_the_end_are_named_against_the_head_this_workstation_saw() {
    let clock = TestClock::new();
    let (db, ada) = chain_of_six(&clock).await;
    let folder = tempfile::tempdir().expect("a folder");
    let desk = workstation_handle(&db, folder.path()).await;
    let before = verify_audit(&desk, &ada).await.expect("intact");
    assert_eq!(
        before.seen_up_to, None,
        "nothing seen yet on this workstation"
    );
    // Two more records, written by this workstation, then cut from the end.
    add(&desk, &clock, &ada, "user4", &["auditor"], "k4").await;
    add(&desk, &clock, &ada, "user5", &["auditor"], "k5").await;
    let mut owner = owner_with_triggers_off(&db).await;
    owner
        .execute("DELETE FROM audit_log WHERE id > 6")
        .await
        .expect("truncated");

    // What remains is a whole chain: a handle that saw nothing cannot tell.
    assert!(verify_audit(&db.store, &ada).await.is_ok());
    // This workstation saw record 8, and says so, also from a process started afterwards.
    let error = verify_audit(&desk, &ada).await.expect_err("cut short");
    assert_eq!(error.code, Code::Conflict);
    assert_eq!(
        error.message,
        "the audit chain is cut short: records 7 to 8 are missing at its end (this workstation \
         saw record 8; the log now ends at record 6)"
    );
    let later = workstation_handle(&db, folder.path()).await;
    let error = verify_audit(&later, &ada)
        .await
        .expect_err("still cut short");
    assert!(
        error
            .message
            .starts_with("the audit chain is cut short: records 7 to 8"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn an_edited_head_file_is_refused_rather_than_trusted() {
    let clock = TestClock::new();
    let (db, ada) = chain_of_six(&clock).await;
    let folder = tempfile::tempdir().expect("a folder");
    let desk = workstation_handle(&db, folder.path()).await;
    verify_audit(&desk, &ada).await.expect("intact");
    let file = std::fs::read_dir(folder.path())
        .expect("lists")
        .map(|entry| entry.expect("an entry").path())
        .find(|path| path.to_string_lossy().contains("audit-head-"))
        .expect("the head file");
    let text = std::fs::read_to_string(&file).expect("reads");
    std::fs::write(&file, text.replace("\"record\":6", "\"record\":2")).expect("edited");
    let later = workstation_handle(&db, folder.path()).await;
    let error = verify_audit(&later, &ada)
        .await
        .expect_err("an edited head");
    assert_eq!(error.code, Code::Conflict);
    assert!(
        error
            .message
            .contains("its signature does not verify (it was edited)"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn a_store_handle_without_the_data_key_writes_nothing_and_says_what_is_needed() {
    let clock = TestClock::new();
    let (db, _ada) = chain_of_six(&clock).await;
    let locked = TestDatabase::open_existing(&db.name).await.expect("opens");
    locked.audit_signing().name_front_end(FrontEnd::Desktop);
    let error = sign_in(
        &locked,
        &clock,
        &credentials("ada", ADMIN_PASSWORD),
        ProgramChoice::Only,
    )
    .await
    .expect_err("locked");
    assert_eq!(error.code, Code::Locked);
    assert!(
        error.message.contains("give the organisation passphrase"),
        "{}",
        error.message
    );
    let records: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(locked.pool())
        .await
        .expect("counts");
    assert_eq!(
        records, 6,
        "not even a failed sign-in was recorded unsigned"
    );
}

#[tokio::test]
async fn postgres_refuses_an_unkeyed_or_unattributed_record_from_the_application_role() {
    let clock = TestClock::new();
    let (db, _ada) = chain_of_six(&clock).await;
    let insert = |version: i16, front_end: &'static str| {
        format!(
            "INSERT INTO audit_log (recorded_at, actor, action, object, previous_hash, hash, hash_version, workstation, front_end)
             SELECT now(), 'mallory', 'forged', 'x', hash, sha256(hash), {version}, 'host', '{front_end}'
             FROM audit_log ORDER BY id DESC LIMIT 1"
        )
    };
    let error = db
        .store
        .pool()
        .execute(sqlx::AssertSqlSafe(insert(1, "cli")))
        .await
        .expect_err("an unkeyed record");
    assert!(error.to_string().contains("is not keyed"), "{error}");
    let error = db
        .store
        .pool()
        .execute(sqlx::AssertSqlSafe(insert(2, "script")))
        .await
        .expect_err("an unnamed front end");
    assert!(
        error.to_string().contains("audit_log_keyed_names_origin"),
        "{error}"
    );
}
