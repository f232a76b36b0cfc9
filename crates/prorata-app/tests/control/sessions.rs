//! A session is checked again by every change: the actor's status and roles are read in the
//! operation's own transaction, not remembered from signing in.

use crate::prelude::*;

#[tokio::test]
async fn a_role_revoked_after_sign_in_is_refused_at_the_next_change() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    let olga = user_with_roles(&db.store, &clock, &ada, "olga", &[Role::Officer]).await;
    prorata_app::deals::add_partner(&db.store, &clock, &olga, "P1", "k1")
        .await
        .expect("an officer adds a partner");

    change_user(
        &db.store,
        &clock,
        &ada,
        "olga",
        UserChangeKind::Revoke(Role::Officer),
        "k2",
    )
    .await
    .expect("the admin revokes the role");
    let refused = prorata_app::deals::add_partner(&db.store, &clock, &olga, "P2", "k3")
        .await
        .expect_err("the session still names the role, the store no longer does");
    assert_eq!(refused.code, Code::PermissionDenied, "{}", refused.message);
    assert_eq!(
        count(&db.store, "SELECT count(*) FROM partners").await,
        1,
        "the refused change wrote nothing"
    );
}

#[tokio::test]
async fn a_user_disabled_after_sign_in_can_change_nothing() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    let olga = user_with_roles(&db.store, &clock, &ada, "olga", &[Role::Officer]).await;
    change_user(
        &db.store,
        &clock,
        &ada,
        "olga",
        UserChangeKind::Disable,
        "k1",
    )
    .await
    .expect("the admin disables olga");
    let refused = prorata_app::deals::add_partner(&db.store, &clock, &olga, "P1", "k2")
        .await
        .expect_err("a disabled user's open session");
    assert_eq!(refused.code, Code::PermissionDenied);
    assert!(
        refused.message.contains("olga is disabled"),
        "the refusal says why: {}",
        refused.message
    );
    assert_eq!(count(&db.store, "SELECT count(*) FROM partners").await, 0);
}

#[tokio::test]
async fn a_replay_is_refused_too_once_the_role_is_gone() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    let olga = user_with_roles(&db.store, &clock, &ada, "olga", &[Role::Officer]).await;
    prorata_app::deals::add_partner(&db.store, &clock, &olga, "P1", "same key")
        .await
        .expect("added");
    change_user(
        &db.store,
        &clock,
        &ada,
        "olga",
        UserChangeKind::Revoke(Role::Officer),
        "k2",
    )
    .await
    .expect("revoked");
    let refused = prorata_app::deals::add_partner(&db.store, &clock, &olga, "P1", "same key")
        .await
        .expect_err("a stored result is not handed to someone who may no longer ask");
    assert_eq!(refused.code, Code::PermissionDenied);
}
