//! `statement notice DISTRIBUTION --investor INV`: one distribution's whole calculation, and
//! what it did to the investor's balance.

use crate::prelude::*;

async fn notice(
    book: &Book,
    distribution: i64,
    investor: &str,
    out: &Path,
) -> Result<IssuedDocument, prorata_app::Error> {
    statements::issue_notice(
        book.store(),
        &book.clock,
        &book.officer,
        distribution,
        investor,
        out,
        &book.key(),
        data_key(),
    )
    .await
}

#[tokio::test]
async fn a_notice_restates_the_waterfall_and_the_investor_s_balance_before_and_after() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let first = book.posted("Phones", "2026-11-24", "12000").await;
    let second = book.posted("Phones", "2026-11-25", "12500").await;
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("notice.pdf");
    let issued = notice(&book, second, "Phones A", &out)
        .await
        .expect("issued");
    assert_eq!(issued.document.distribution_id, Some(second));
    let text = text_of(&out);
    for expected in [
        "Distribution notice",
        "Deal value on 25 Nov 2026 12,500.00",
        "High-water mark before 12,000.00",
        "Profit above the mark 500.00",
        "Partner commission 20% (100.00)",
        "Platform fee 2% (10.00)",
        "Investor pool 390.00",
        "Your capital in the deal 2,000.00",
        "All capital sharing in the pool 10,000.00",
        "Your share of the pool 20.0000% 78.00",
        "Balance before this distribution 312.00",
        "This distribution 78.00",
        "Balance after 390.00",
        "Distributions from Phones to date 390.00",
    ] {
        assert!(
            text.contains(expected),
            "the notice should read {expected:?}:\n{text}"
        );
    }
    let again = notice(&book, second, "Phones A", &dir.path().join("again.pdf"))
        .await
        .expect("again");
    assert!(!again.issued_now);
    assert_eq!(again.document.sha256, issued.document.sha256);
    let first_notice = notice(&book, first, "Phones A", &dir.path().join("first.pdf"))
        .await
        .expect("the first");
    assert_ne!(
        first_notice.document.document_id,
        issued.document.document_id
    );
}

#[tokio::test]
async fn a_notice_needs_a_posted_distribution_and_an_investor_who_shared_in_it() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let prepared = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("notice.pdf");
    let unposted = notice(&book, prepared, "Phones A", &out)
        .await
        .expect_err("not posted");
    assert_eq!(unposted.code, Code::Conflict);
    assert!(
        unposted.message.contains("is not posted"),
        "{}",
        unposted.message
    );
    let stranger = prorata_app::deals::add_investor(
        book.store(),
        &book.clock,
        &book.officer,
        "Stranger",
        None,
        None,
        &book.key(),
    )
    .await;
    assert!(stranger.is_ok(), "{stranger:?}");
    book.approve_and_post(prepared).await;
    let outsider = notice(&book, prepared, "Stranger", &out)
        .await
        .expect_err("no share");
    assert!(
        outsider
            .message
            .contains("Stranger has no share in distribution"),
        "{}",
        outsider.message
    );
    assert!(!out.exists());
}
