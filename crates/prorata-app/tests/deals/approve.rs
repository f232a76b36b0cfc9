//! Approving distributions: maker-checker, and the circuit breaker's override.

use crate::prelude::*;

#[tokio::test]
async fn nobody_checks_what_they_made_even_holding_both_roles() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let new = value("Phones", "2026-11-24", "12000");
    let own = record_performance(book.store(), &book.clock, &book.both, new, &book.key())
        .await
        .expect("recorded")
        .id;
    let refused = verify_performance(book.store(), &book.clock, &book.both, own, &book.key())
        .await
        .expect_err("self-verification");
    assert_eq!(refused.code, Code::PermissionDenied);
    assert!(
        refused.message.contains("bo made this performance record"),
        "{}",
        refused.message
    );
    verify_performance(book.store(), &book.clock, &book.approver, own, &book.key())
        .await
        .expect("a second person verifies");

    let prepared = prepare_distribution(
        book.store(),
        &book.clock,
        &book.both,
        "Phones",
        "2026-11-24",
        &book.key(),
    )
    .await
    .expect("prepared")
    .id;
    let refused = approve_distributions(
        book.store(),
        &book.clock,
        &book.both,
        &[prepared],
        None,
        SecondFactor::default(),
        &book.key(),
    )
    .await
    .expect_err("self-approval");
    assert_eq!(refused.code, Code::PermissionDenied);
    assert_eq!(
        book.show(prepared).await.status.as_str(),
        "prepared",
        "a refusal changes nothing"
    );
}

#[tokio::test]
async fn a_flagged_distribution_says_by_how_much_the_value_moved_and_the_threshold() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "14000").await;
    let id = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let shown = book.show(id).await;
    assert!(shown.flagged);
    let because = "the value moved by +40.00%, beyond the deal's circuit-breaker threshold of 25%";
    assert_eq!(
        shown.flagged_because.as_deref(),
        Some(because),
        "the review says by how much and the threshold"
    );
    let listed = deals::list_distributions(book.store(), &book.officer, None)
        .await
        .expect("a list");
    assert_eq!(listed.items[0].flagged_because.as_deref(), Some(because));
}

#[tokio::test]
async fn a_flagged_value_is_approved_only_with_an_override_reason_on_the_audit_log() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let recorded = book.record("Phones", "2026-11-24", "14000").await;
    assert!(
        recorded.flagged,
        "+40% in a day is beyond the 25% threshold"
    );
    assert_eq!(
        recorded.warnings[0],
        "the value moved by +40.00%, beyond the deal's circuit-breaker threshold of 25%: \
         its distribution needs an approver's override with a reason",
        "the move and the threshold are both named"
    );
    verify_performance(
        book.store(),
        &book.clock,
        &book.approver,
        recorded.id,
        &book.key(),
    )
    .await
    .expect("verified");
    let id = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    assert!(book.show(id).await.flagged);

    let blocked = approve_one(&book, id, None).await.expect_err("no override");
    assert_eq!(blocked.code, Code::Conflict);
    assert!(
        blocked.message.contains("needs an override reason"),
        "{}",
        blocked.message
    );
    assert_eq!(book.show(id).await.status.as_str(), "prepared");

    let reason = "supplier paid a one-off rebate; confirmed with the partner's bank statement";
    approve_one(&book, id, Some(reason))
        .await
        .expect("overridden");
    let view = book.show(id).await;
    assert_eq!(
        (view.status.as_str(), view.override_reason.as_deref()),
        ("approved", Some(reason))
    );
    let log = prorata_app::audit::audit_log(book.store(), &book.admin.clone(), None, Some("abe"))
        .await
        .expect("the log");
    let entry = log
        .items
        .iter()
        .find(|e| e.action == "distribution.approve_override")
        .expect("the override is audited");
    assert_eq!(entry.reason.as_deref(), Some(reason));
}

#[tokio::test]
async fn the_audit_log_finds_a_users_records_whatever_the_case_and_spaces_typed() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let log = prorata_app::audit::audit_log(book.store(), &book.admin, None, Some(" Olga "))
        .await
        .expect("the log");
    assert!(
        !log.items.is_empty() && log.items.iter().all(|e| e.actor == "olga"),
        "olga's records, and only hers: {:?}",
        log.items.iter().map(|e| &e.actor).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn the_audit_log_names_the_deal_or_party_each_record_is_about() {
    let book = Book::new().await;
    let deal = book.seed_deal("Phones").await;
    let log = prorata_app::audit::audit_log(book.store(), &book.admin, None, None)
        .await
        .expect("the log");
    let named = |object: &str| {
        log.items
            .iter()
            .find(|e| e.object == object)
            .and_then(|e| e.record.as_ref())
            .map(|r| (r.kind, r.name.clone()))
    };
    assert_eq!(
        named(&format!("deal:{deal}")),
        Some((prorata_app::ledger::RecordKind::Deal, "Phones".to_owned()))
    );
    let partner = log
        .items
        .iter()
        .find(|e| e.object.starts_with("partner:"))
        .expect("the partner's record");
    assert_eq!(
        partner.record.as_ref().map(|r| r.name.as_str()),
        Some("Phones partner")
    );
    let user = log
        .items
        .iter()
        .find(|e| e.object.starts_with("user:"))
        .expect("a user's record");
    assert_eq!(user.record, None, "only deals and parties are linked");
}

/// The approver approves distribution `id`, with `reason` as its override.
async fn approve_one(book: &Book, id: i64, reason: Option<&str>) -> Result<(), prorata_app::Error> {
    let (s, factor) = (book.store(), SecondFactor::default());
    approve_distributions(
        s,
        &book.clock,
        &book.approver,
        &[id],
        reason,
        factor,
        &book.key(),
    )
    .await
    .map(|_| ())
}
