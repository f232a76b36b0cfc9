//! Users, roles, programs, sign-in, idempotency and the audit chain, through prorata-app
//! against a real PostgreSQL.

use std::sync::Mutex;

use chrono::{DateTime, Duration, TimeZone, Utc};
use prorata_app::audit::{audit_log, verify_audit};
use prorata_app::clock::Clock;
use prorata_app::control::{
    NewUser, Role, UserChangeKind, add_program, add_user, change_user, list_programs, list_users,
};
use prorata_app::session::{Credentials, ProgramChoice, Session, sign_in};
use prorata_app::store::bootstrap;
use prorata_app::{Code, Store};
use prorata_store::testing::TestDatabase;
use sqlx::Executor;

/// A clock the test moves by hand.
struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    fn new() -> TestClock {
        TestClock(Mutex::new(
            Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
                .single()
                .expect("an instant"),
        ))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().expect("the clock") += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("the clock")
    }
}

const ADMIN_PASSWORD: &str = "admin passphrase long";
const USER_PASSWORD: &str = "a user's passphrase";
const PASSPHRASE: &str = "the organisation's passphrase";

fn credentials(user: &str, password: &str) -> Credentials {
    Credentials {
        user: user.to_owned(),
        password: password.to_owned(),
    }
}

async fn store_with_admin(clock: &TestClock) -> TestDatabase {
    let db = TestDatabase::create().await.expect("a database");
    bootstrap(
        &db.store,
        clock,
        &credentials("ada", ADMIN_PASSWORD),
        PASSPHRASE,
    )
    .await
    .expect("the first admin");
    db
}

async fn admin(store: &Store, clock: &TestClock) -> Session {
    sign_in(
        store,
        clock,
        &credentials("ada", ADMIN_PASSWORD),
        ProgramChoice::Only,
    )
    .await
    .expect("ada signs in")
}

async fn add(
    store: &Store,
    clock: &TestClock,
    session: &Session,
    name: &str,
    roles: &[&str],
    key: &str,
) -> i64 {
    let roles: Vec<String> = roles.iter().map(|r| (*r).to_owned()).collect();
    add_user(
        store,
        clock,
        session,
        NewUser {
            name,
            password: USER_PASSWORD,
            roles: &roles,
            email: None,
        },
        None,
        key,
    )
    .await
    .expect("the user is added")
    .id
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(store.pool())
        .await
        .expect("a count")
}

#[tokio::test]
async fn a_wrong_password_is_refused_audited_and_repeated_failures_slow_down() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let wrong = credentials("ada", "not the passphrase");
    for _ in 0..3 {
        let error = sign_in(&db.store, &clock, &wrong, ProgramChoice::Only)
            .await
            .expect_err("wrong password");
        assert_eq!(error.code, Code::PermissionDenied);
        assert_eq!(
            error.message,
            "sign-in failed: unknown user or wrong password"
        );
    }
    let error = sign_in(
        &db.store,
        &clock,
        &credentials("ada", ADMIN_PASSWORD),
        ProgramChoice::Only,
    )
    .await
    .expect_err("even the right password waits after three failures");
    assert!(
        error.message.contains("too many failed attempts"),
        "{}",
        error.message
    );
    clock.advance(Duration::seconds(2));
    admin(&db.store, &clock).await;
    let failed = count(
        &db.store,
        "SELECT count(*) FROM audit_log WHERE action = 'sign_in.failed'",
    )
    .await;
    assert_eq!(failed, 3, "every failed sign-in is on the record");
    let unknown = sign_in(
        &db.store,
        &clock,
        &credentials("mallory", "whatever it is"),
        ProgramChoice::Only,
    )
    .await;
    assert_eq!(
        unknown.expect_err("unknown").message,
        "sign-in failed: unknown user or wrong password"
    );
}

#[tokio::test]
async fn only_an_admin_manages_users_and_a_disabled_user_cannot_sign_in() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    add(&db.store, &clock, &ada, "olive", &["officer"], "k-olive").await;
    let olive = sign_in(
        &db.store,
        &clock,
        &credentials("olive", USER_PASSWORD),
        ProgramChoice::Only,
    )
    .await
    .expect("olive");
    let roles = vec!["admin".to_owned()];
    let error = add_user(
        &db.store,
        &clock,
        &olive,
        NewUser {
            name: "eve",
            password: USER_PASSWORD,
            roles: &roles,
            email: None,
        },
        None,
        "k-eve",
    )
    .await
    .expect_err("not an admin");
    assert_eq!(error.code, Code::PermissionDenied);
    assert_eq!(
        error.message,
        "olive may not add users: it needs the admin role in this program"
    );
    assert_eq!(
        count(&db.store, "SELECT count(*) FROM users WHERE name = 'eve'").await,
        0,
        "nothing changed"
    );

    let error = change_user(
        &db.store,
        &clock,
        &ada,
        "ada",
        UserChangeKind::Disable,
        "k-self",
    )
    .await
    .expect_err("self");
    assert_eq!(
        error.code,
        Code::PermissionDenied,
        "an admin cannot lock themselves out"
    );
    change_user(
        &db.store,
        &clock,
        &ada,
        "olive",
        UserChangeKind::Disable,
        "k-off",
    )
    .await
    .expect("disabled");
    let error = sign_in(
        &db.store,
        &clock,
        &credentials("olive", USER_PASSWORD),
        ProgramChoice::Only,
    )
    .await
    .expect_err("disabled");
    assert_eq!(error.message, "sign-in refused: user olive is disabled");
    let guess = sign_in(
        &db.store,
        &clock,
        &credentials("olive", "a guessed passphrase"),
        ProgramChoice::Only,
    )
    .await
    .expect_err("a wrong password");
    assert_eq!(
        guess.message, "sign-in failed: unknown user or wrong password",
        "without the password nobody learns that the account exists or is disabled"
    );
}

#[tokio::test]
async fn bad_input_gets_a_specific_error_and_changes_nothing() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    let before = count(&db.store, "SELECT count(*) FROM audit_log").await;
    let error = change_user(
        &db.store,
        &clock,
        &ada,
        "nobody",
        UserChangeKind::Grant(Role::Officer),
        "k1",
    )
    .await
    .expect_err("unknown user");
    assert_eq!(
        (error.code, error.message.as_str()),
        (Code::Validation, "user: no user is called nobody")
    );
    let roles = vec!["root".to_owned()];
    let error = add_user(
        &db.store,
        &clock,
        &ada,
        NewUser {
            name: "bob",
            password: USER_PASSWORD,
            roles: &roles,
            email: None,
        },
        None,
        "k2",
    )
    .await
    .expect_err("unknown role");
    assert_eq!(
        error.message,
        "\"root\" is not a role (admin, officer, approver or auditor)"
    );
    let roles = vec!["officer".to_owned()];
    let error = add_user(
        &db.store,
        &clock,
        &ada,
        NewUser {
            name: "bob",
            password: "short",
            roles: &roles,
            email: None,
        },
        None,
        "k3",
    )
    .await
    .expect_err("weak password");
    assert_eq!(error.code, Code::Validation);
    let error = add_user(
        &db.store,
        &clock,
        &ada,
        NewUser {
            name: "Bob Smith",
            password: USER_PASSWORD,
            roles: &roles,
            email: None,
        },
        None,
        "k4",
    )
    .await
    .expect_err("bad name");
    assert_eq!(error.code, Code::Validation);
    assert_eq!(
        count(&db.store, "SELECT count(*) FROM audit_log").await,
        before,
        "nothing was recorded"
    );
    assert_eq!(
        count(&db.store, "SELECT count(*) FROM users").await,
        1,
        "nothing was added"
    );
}

#[tokio::test]
async fn a_replayed_key_returns_the_first_result_and_another_request_under_it_conflicts() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    let first = add(&db.store, &clock, &ada, "olive", &["officer"], "form-1").await;
    let again = add(&db.store, &clock, &ada, "olive", &["officer"], "form-1").await;
    assert_eq!(
        first, again,
        "the same key and request returns the stored result"
    );
    let roles = vec!["approver".to_owned()];
    let error = add_user(
        &db.store,
        &clock,
        &ada,
        NewUser {
            name: "olive",
            password: USER_PASSWORD,
            roles: &roles,
            email: None,
        },
        None,
        "form-1",
    )
    .await
    .expect_err("another body");
    assert_eq!(error.code, Code::Conflict);
    assert!(
        error
            .message
            .starts_with("idempotency_key: \"form-1\" was already used"),
        "{}",
        error.message
    );
    assert_eq!(
        count(&db.store, "SELECT count(*) FROM users WHERE name = 'olive'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_replays_of_one_key_apply_it_once() {
    let clock = std::sync::Arc::new(TestClock::new());
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (store, clock, ada) = (db.store.clone(), clock.clone(), ada.clone());
        tasks.push(tokio::spawn(async move {
            let roles = vec!["auditor".to_owned()];
            add_user(
                &store,
                clock.as_ref(),
                &ada,
                NewUser {
                    name: "carol",
                    password: USER_PASSWORD,
                    roles: &roles,
                    email: None,
                },
                None,
                "double-click",
            )
            .await
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.expect("ran").expect("each replay succeeds").id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every replay got the same user: {ids:?}");
    assert_eq!(
        count(&db.store, "SELECT count(*) FROM users WHERE name = 'carol'").await,
        1,
        "created once"
    );
    assert_eq!(
        count(
            &db.store,
            "SELECT count(*) FROM audit_log WHERE action = 'user.add'"
        )
        .await,
        1,
        "audited once"
    );
}

#[tokio::test]
async fn nothing_of_one_program_is_visible_from_another() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    add(&db.store, &clock, &ada, "olive", &["officer"], "k-olive").await;
    add_program(&db.store, &clock, &ada, "fund2", "Fund Two", "k-fund2")
        .await
        .expect("a program");
    let in_fund2 = sign_in(
        &db.store,
        &clock,
        &credentials("ada", ADMIN_PASSWORD),
        ProgramChoice::Named("fund2"),
    )
    .await
    .expect("ada in fund2");
    add(
        &db.store,
        &clock,
        &in_fund2,
        "frank",
        &["auditor"],
        "k-frank",
    )
    .await;

    let error = sign_in(
        &db.store,
        &clock,
        &credentials("olive", USER_PASSWORD),
        ProgramChoice::Named("fund2"),
    )
    .await
    .expect_err("no role there");
    assert_eq!(error.message, "olive has no role in program fund2");
    let olive = sign_in(
        &db.store,
        &clock,
        &credentials("olive", USER_PASSWORD),
        ProgramChoice::Only,
    )
    .await
    .expect("olive");
    let visible: Vec<String> = list_programs(&db.store, &olive)
        .await
        .expect("programs")
        .items
        .into_iter()
        .map(|p| p.slug)
        .collect();
    assert_eq!(visible, ["main"], "olive sees only her program");
    let main_users: Vec<String> = list_users(&db.store, &ada, None)
        .await
        .expect("users")
        .items
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(main_users, ["ada", "olive"], "frank belongs to fund2 only");
    let log = audit_log(&db.store, &ada, None, None)
        .await
        .expect("the log");
    assert!(
        log.items.iter().all(|e| e.object != "user:frank"),
        "fund2's records stay in fund2"
    );
}

#[tokio::test]
async fn the_audit_chain_verifies_and_names_the_first_record_changed_or_removed() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    for n in 0..4 {
        add(
            &db.store,
            &clock,
            &ada,
            &format!("user{n}"),
            &["auditor"],
            &format!("k{n}"),
        )
        .await;
    }
    let report = verify_audit(&db.store, &ada)
        .await
        .expect("an intact chain");
    assert!(report.intact && report.records >= 6, "{report:?}");

    let refused = db
        .store
        .pool()
        .execute("UPDATE audit_log SET reason = 'edited' WHERE id = 3")
        .await;
    assert!(
        refused
            .expect_err("append-only")
            .to_string()
            .contains("append-only")
    );

    // A superuser can switch triggers off; the chain still tells.
    let mut conn = db.store.pool().acquire().await.expect("a connection");
    conn.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        .await
        .expect("as superuser");
    conn.execute("UPDATE audit_log SET reason = 'edited' WHERE id = 3")
        .await
        .expect("tampered");
    let error = verify_audit(&db.store, &ada)
        .await
        .expect_err("a changed record");
    assert_eq!(error.code, Code::Conflict);
    assert_eq!(
        error.message,
        "the audit chain is broken at record 3: its content does not match its hash (the record was changed)"
    );
    conn.execute("UPDATE audit_log SET reason = NULL WHERE id = 3")
        .await
        .expect("restored");
    conn.execute("DELETE FROM audit_log WHERE id = 4")
        .await
        .expect("removed");
    let error = verify_audit(&db.store, &ada)
        .await
        .expect_err("a removed record");
    assert!(
        error
            .message
            .starts_with("the audit chain is broken at record 5: its previous hash"),
        "{}",
        error.message
    );
}
