//! Signing in: refusals are audited and repeated failures slow down.

use crate::prelude::*;

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
