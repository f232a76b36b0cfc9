//! Idempotency keys: a replay returns the first result, once, even concurrently.

use crate::prelude::*;

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
