//! The daily run: what is verified is prepared, the rest reported, nothing twice.

use crate::prelude::*;

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[tokio::test]
async fn the_daily_run_prepares_what_is_verified_reports_the_rest_and_changes_nothing_twice() {
    let book = Book::new().await;
    for deal in ["Phones", "Laptops", "Tablets"] {
        book.seed_deal(deal).await;
    }
    book.verified("Phones", "2026-11-24", "12000").await;
    book.record("Laptops", "2026-11-24", "11000").await;
    let mut seen = Vec::new();
    let mut progress = |done: usize, total: usize| seen.push((done, total));
    let report = run_daily(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11-24",
        "daily-1",
        &mut progress,
    )
    .await
    .expect("ran");
    assert_eq!(seen.last(), Some(&(3, 3)), "progress reaches every deal");
    assert_eq!(
        report
            .prepared
            .iter()
            .map(|p| p.deal.as_str())
            .collect::<Vec<_>>(),
        ["Phones"]
    );
    assert_eq!(report.prepared[0].profit, "2000.00");
    let reasons: Vec<_> = report
        .skipped
        .iter()
        .map(|s| (s.deal.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2);
    assert!(reasons[0].1.contains("is not verified yet"), "{reasons:?}");
    assert_eq!(reasons[1].1, "no value is recorded for 2026-11-24");

    let replay = run_daily(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11-24",
        "daily-1",
        &mut |_, _| {},
    )
    .await
    .expect("replayed");
    assert_eq!(replay, report, "the same key returns the same report");
    let again = run_daily(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11-24",
        "daily-2",
        &mut |_, _| {},
    )
    .await
    .expect("ran again");
    assert!(again.prepared.is_empty(), "nothing is prepared twice");
    assert!(
        again.skipped[0].reason.contains("already prepared"),
        "{:?}",
        again.skipped
    );
    let all = deals::list_distributions(book.store(), &book.officer, None)
        .await
        .expect("a list");
    assert_eq!(all.items.len(), 1);
    let log = prorata_app::audit::audit_log(book.store(), &book.admin.clone(), None, Some("olga"))
        .await
        .expect("the log");
    let runs: Vec<_> = log
        .items
        .iter()
        .filter(|e| e.action == "run.daily")
        .collect();
    assert_eq!(
        runs.len(),
        2,
        "each completed run is on the audit log, the replay is not"
    );
    let approved = approve_distributions(
        book.store(),
        &book.clock,
        &book.approver,
        &[report.prepared[0].distribution_id],
        None,
        SecondFactor::default(),
        &book.key(),
    )
    .await;
    assert!(
        approved.is_ok(),
        "approval stays a second person's act: {approved:?}"
    );
}
