//! `scheme add | set | chain`: inheritance up to the root, rates above the parent's and
//! negative margins refused in the scheme changed and below it, only the creator or an admin
//! configuring, partial updates, and PostgreSQL's half as the application's role.

use crate::prelude::*;

#[tokio::test]
async fn rates_inherit_through_three_levels_and_the_root_is_the_final_fallback() {
    let book = Book::new().await;
    tree(&book).await;
    let chain = chain_of(&book, "dist").await;
    let names: Vec<&str> = chain.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["dist", "wl", "root"]);
    assert_eq!(
        chain[0].1,
        [
            "-/0.05",
            "-/0.04",
            "-/0.03",
            "0.018/0.018",
            "-/0.012",
            "-/0"
        ],
        "the distributor's own, the retailer's from the white label, the rest from the root"
    );
    assert_eq!(
        chain[1].1,
        ["-/0.05", "-/0.04", "-/0.03", "-/0.02", "0.012/0.012", "-/0"]
    );
    assert_eq!(chain[2].1[4], "0.015/0.015");
}

#[tokio::test]
async fn a_rate_above_the_parents_or_a_negative_margin_is_refused_here_and_below_and_changes_nothing()
 {
    let book = Book::new().await;
    tree(&book).await;
    let above = set(&book, &book.officer, "dist", &["retailer=0.013"])
        .await
        .expect_err("above the parent's");
    assert_eq!(above.code, Code::Validation);
    assert_eq!(
        above.message,
        "rate: scheme dist, service recharge: the retailer rate 0.013 is above its parent's 0.012"
    );
    let negative = set(&book, &book.officer, "wl", &["distributor=0.01"])
        .await
        .expect_err("a negative margin");
    assert_eq!(
        negative.message,
        "rate: scheme wl, service recharge: the retailer rate 0.012 is above the distributor rate 0.01, a negative margin"
    );
    // Lowering the white label's distributor rate under what its child sets breaks the child.
    let below = set(
        &book,
        &book.officer,
        "wl",
        &["distributor=0.017", "retailer=0.01"],
    )
    .await
    .expect_err("the child would be above it");
    assert_eq!(
        below.message,
        "rate: scheme dist, service recharge: the distributor rate 0.018 is above its parent's 0.017"
    );
    assert_eq!(
        chain_of(&book, "dist").await[1].1[3],
        "-/0.02",
        "nothing changed"
    );
}

#[tokio::test]
async fn only_the_creator_or_an_admin_configures_a_scheme_and_a_partial_update_keeps_the_rest() {
    let book = Book::new().await;
    tree(&book).await;
    let oscar = user_with_roles(
        book.store(),
        &book.clock,
        &book.admin,
        "oscar",
        &[prorata_domain::control::Role::Officer],
    )
    .await;
    let refused = set(&book, &oscar, "wl", &["retailer=0.011"])
        .await
        .expect_err("not the creator");
    assert_eq!(refused.code, Code::PermissionDenied);
    assert_eq!(
        refused.message,
        "scheme wl: oscar is neither its creator (olga) nor an admin"
    );
    set(&book, &book.admin, "wl", &["retailer=0.011"])
        .await
        .expect("an admin configures any scheme");
    let chain = chain_of(&book, "wl").await;
    assert_eq!(chain[0].1[4], "0.011/0.011");
    assert_eq!(chain[0].1[3], "-/0.02", "the distributor still inherits");
    let root = commissions::add_scheme(
        book.store(),
        &book.clock,
        &book.officer,
        "another root",
        None,
        &book.key(),
    )
    .await
    .expect_err("an officer adds no root");
    assert_eq!(root.code, Code::PermissionDenied);
    let second = commissions::add_scheme(
        book.store(),
        &book.clock,
        &book.admin,
        "another root",
        None,
        &book.key(),
    )
    .await
    .expect_err("one root a program");
    assert_eq!(second.code, Code::Conflict);
    let unknown = set(&book, &book.admin, "wl", &["chief=0.01"])
        .await
        .expect_err("no such role");
    assert!(
        unknown.message.contains("\"chief\" is not a network role"),
        "{}",
        unknown.message
    );
    let over = set(&book, &book.admin, "wl", &["retailer=1.2"])
        .await
        .expect_err("over 100%");
    assert_eq!(over.code, Code::Validation);
}

#[tokio::test]
async fn a_parent_lowered_and_a_child_raised_at_the_same_moment_never_both_take_effect() {
    let book = Book::new().await;
    tree(&book).await;
    // Alone, each is valid: the white label's retailer rate may rise to the root's 0.015, and
    // the root's retailer rate may fall to 0.012. Together the child would be above its parent.
    let (child, parent) = tokio::join!(
        set(&book, &book.officer, "wl", &["retailer=0.014"]),
        set(&book, &book.admin, "root", &["retailer=0.013"]),
    );
    assert!(
        child.is_ok() != parent.is_ok(),
        "one of the two is refused: {child:?} {parent:?}"
    );
    let chain = chain_of(&book, "wl").await;
    let (wl, root) = (&chain[0].1[4], &chain[1].1[4]);
    assert!(
        wl == "0.014/0.014" && root == "0.015/0.015"
            || wl == "0.012/0.012" && root == "0.013/0.013",
        "{wl} {root}"
    );
}

#[tokio::test]
async fn postgresql_refuses_a_rate_above_the_parent_a_negative_margin_and_a_stranger_as_the_app_role()
 {
    let book = Book::new().await;
    tree(&book).await;
    let rate = |scheme: &str, role: &str, rate: &str, who: &str| {
        format!(
            "INSERT INTO scheme_rates (program_id, scheme_id, service, role, rate, set_by, set_at)
             SELECT 1, id, 'recharge', '{role}', {rate}, '{who}', now() FROM commission_schemes WHERE name = '{scheme}'
             ON CONFLICT (scheme_id, service, role) DO UPDATE SET rate = EXCLUDED.rate, set_by = EXCLUDED.set_by"
        )
    };
    for (sql, says) in [
        (
            rate("dist", "retailer", "0.013", "olga"),
            "scheme dist, service recharge: the retailer rate 0.013 is above its parent's 0.012",
        ),
        (
            rate("wl", "distributor", "0.01", "olga"),
            "scheme wl, service recharge: the retailer rate 0.012 is above the distributor rate 0.01, a negative margin",
        ),
        (
            rate("root", "distributor", "0.017", "ada"),
            "scheme dist, service recharge: the distributor rate 0.018 is above its parent's 0.017",
        ),
        (
            rate("wl", "retailer", "0.011", "abe"),
            "abe is neither its creator nor an admin",
        ),
        (
            "UPDATE commission_schemes SET parent_id = NULL WHERE name = 'dist'".to_owned(),
            "permission denied",
        ),
        (
            "DELETE FROM scheme_rates WHERE role = 'retailer'".to_owned(),
            "permission denied",
        ),
        (
            "INSERT INTO commission_schemes (program_id, name, parent_id, created_by, created_at)
             VALUES (1, 'root two', NULL, 'ada', now())"
                .to_owned(),
            "commission_schemes_one_root",
        ),
    ] {
        let message = book.refused(&sql).await;
        assert!(message.contains(says), "{sql}: {message}");
    }
}
