//! `revenue report`, the monthly export and a member's wallet history: both worked examples of
//! DESIGN §8 summed to the paisa in their month, a wallet payout the bank confirmed in the
//! month it paid, the top communities, and malformed periods refused.

use prorata_app::revenue;

use crate::prelude::*;

/// The club's two worked examples on 2026-11-25, then on 2026-12-02 (credits released) 1,000.00
/// of Ben's wallet paid out and an event of 1,000.00 recorded.
async fn november_and_december(book: &Book) {
    club(book).await;
    for (source, gross) in [("event", "10000.00"), ("sponsor", "50000.00")] {
        let new = revenue_of(source, gross, "2026-11-25");
        revenue::record_revenue(book.store(), &book.clock, &book.officer, new, &book.key())
            .await
            .expect("recorded");
    }
    book.clock.advance(chrono::Duration::days(7));
    revenue::release_wallet_credits(book.store(), &book.clock, &book.officer, None, &book.key())
        .await
        .expect("released");
    let withdrawal = withdraw(book, "member:2:wallet", "1000.00")
        .await
        .expect("requested");
    paid_out(book, "INR", &[(withdrawal, true)]).await;
    let new = revenue_of("event", "1000.00", "2026-12-02");
    revenue::record_revenue(book.store(), &book.clock, &book.officer, new, &book.key())
        .await
        .expect("recorded");
}

#[tokio::test]
async fn the_report_sums_each_month_to_the_paisa_with_its_wallet_payouts_and_the_top_communities() {
    let book = Book::new().await;
    november_and_december(&book).await;
    let report = revenue::revenue_report(
        book.store(),
        &book.clock,
        &book.officer,
        Some("2026-11"),
        None,
    )
    .await
    .expect("a report");
    assert_eq!(
        (report.from.as_str(), report.to.as_str()),
        ("2026-11", "2026-12")
    );
    let rows: Vec<[&str; 8]> = report
        .months
        .iter()
        .map(|m| {
            [
                m.month.as_str(),
                m.currency.as_str(),
                m.gross.as_str(),
                m.gst_collected.as_str(),
                m.gateway_charges.as_str(),
                m.platform_earnings.as_str(),
                m.net.as_str(),
                m.paid_out.as_str(),
            ]
        })
        .collect();
    assert_eq!(
        rows[0],
        [
            "2026-11", "INR", "60000.00", "10800.00", "1161.12", "5604.54", "42434.34", "0.00"
        ]
    );
    assert_eq!(
        (rows[1][0], rows[1][2], rows[1][7]),
        ("2026-12", "1000.00", "1000.00")
    );
    assert_eq!(report.months[0].transactions, 2);
    assert_eq!(report.months[1].transactions, 1);
    let top = &report.top_communities[0];
    assert_eq!(
        (top.community.as_str(), top.transactions, top.gross.as_str()),
        ("Chess club", 3, "61000.00")
    );
    let year = revenue::revenue_report(book.store(), &book.clock, &book.officer, None, None)
        .await
        .expect("the last twelve months");
    assert_eq!(
        (year.from.as_str(), year.to.as_str()),
        ("2026-01", "2026-12")
    );
    assert_eq!(year.months, report.months);
    let october = revenue::revenue_report(
        book.store(),
        &book.clock,
        &book.officer,
        Some("2026-10"),
        Some("2026-10"),
    )
    .await
    .expect("a month without revenue");
    assert!(october.months.is_empty() && october.top_communities.is_empty());
}

#[tokio::test]
async fn a_malformed_or_reversed_period_is_refused_naming_it() {
    let book = Book::new().await;
    for (from, to, says) in [
        (
            Some("2026-13"),
            None,
            "from: \"2026-13\" is not a month such as 2026-11",
        ),
        (
            None,
            Some("2026-1"),
            "to: \"2026-1\" is not a month such as 2026-11",
        ),
        (
            Some("2026-12"),
            Some("2026-11"),
            "from: a report covers 1 to 120 months, from 2026-12 to 2026-11: not 0",
        ),
        (
            Some("2010-01"),
            Some("2026-11"),
            "from: a report covers 1 to 120 months, from 2010-01 to 2026-11: not 203",
        ),
    ] {
        let error = revenue::revenue_report(book.store(), &book.clock, &book.officer, from, to)
            .await
            .expect_err("refused");
        assert_eq!(error.code, Code::Validation);
        assert_eq!(error.message, says);
    }
}

#[tokio::test]
async fn the_monthly_report_exports_as_csv_and_a_wallet_shows_its_credits_and_withdrawals() {
    let book = Book::new().await;
    november_and_december(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("revenue-months.csv");
    let done = prorata_app::statements::export(
        book.store(),
        &book.clock,
        &book.officer,
        "revenue-months",
        &out,
    )
    .await
    .expect("exported");
    assert_eq!(done.rows, 2);
    let csv = std::fs::read_to_string(&out).expect("written");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "month,currency,transactions,gross,gst_collected,gateway_charges,platform_earnings,net,paid_out"
    );
    assert_eq!(
        lines[1],
        "2026-11,INR,2,60000.00,10800.00,1161.12,5604.54,42434.34,0.00"
    );
    assert!(
        lines[2].starts_with("2026-12,INR,1,1000.00,"),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with(",1000.00"), "{}", lines[2]);
    let ben = revenue::show_wallet(book.store(), &book.officer, "Ben")
        .await
        .expect("shown");
    let history: Vec<(&str, &str, &str)> = ben
        .history
        .iter()
        .map(|m| (m.kind.as_str(), m.date.as_str(), m.status.as_str()))
        .collect();
    assert_eq!(
        history,
        [
            ("credit", "2026-12-02", "pending"),
            ("withdrawal", "2026-12-02", "paid"),
            ("credit", "2026-11-25", "available"),
            ("credit", "2026-11-25", "available"),
        ]
    );
    assert_eq!(ben.history[1].amount, "1000.00");
    assert_eq!(ben.history[0].available_on.as_deref(), Some("2026-12-09"));
    assert_eq!(ben.withdrawn, "1000.00");
}

#[tokio::test]
async fn the_monthly_report_is_written_as_a_pdf_that_says_each_month_and_its_totals() {
    let book = Book::new().await;
    november_and_december(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("revenue-2026.pdf");
    let done = revenue::write_revenue_report(
        book.store(),
        &book.clock,
        &book.officer,
        (Some("2026-11"), Some("2026-12")),
        &out,
    )
    .await
    .expect("written");
    assert_eq!(done.report_id, "RR-1-2026-11-2026-12-20261202");
    assert_eq!(done.pages, 1);
    let bytes = std::fs::read(&out).expect("a file");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = text_of(&out);
    for says in [
        "Community revenue",
        "Months 2026-11 to 2026-12",
        "Revenue by month, INR (₹)",
        "2026-11 2 60,000.00 10,800.00 1,161.12 5,604.54 42,434.34 0.00",
        "Top earning communities, INR (₹)",
        "Chess club 3 61,000.00",
    ] {
        assert!(text.contains(says), "{says} in:\n{text}");
    }
    assert!(
        text.lines().any(|l| l.starts_with("Total 3 61,000.00")),
        "the period's total:\n{text}"
    );
    let again = dir.path().join("again.pdf");
    revenue::write_revenue_report(
        book.store(),
        &book.clock,
        &book.officer,
        (Some("2026-11"), Some("2026-12")),
        &again,
    )
    .await
    .expect("written again");
    assert_eq!(
        std::fs::read(&again).expect("a file"),
        bytes,
        "the same report on the same day is the same bytes"
    );
}
