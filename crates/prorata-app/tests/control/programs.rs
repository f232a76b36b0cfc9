//! Programs: nothing of one is visible from another.

use crate::prelude::*;

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
async fn an_admin_of_one_program_cannot_see_disable_or_reveal_another_program_s_user() {
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
    add(&db.store, &clock, &in_fund2, "fiona", &["admin"], "k-fiona").await;
    let fiona = sign_in(
        &db.store,
        &clock,
        &credentials("fiona", USER_PASSWORD),
        ProgramChoice::Only,
    )
    .await
    .expect("fiona, fund2's admin");
    // olive is disabled in main; fund2's admin still does not see her.
    change_user(
        &db.store,
        &clock,
        &ada,
        "olive",
        UserChangeKind::Disable,
        "k-d",
    )
    .await
    .expect("disabled by main's admin");
    let seen: Vec<String> = list_users(&db.store, &fiona, None)
        .await
        .expect("users")
        .items
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(seen, ["ada", "fiona"], "only fund2's users");

    let refused = change_user(
        &db.store,
        &clock,
        &fiona,
        "olive",
        UserChangeKind::Disable,
        "k-f",
    )
    .await
    .expect_err("olive has no role in fund2");
    let unknown = change_user(
        &db.store,
        &clock,
        &fiona,
        "nobody",
        UserChangeKind::Disable,
        "k-n",
    )
    .await
    .expect_err("no such user");
    assert_eq!(refused.code, Code::Validation);
    assert_eq!(
        refused.message.replace("olive", "NAME"),
        unknown.message.replace("nobody", "NAME"),
        "another program's user is answered as no user at all"
    );
}
