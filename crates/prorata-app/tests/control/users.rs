//! Users and roles: only an admin manages them; bad input changes nothing.

use crate::prelude::*;

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
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

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
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
        (
            Code::Validation,
            "user: no user is called nobody in program main"
        )
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
