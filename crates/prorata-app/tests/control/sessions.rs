//! A session is checked again by every change: the actor's status and roles are read in the
//! operation's own transaction, not remembered from signing in.

use prorata_app::deals::add_partner;

use crate::prelude::*;

/// A store where officer olga, signed in, added partner P1 under key `first`, and the admin
/// then made `change` to her.
async fn olga_after(
    change: UserChangeKind,
) -> (TestClock, prorata_store::testing::TestDatabase, Session) {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    let olga = user_with_roles(&db.store, &clock, &ada, "olga", &[Role::Officer]).await;
    add_partner(&db.store, &clock, &olga, "P1", "first")
        .await
        .expect("an officer adds a partner");
    change_user(&db.store, &clock, &ada, "olga", change, "admin's change")
        .await
        .expect("the admin changes olga");
    (clock, db, olga)
}

#[tokio::test]
async fn a_role_revoked_after_sign_in_is_refused_at_the_next_change() {
    let (clock, db, olga) = olga_after(UserChangeKind::Revoke(Role::Officer)).await;
    let refused = add_partner(&db.store, &clock, &olga, "P2", "second")
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
    let (clock, db, olga) = olga_after(UserChangeKind::Disable).await;
    let refused = add_partner(&db.store, &clock, &olga, "P2", "second")
        .await
        .expect_err("a disabled user's open session");
    assert_eq!(refused.code, Code::PermissionDenied);
    assert!(
        refused.message.contains("olga is disabled"),
        "the refusal says why: {}",
        refused.message
    );
    assert_eq!(count(&db.store, "SELECT count(*) FROM partners").await, 1);
}

#[tokio::test]
async fn a_replay_is_refused_too_once_the_role_is_gone() {
    let (clock, db, olga) = olga_after(UserChangeKind::Revoke(Role::Officer)).await;
    let refused = add_partner(&db.store, &clock, &olga, "P1", "first")
        .await
        .expect_err("a stored result is not handed to someone who may no longer ask");
    assert_eq!(refused.code, Code::PermissionDenied);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_a_user_waits_for_the_change_they_have_in_flight() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    let olga = user_with_roles(&db.store, &clock, &ada, "olga", &[Role::Officer]).await;
    // An operation of olga's has read her standing and not yet committed.
    let mut in_flight = db.store.pool().begin().await.expect("a transaction");
    prorata_store::control::standing_in_program(&mut in_flight, olga.user_id, olga.program.id)
        .await
        .expect("reads")
        .expect("olga");
    let mut admin_tx = db.store.pool().begin().await.expect("a transaction");
    admin_tx
        .execute("SET LOCAL lock_timeout = '300ms'")
        .await
        .expect("a lock timeout");
    let blocked = sqlx::query("UPDATE users SET disabled_at = now() WHERE name = 'olga'")
        .execute(&mut *admin_tx)
        .await
        .expect_err("the disable must wait for the operation in flight");
    assert!(
        blocked.to_string().contains("lock timeout"),
        "it waits on olga's row, it does not pass it: {blocked}"
    );
    drop(admin_tx);
    in_flight.commit().await.expect("the operation commits");
    change_user(
        &db.store,
        &clock,
        &ada,
        "olga",
        UserChangeKind::Disable,
        "k",
    )
    .await
    .expect("then the disable goes through");
}
