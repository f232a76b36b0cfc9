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

fn german_mapping() -> prorata_app::reconcile::CsvMappingInput {
    prorata_app::reconcile::CsvMappingInput {
        date_column: "Buchungstag".to_owned(),
        amount_column: Some("Betrag".to_owned()),
        debit_column: None,
        credit_column: None,
        reference_column: Some("Referenz".to_owned()),
        end_to_end_column: Some("End-to-End-Referenz".to_owned()),
        description_column: Some("Verwendungszweck".to_owned()),
        date_format: "%d.%m.%Y".to_owned(),
        decimal_separator: ",".to_owned(),
        delimiter: ";".to_owned(),
    }
}

const GERMAN_HEAD: &str = "Buchungstag;Verwendungszweck;Betrag;Referenz;End-to-End-Referenz\n";

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a CSV statement from its mapping to its lines, kept whole"
)]
async fn a_csv_statement_is_read_through_its_saved_mapping_previewed_and_kept_once() {
    use prorata_app::reconcile::{
        StatementFormat, import_statement_file, preview_statement_file, set_csv_mapping,
    };
    let book = Book::new().await;
    bank(&book, "Euro account", "EUR", "NL77 ABNA 0574 9087 65").await;
    let csv = |rows: &str| format!("{GERMAN_HEAD}{rows}").into_bytes();
    let first = csv(
        "26.11.2026;Auszahlung 17;-1.234,56;FT-001;PRORATA-1-ITEM-17\n\
         27.11.2026;Q3 Gewinn;90.000,00;FT-002;\n",
    );
    let s = book.store();
    let book = &book;
    let import = |file: &[u8]| {
        let file = file.to_vec();
        async move {
            let csv = (file.as_slice(), StatementFormat::Csv);
            import_statement_file(s, &book.clock, &book.officer, "Euro account", csv, None).await
        }
    };
    let unmapped = import(&first).await.expect_err("no mapping yet");
    assert!(
        unmapped
            .message
            .contains("no CSV mapping is saved for Euro account"),
        "{}",
        unmapped.message
    );
    let bad = prorata_app::reconcile::CsvMappingInput {
        debit_column: Some("Soll".to_owned()),
        ..german_mapping()
    };
    let refused = set_csv_mapping(
        s,
        &book.clock,
        &book.officer,
        "Euro account",
        &bad,
        &book.key(),
    )
    .await
    .expect_err("an amount and a debit column");
    assert_eq!(refused.code, Code::Validation);
    set_csv_mapping(
        s,
        &book.clock,
        &book.officer,
        "Euro account",
        &german_mapping(),
        &book.key(),
    )
    .await
    .expect("saved");
    let shown = preview_statement_file(
        s,
        &book.officer,
        "Euro account",
        (&first, StatementFormat::Csv),
        None,
    )
    .await
    .expect("previewed");
    assert_eq!(
        (shown.lines, shown.debits.as_str(), shown.credits.as_str()),
        (2, "1234.56", "90000.00")
    );
    assert_eq!(
        shown.first_lines[0].end_to_end_id.as_deref(),
        Some("PRORATA-1-ITEM-17")
    );
    assert!(!shown.imported_before);
    let kept = list_bank_lines(s, &book.officer, "Euro account")
        .await
        .expect("listed");
    assert!(kept.items.is_empty(), "a preview keeps nothing");
    let done = import(&first).await.expect("imported");
    assert_eq!(
        (done.format.as_str(), done.statements, done.lines),
        ("csv", 1, 2)
    );
    let again = import(&first).await.expect("imported again");
    assert_eq!(
        (again.statements, again.lines, again.already_imported),
        (0, 0, 1)
    );
    let overlapping = csv("27.11.2026;Q3 Gewinn;90.000,00;FT-002;\n\
         28.11.2026;Gebühr;-4,90;FT-003;\n");
    let next = import(&overlapping).await.expect("the next statement");
    assert_eq!(
        (next.lines, next.duplicate_lines),
        (1, 1),
        "FT-002 is kept once"
    );
    let shown = preview_statement_file(
        s,
        &book.officer,
        "Euro account",
        (&first, StatementFormat::Csv),
        None,
    )
    .await
    .expect("previewed");
    assert!(shown.imported_before);
    let broken = import(&csv("31.02.2026;x;-1,00;FT-9;\n"))
        .await
        .expect_err("a bad date");
    assert!(
        broken
            .message
            .contains("line 2: \"31.02.2026\" is not a date"),
        "{}",
        broken.message
    );
    let lines = list_bank_lines(s, &book.officer, "Euro account")
        .await
        .expect("listed");
    assert_eq!(lines.items.len(), 3, "the refused file kept nothing");
    let forged = book
        .refused(
            "INSERT INTO bank_csv_mappings (program_id, bank_account_id, currency, date_column, amount_column,
                 debit_column, credit_column, date_format, decimal_separator, delimiter, set_by, set_at)
             SELECT program_id, id, currency, 'D', 'A', 'S', 'H', '%Y-%m-%d', '.', ',', 'olga', now() FROM bank_accounts",
        )
        .await;
    assert!(forged.contains("bank_csv_mappings_check"), "{forged}");
    let by_approver = book
        .refused(
            "INSERT INTO bank_csv_mappings (program_id, bank_account_id, currency, date_column, amount_column,
                 date_format, decimal_separator, delimiter, set_by, set_at)
             SELECT program_id, id, currency, 'D', 'A', '%Y-%m-%d', '.', ',', 'abe', now() FROM bank_accounts",
        )
        .await;
    assert!(
        by_approver.contains("not a user holding {officer,admin}"),
        "{by_approver}"
    );
}
