//! PostgreSQL's half of the statement rules, tried with raw SQL as the application's role.

use crate::prelude::*;

#[tokio::test]
async fn an_issued_document_cannot_be_changed_deleted_or_issued_by_someone_not_an_officer() {
    let book = Book::new().await;
    november(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let issued = november_statement(&book, &dir.path().join("a.pdf"), &book.key())
        .await
        .expect("issued");
    let id = issued.document.id;
    let sha = book
        .refused(&format!(
            "UPDATE statements SET sha256 = sha256 WHERE id = {id}"
        ))
        .await;
    assert!(
        sha.contains("permission denied for table statements"),
        "{sha}"
    );
    let gone = book
        .refused(&format!("DELETE FROM statements WHERE id = {id}"))
        .await;
    assert!(
        gone.contains("permission denied for table statements"),
        "{gone}"
    );
    let truncated = book.refused("TRUNCATE statements").await;
    assert!(truncated.contains("permission denied"), "{truncated}");
    let copy = |who: &str, document: &str| {
        format!(
            "INSERT INTO statements (program_id, document_id, kind, investor_id, currency, period_from, period_to,
                 closing_balance_minor, sha256, content_digest, size_bytes, pages, document_sealed, issued_on, issued_by, issued_at)
             SELECT program_id, '{document}', kind, investor_id, currency, period_from, period_to, closing_balance_minor,
                 sha256, content_digest, size_bytes, pages, document_sealed, issued_on, '{who}', issued_at
             FROM statements WHERE id = {id}"
        )
    };
    let approver = book
        .refused(&copy("abe", "STMT-9-9-USD-20261101-20261130"))
        .await;
    assert!(
        approver.contains("abe is not a user holding officer"),
        "{approver}"
    );
    let ghost = book
        .refused(&copy("nobody", "STMT-9-9-USD-20261101-20261130"))
        .await;
    assert!(ghost.contains("nobody is not a user"), "{ghost}");
    let twice = book
        .refused(&copy("olga", &issued.document.document_id))
        .await;
    assert!(
        twice.contains("statements_program_id_document_id_key"),
        "one record per document: {twice}"
    );
    let early = book.refused(&format!("INSERT INTO statements (program_id, document_id, kind, investor_id, currency, period_from, period_to,
                 closing_balance_minor, sha256, content_digest, size_bytes, pages, document_sealed, issued_on, issued_by, issued_at)
             SELECT program_id, 'STMT-8-8-USD-20261101-20261130', kind, investor_id, currency, period_from, period_to, closing_balance_minor,
                 sha256, content_digest, size_bytes, pages, document_sealed, '2026-11-15', issued_by, issued_at
             FROM statements WHERE id = {id}")).await;
    assert!(
        early.contains("statement_issued_after_its_period"),
        "{early}"
    );
}
