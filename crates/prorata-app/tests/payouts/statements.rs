//! `bank import`: a real bank's camt.053 statement kept with its lines for one of the
//! program's accounts, once however often imported, refused for another account or currency
//! with nothing kept, its warning kept when its lines do not add up, and PostgreSQL's half.

use prorata_app::reconcile::{import_bank_statement, list_bank_lines};

use crate::prelude::*;

fn sample(name: &str) -> Vec<u8> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/iso20022/samples")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const OCA: &str = "camt.053.001.02_OCA_EUR_batch-with-returns.xml";

async fn bank(book: &Book, name: &str, currency: &str, number: &str) {
    let new = NewBankAccount {
        name,
        currency,
        account_number: number,
        bic: Some("ABNANL2A"),
        bank_name: Some("ABN AMRO"),
    };
    payouts::add_bank_account(
        book.store(),
        &book.clock,
        &book.admin,
        new,
        Some(data_key()),
        &book.key(),
    )
    .await
    .expect("a bank account");
}

#[tokio::test]
async fn a_statement_is_kept_once_with_a_line_per_batched_detail_and_its_warning() {
    let book = Book::new().await;
    bank(&book, "Euro account", "EUR", "NL77 ABNA 0574 9087 65").await;
    let file = sample(OCA);
    let import = || {
        import_bank_statement(
            book.store(),
            &book.clock,
            &book.officer,
            "Euro account",
            &file,
            Some(data_key()),
        )
    };
    let done = import().await.expect("imported");
    assert_eq!(
        (done.statements, done.lines, done.duplicate_lines),
        (1, 4, 0)
    );
    assert_eq!(
        done.warnings,
        [
            "statement 1234Test/1: its booked entries take the opening balance 15568.27 to 15555.28, not the closing 15121.12: they are 434.16 EUR over"
        ]
    );
    let again = import().await.expect("imported again");
    assert_eq!(
        (again.statements, again.already_imported, again.lines),
        (0, 1, 0)
    );
    let lines = list_bank_lines(book.store(), &book.officer, "Euro account")
        .await
        .expect("listed");
    let shown: Vec<String> = lines
        .items
        .iter()
        .map(|l| {
            format!(
                "{} {} {}",
                l.direction,
                l.amount,
                l.return_reason.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "debit 754.25 -",
            "debit 564.05 AC06",
            "debit 100.00 AC06",
            "credit 1405.31 -"
        ]
    );
}

#[tokio::test]
async fn a_statement_of_another_account_or_currency_is_refused_and_nothing_is_kept() {
    let book = Book::new().await;
    bank(&book, "Other euros", "EUR", "NL91ABNA0417164300").await;
    bank(&book, "Dollars", "USD", "NL77ABNA0574908765").await;
    let file = sample(OCA);
    let import = |bank: &'static str| {
        import_bank_statement(
            book.store(),
            &book.clock,
            &book.officer,
            bank,
            &file,
            Some(data_key()),
        )
    };
    let other = import("Other euros").await.expect_err("another account");
    assert_eq!(other.code, Code::Validation);
    assert_eq!(
        other.message,
        "file: statement 1234Test/1 is of the account ending 8765, not Other euros's (•••• 4300): import it for its own account"
    );
    let dollars = import("Dollars").await.expect_err("another currency");
    assert_eq!(
        dollars.message,
        "file: statement 1234Test/1 is in EUR, not Dollars's USD"
    );
    let locked = import_bank_statement(
        book.store(),
        &book.clock,
        &book.officer,
        "Dollars",
        &sample(OCA),
        None,
    )
    .await
    .expect_err("no data key");
    assert_eq!(locked.code, Code::Locked);
    let by_approver = import_bank_statement(
        book.store(),
        &book.clock,
        &book.approver,
        "Dollars",
        &sample(OCA),
        Some(data_key()),
    )
    .await
    .expect_err("an approver does not import");
    assert_eq!(by_approver.code, Code::PermissionDenied);
    for bank in ["Other euros", "Dollars"] {
        let lines = list_bank_lines(book.store(), &book.officer, bank)
            .await
            .expect("listed");
        assert!(lines.items.is_empty(), "{bank}");
    }
    let message = book
        .refused("INSERT INTO bank_lines (program_id, statement_id, bank_account_id, currency, amount_minor, credit, reversal, status, detail, origin)
                  VALUES (1, 1, 1, 'EUR', 100, true, false, 'BOOK', 0, 'forged')")
        .await;
    assert!(
        message.contains("violates foreign key") || message.contains("not in its statement"),
        "{message}"
    );
}
