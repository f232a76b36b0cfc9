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
    assert_eq!(
        error.message, "sign-in failed: unknown user or wrong password",
        "a throttled name is answered as an unknown one: the answer tells no name apart"
    );
    let throttled = count(
        &db.store,
        "SELECT count(*) FROM audit_log WHERE action = 'sign_in.refused' AND reason LIKE 'too many failed attempts%'",
    )
    .await;
    assert_eq!(throttled, 1, "the record says why");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_guesses_are_each_counted_and_none_slips_past_the_throttle() {
    let clock = std::sync::Arc::new(TestClock::new());
    let db = store_with_admin(&clock).await;
    let guesses = (0..6).map(|n| {
        let (store, clock) = (db.store.clone(), clock.clone());
        tokio::spawn(async move {
            let wrong = credentials("ada", &format!("guess number {n}"));
            sign_in(&store, &*clock, &wrong, ProgramChoice::Only).await
        })
    });
    for guess in guesses.collect::<Vec<_>>() {
        assert!(guess.await.expect("joined").is_err());
    }
    let (failed, refused) = (
        count(
            &db.store,
            "SELECT count(*) FROM audit_log WHERE action = 'sign_in.failed'",
        )
        .await,
        count(
            &db.store,
            "SELECT count(*) FROM audit_log WHERE action = 'sign_in.refused'",
        )
        .await,
    );
    // Three free failures; at the same instant, every later guess waits for the throttle.
    assert_eq!(
        (failed, refused),
        (3, 3),
        "each guess is counted once, in turn"
    );
    let recorded = count(
        &db.store,
        "SELECT failed_sign_ins::bigint FROM users WHERE name = 'ada'",
    )
    .await;
    assert_eq!(recorded, 3);
}
