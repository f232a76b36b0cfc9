//! `member add | list`: a network below an admin, each upline strictly above its member,
//! and PostgreSQL's half as the application's role.

use crate::prelude::*;

#[tokio::test]
async fn a_network_climbs_to_an_admin_each_upline_strictly_above_its_member() {
    let book = network().await;
    for (name, role, upline, says) in [
        (
            "rita",
            "retailer",
            Some("ravi"),
            "upline: ravi is a retailer, not above a retailer",
        ),
        (
            "dora",
            "distributor",
            Some("ravi"),
            "upline: ravi is a retailer, not above a distributor",
        ),
        ("sam", "retailer", None, "upline: a retailer has an upline"),
        (
            "adam",
            "admin",
            Some("wala"),
            "upline: an admin is at the top: it has no upline",
        ),
        (
            "rob",
            "retailer",
            Some("nobody"),
            "upline: no network member is named nobody",
        ),
        (
            "rex",
            "chief",
            Some("dina"),
            "role: \"chief\" is not a network role",
        ),
    ] {
        let error = member(&book, name, role, upline)
            .await
            .expect_err("refused");
        assert_eq!(error.code, Code::Validation, "{name}");
        assert!(error.message.starts_with(says), "{}", error.message);
    }
    let listed = commissions::list_network_members(book.store(), &book.officer)
        .await
        .expect("listed");
    let lines: Vec<String> = listed
        .items
        .iter()
        .map(|m| {
            format!(
                "{} {} {}",
                m.name,
                m.role,
                m.upline.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "ada's network admin -",
            "wala white_label ada's network",
            "dina distributor wala",
            "ravi retailer dina"
        ]
    );
}

#[tokio::test]
async fn postgresql_refuses_an_upline_not_above_its_member_and_a_deletion_as_the_app_role() {
    let book = network().await;
    let sql = "INSERT INTO network_members (program_id, name, role, upline_id, scheme_id, added_by, added_at)
               SELECT 1, 'dora', 'distributor', id, scheme_id, 'olga', now() FROM network_members WHERE name = 'ravi'";
    let message = book.refused(sql).await;
    assert!(
        message
            .contains("a retailer is not above a distributor: an upline's role is strictly higher"),
        "{message}"
    );
    let sql = "INSERT INTO network_members (program_id, name, role, upline_id, scheme_id, currency, added_by, added_at)
               SELECT 1, 'sam', 'retailer', NULL, scheme_id, 'INR', 'olga', now() FROM network_members WHERE name = 'ravi'";
    let message = book.refused(sql).await;
    assert!(
        message.contains("network_member_upline_unless_admin"),
        "{message}"
    );
    let message = book
        .refused("DELETE FROM network_members WHERE name = 'ravi'")
        .await;
    assert!(message.contains("permission denied"), "{message}");
}
