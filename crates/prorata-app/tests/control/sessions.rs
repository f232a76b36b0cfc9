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
