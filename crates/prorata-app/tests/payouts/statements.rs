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

/// A camt.053 of account 0123456789 in USD with these entries: (EndToEndId, amount, credit,
/// return reason).
fn statement_of(entries: &[(&str, &str, bool, Option<&str>)]) -> Vec<u8> {
    let entries: String = entries
        .iter()
        .enumerate()
        .map(|(n, (e2e, amount, credit, ret))| {
            let ret = ret.map(|r| format!("<RtrInf><Rsn><Cd>{r}</Cd></Rsn></RtrInf>")).unwrap_or_default();
            format!(
                "<Ntry><Amt Ccy=\"USD\">{amount}</Amt><CdtDbtInd>{}</CdtDbtInd><Sts>BOOK</Sts>\
                 <BookgDt><Dt>2026-11-26</Dt></BookgDt><AcctSvcrRef>BANK-{n}</AcctSvcrRef>\
                 <NtryDtls><TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>{ret}</TxDtls></NtryDtls></Ntry>",
                if *credit { "CRDT" } else { "DBIT" }
            )
        })
        .collect();
    format!(
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.04\"><BkToCstmrStmt>\
         <GrpHdr><MsgId>M-1</MsgId></GrpHdr><Stmt><Id>S-1</Id><Acct><Id><Othr><Id>0123456789</Id></Othr></Id>\
         <Ccy>USD</Ccy></Acct>{entries}</Stmt></BkToCstmrStmt></Document>"
    )
    .into_bytes()
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario from the batch to the bank's statement, kept whole"
)]
async fn a_statement_confirms_a_sent_payment_paid_and_a_returned_one_failed_each_once_by_its_rule()
{
    let book = Book::new().await;
    owed(&book).await;
    let paid = request(&book, to_investor("Phones A", "100.00"))
        .await
        .expect("requested");
    let returned = request(&book, to_investor("Phones A", "50.00"))
        .await
        .expect("requested");
    let odd = request(&book, to_investor("Phones A", "20.00"))
        .await
        .expect("requested");
    let (batch, bank) = executed_batch(&book, "USD", &[paid, returned, odd]).await;
    let items = payouts::show_batch(book.store(), &book.officer, batch)
        .await
        .expect("shown")
        .items;
    let e2e: Vec<&str> = items.iter().map(|i| i.reference.as_str()).collect();
    let file = statement_of(&[
        (e2e[0], "100.00", false, None),
        (e2e[1], "50.00", true, Some("AC04")),
        (e2e[2], "19.99", false, None),
    ]);
    import_bank_statement(
        book.store(),
        &book.clock,
        &book.officer,
        &bank,
        &file,
        Some(data_key()),
    )
    .await
    .expect("imported");
    let run =
        || prorata_app::reconcile::reconcile_bank(book.store(), &book.clock, &book.officer, &bank);
    let done = run().await.expect("reconciled");
    let matched: Vec<(i64, &str, &str)> = done
        .matched
        .iter()
        .map(|m| (m.item_id, m.rule.as_str(), m.amount.as_str()))
        .collect();
    assert_eq!(
        matched,
        [
            (items[0].id, "end_to_end_id", "100.00"),
            (items[1].id, "return", "50.00")
        ]
    );
    assert_eq!(
        (done.unmatched_lines, done.unmatched_items),
        (1, 1),
        "19.99 against 20.00 waits for a person"
    );
    let after = payouts::show_batch(book.store(), &book.officer, batch)
        .await
        .expect("shown")
        .items;
    let statuses: Vec<String> = after.iter().map(|i| i.status.to_string()).collect();
    assert_eq!(statuses, ["paid", "failed", "sent"]);
    assert_eq!(after[0].bank_reference.as_deref(), Some("BANK-0"));
    assert_eq!(
        after[1].failure_reason.as_deref(),
        Some("returned by the bank (AC04)")
    );
    let again = run().await.expect("reconciled again");
    assert!(again.matched.is_empty(), "nothing is matched twice");
    let message = book
        .refused(&format!(
            "INSERT INTO bank_matches (program_id, bank_line_id, payout_item_id, rule, matched_by, matched_at)
             SELECT 1, id, {}, 'end_to_end_id', 'olga', now() FROM bank_lines WHERE amount_minor = 1999",
            items[2].id
        ))
        .await;
    assert!(message.contains("not a end_to_end_id match"), "{message}");
    book.ledger_ties().await;
}
