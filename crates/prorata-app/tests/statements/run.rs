//! `statement generate --period YYYY-MM --all`: every investor's statement of a month, the
//! ones with nothing to state skipped and named, a rerun writing the recorded documents.

use crate::prelude::*;

async fn run(
    book: &Book,
    period: &str,
    out: &Path,
    key: &str,
) -> Result<statements::PeriodRunReport, prorata_app::Error> {
    let mut seen = Vec::new();
    let report = statements::issue_period(
        book.store(),
        &book.clock,
        &book.officer,
        period,
        None,
        out,
        key,
        data_key(),
        &mut |done, total| seen.push((done, total)),
    )
    .await;
    if report.is_ok() {
        assert_eq!(
            seen.last().map(|(d, t)| d == t),
            Some(true),
            "progress ends at the total: {seen:?}"
        );
    }
    report
}

#[tokio::test]
async fn a_month_s_run_issues_each_investor_s_statement_and_a_rerun_writes_the_same_files() {
    let book = Book::new().await;
    november(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let report = run(&book, "2026-11", dir.path(), &book.key())
        .await
        .expect("run");
    assert_eq!(report.issued.len(), 3, "A, B and C: {report:?}");
    assert!(report.skipped.is_empty());
    let mut written: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("listed")
        .map(|e| e.expect("entry").path())
        .collect();
    written.sort();
    assert_eq!(written.len(), 3);
    let a = text_of(&written[0]);
    assert!(
        a.contains("Phones A") && a.contains("Closing balance at 30 Nov 2026 $ 212.00"),
        "{a}"
    );
    let b = text_of(&written[1]);
    assert!(
        b.contains("Phones B") && b.contains("Closing balance at 30 Nov 2026 $ 624.00"),
        "{b}"
    );
    let before: Vec<Vec<u8>> = written
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    let again = tempfile::tempdir().expect("another folder");
    let rerun = run(&book, "2026-11", again.path(), &book.key())
        .await
        .expect("rerun");
    assert!(rerun.issued.is_empty(), "{rerun:?}");
    assert_eq!(rerun.reissued.len(), 3);
    for (path, bytes) in written.iter().zip(&before) {
        let name = path.file_name().expect("a name");
        assert_eq!(
            &std::fs::read(again.path().join(name)).expect("rewritten"),
            bytes,
            "{name:?} is the recorded document"
        );
    }
    // Each statement verifies as issued.
    let found = statements::verify_statement(book.store(), &book.approver, "b.pdf", &before[1])
        .await
        .expect("verified");
    assert_eq!(found.investor, "Phones B");
}

#[tokio::test]
async fn investors_with_nothing_in_the_month_are_skipped_and_named_and_a_bad_month_is_refused() {
    let book = Book::new().await;
    november(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let october = run(&book, "2026-10", dir.path(), &book.key())
        .await
        .expect("run");
    assert!(october.issued.is_empty());
    let skipped: Vec<&str> = october
        .skipped
        .iter()
        .map(|s| s.investor.as_str())
        .collect();
    assert_eq!(skipped, ["Phones A", "Phones B", "Phones C"]);
    assert!(october.skipped[0].reason.contains("nothing to state"));
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("listed").count(),
        0,
        "nothing written"
    );
    for bad in ["2026-13", "November", "2026-1"] {
        let refused = run(&book, bad, dir.path(), &book.key())
            .await
            .expect_err(bad);
        assert_eq!(refused.code, Code::Validation, "{bad}");
        assert!(
            refused.message.starts_with("period:"),
            "{}",
            refused.message
        );
    }
    let running = run(&book, "2026-12", dir.path(), &book.key())
        .await
        .expect_err("December is running");
    assert!(
        running.message.contains("the period must have ended"),
        "{}",
        running.message
    );
}
