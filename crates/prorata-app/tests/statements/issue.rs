//! `statement generate --investor`: one investor's statement of a period, tied to the
//! ledger, issued once, verified byte for byte.

use crate::prelude::*;

#[tokio::test]
async fn a_statement_states_the_ledger_s_figures_and_is_written_owner_only() {
    let book = Book::new().await;
    november(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("a.pdf");
    let issued = november_statement(&book, &out, &book.key())
        .await
        .expect("issued");
    assert!(issued.issued_now);
    assert_eq!(
        issued.document.document_id,
        format!(
            "STMT-{}-{}-USD-20261101-20261130",
            book.officer.program.id, issued.document.investor_id
        )
    );
    let text = text_of(&out);
    for expected in [
        "Investor statement",
        "Phones A",
        "Opening balance at 31 Oct 2026 $ 0.00",
        "Profit credited $ 312.00",
        "Withdrawals paid $ (100.00)",
        "Closing balance at 30 Nov 2026 $ 212.00",
        "Memo: withdrawals pending $ 12.00",
        "Memo: available to withdraw $ 200.00",
        "24 Nov 2026 Phones 2,000.00 1,560.00 20.0000% 312.00",
        "First Bank •••• 5678",
        "Pending",
    ] {
        assert!(
            text.contains(expected),
            "the statement should read {expected:?}:\n{text}"
        );
    }
    // The closing balance is the ledger's at the period's end.
    let code = format!("investor:{}:payable", issued.document.investor_id);
    let ledger = prorata_app::ledger::account_balance(
        book.store(),
        &book.officer,
        &code,
        None,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
    )
    .await
    .expect("a balance");
    assert_eq!(ledger.balance, "212.00");
    let report = prorata_app::reconcile::reconcile_ledger(book.store(), &book.approver)
        .await
        .expect("reconciled");
    assert!(report.intact, "an issued statement that ties: {report:?}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out)
        .expect("written")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "a statement is for its owner's eyes only");
}

#[tokio::test]
async fn issuing_again_writes_the_recorded_document_even_after_the_ledger_moved() {
    let book = Book::new().await;
    november(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let first = dir.path().join("first.pdf");
    let issued = november_statement(&book, &first, &book.key())
        .await
        .expect("issued");
    // A late value inside November changes what a statement made now would say.
    book.posted("Phones", "2026-11-27", "13000").await;
    let again = dir.path().join("again.pdf");
    let reissued = november_statement(&book, &again, &book.key())
        .await
        .expect("issued again");
    assert!(!reissued.issued_now, "the document was issued before");
    assert_eq!(reissued.document, issued.document);
    assert_eq!(
        std::fs::read(&first).expect("first"),
        std::fs::read(&again).expect("again"),
        "the same bytes, never a silently different document"
    );
    // The book moved under an issued statement: the nightly reconciliation names it.
    let report = prorata_app::reconcile::reconcile_ledger(book.store(), &book.approver)
        .await
        .expect("reconciled");
    let check = report
        .checks
        .iter()
        .find(|c| c.name == "issued statements against the ledger now")
        .expect("the statements' check");
    assert_eq!(check.checked, 1);
    assert_eq!(check.differences.len(), 1, "{check:?}");
    assert!(
        check.differences[0].contains(&issued.document.document_id)
            && check.differences[0].contains("closes at 212.00 USD"),
        "{}",
        check.differences[0]
    );
    assert!(!report.intact);
    let listed = statements::list_statements(book.store(), &book.approver, Some("Phones A"))
        .await
        .expect("listed");
    assert_eq!(listed.items.len(), 1, "recorded once");
}

#[tokio::test]
async fn verify_names_the_issued_document_and_refuses_a_file_with_one_byte_changed() {
    let book = Book::new().await;
    november(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("a.pdf");
    let issued = november_statement(&book, &out, &book.key())
        .await
        .expect("issued");
    let mut bytes = std::fs::read(&out).expect("the PDF");
    let found = statements::verify_statement(book.store(), &book.approver, "a.pdf", &bytes)
        .await
        .expect("verified");
    assert_eq!(found.document_id, issued.document.document_id);
    assert_eq!(found.sha256, issued.document.sha256);
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    let refused = statements::verify_statement(book.store(), &book.approver, "a.pdf", &bytes)
        .await
        .expect_err("one byte changed");
    assert_eq!(refused.code, Code::Validation);
    assert!(
        refused.message.contains(&format!(
            "is not the document issued as {}",
            issued.document.document_id
        )),
        "{}",
        refused.message
    );
    let other = statements::verify_statement(
        book.store(),
        &book.approver,
        "notes.txt",
        b"not a statement",
    )
    .await
    .expect_err("not ours");
    assert!(
        other.message.contains("is no document this program issued"),
        "{}",
        other.message
    );
}

#[tokio::test]
async fn a_period_not_yet_ended_an_unknown_investor_and_an_approver_are_refused_and_nothing_is_issued()
 {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.posted("Phones", "2026-11-24", "12000").await;
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("a.pdf");
    // The clock says 2026-11-25: November has not ended.
    let running = november_statement(&book, &out, &book.key())
        .await
        .expect_err("running");
    assert_eq!(running.code, Code::Validation);
    assert!(
        running.message.contains("the period must have ended"),
        "{}",
        running.message
    );
    book.clock.advance(Duration::days(7));
    let request = StatementRequest {
        investor: "Nobody",
        from: "2026-11-01",
        to: "2026-11-30",
        currency: None,
    };
    let unknown = statements::issue_statement(
        book.store(),
        &book.clock,
        &book.officer,
        request,
        Some(&out),
        &book.key(),
        data_key(),
    )
    .await
    .expect_err("unknown");
    assert!(
        unknown
            .message
            .contains("no investor is called or numbered Nobody"),
        "{}",
        unknown.message
    );
    let request = StatementRequest {
        investor: "Phones A",
        from: "2026-11-01",
        to: "2026-11-30",
        currency: None,
    };
    let approver = statements::issue_statement(
        book.store(),
        &book.clock,
        &book.approver,
        request,
        Some(&out),
        &book.key(),
        data_key(),
    )
    .await
    .expect_err("approvers check, officers issue");
    assert_eq!(approver.code, Code::PermissionDenied);
    assert!(!out.exists(), "nothing was written");
    let listed = statements::list_statements(book.store(), &book.approver, None)
        .await
        .expect("listed");
    assert!(listed.items.is_empty(), "nothing was issued");
}

#[tokio::test]
async fn two_officers_issuing_one_statement_at_the_same_moment_record_it_once() {
    let book = Book::new().await;
    november(&book).await;
    let second = user_with_roles(
        book.store(),
        &book.clock,
        &book.admin,
        "oscar",
        &[prorata_domain::control::Role::Officer],
    )
    .await;
    let dir = tempfile::tempdir().expect("a folder");
    let (one, two) = (dir.path().join("one.pdf"), dir.path().join("two.pdf"));
    let request = StatementRequest {
        investor: "Phones A",
        from: "2026-11-01",
        to: "2026-11-30",
        currency: None,
    };
    let (k1, k2) = (book.key(), book.key());
    let s = book.store();
    let (a, b) = tokio::join!(
        statements::issue_statement(
            s,
            &book.clock,
            &book.officer,
            request,
            Some(&one),
            &k1,
            data_key()
        ),
        statements::issue_statement(
            s,
            &book.clock,
            &second,
            request,
            Some(&two),
            &k2,
            data_key()
        ),
    );
    let (a, b) = (a.expect("one"), b.expect("two"));
    assert_eq!(a.document.id, b.document.id, "one record");
    assert_eq!(
        u8::from(a.issued_now) + u8::from(b.issued_now),
        1,
        "issued once, answered twice"
    );
    assert_eq!(
        std::fs::read(&one).expect("one"),
        std::fs::read(&two).expect("two")
    );
}

#[tokio::test]
async fn the_window_issues_without_a_file_then_shows_and_saves_the_recorded_bytes() {
    let book = Book::new().await;
    november(&book).await;
    let request = StatementRequest {
        investor: "Phones A",
        from: "2026-11-01",
        to: "2026-11-30",
        currency: None,
    };
    let s = book.store();
    let issued = statements::issue_statement(
        s,
        &book.clock,
        &book.officer,
        request,
        None,
        &book.key(),
        data_key(),
    )
    .await
    .expect("issued, no file written");
    let id = issued.document.id;
    let shown = statements::statement_pdf(s, &book.approver, id, data_key())
        .await
        .expect("shown");
    assert!(shown.starts_with(b"%PDF-"), "a PDF");
    let sha = prorata_store::crypto::to_hex(&<sha2::Sha256 as sha2::Digest>::digest(&shown));
    assert_eq!(
        sha, issued.document.sha256,
        "the bytes shown are the ones issued"
    );
    let dir = tempfile::tempdir().expect("a folder");
    let path = statements::save_statement(s, &book.approver, id, dir.path(), data_key())
        .await
        .expect("saved");
    assert_eq!(std::fs::read(&path).expect("saved"), shown);
    assert!(
        path.ends_with(&format!("{}.pdf", issued.document.document_id)),
        "{path}"
    );
    let unknown = statements::statement_pdf(s, &book.approver, id + 1000, data_key())
        .await
        .expect_err("unknown");
    assert!(
        unknown
            .message
            .contains(&format!("no statement or notice is numbered {}", id + 1000)),
        "{}",
        unknown.message
    );
}
