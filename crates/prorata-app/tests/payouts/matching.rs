//! `reconcile bank`: a camt.053 the test writes for batches it executed, its lines matched by
//! the rules in order (EndToEndId, several lines for one item, a line for a whole batch,
//! amount and date, a remittance's reference), each item confirmed once through the payouts
//! flow, suggestions never applied, two runs at once writing each match once, and
//! PostgreSQL's half against the application's role.

use prorata_app::reconcile::{
    BankReconciliation, MatchOutcome, MatchRule, import_bank_statement, reconcile_bank,
};

use crate::prelude::*;

/// One entry of a statement the test writes.
#[derive(Clone, Copy, Default)]
pub(crate) struct Entry<'a> {
    pub(crate) amount: &'a str,
    pub(crate) credit: bool,
    pub(crate) end_to_end_id: Option<&'a str>,
    pub(crate) batch: Option<&'a str>,
    pub(crate) returned: Option<&'a str>,
    pub(crate) remittance: Option<&'a str>,
}

pub(crate) fn debit<'a>(amount: &'a str, end_to_end_id: Option<&'a str>) -> Entry<'a> {
    Entry {
        amount,
        end_to_end_id,
        ..Entry::default()
    }
}

/// A camt.053 of account 0123456789 in USD, booked on 2026-11-26, with these entries.
pub(crate) fn statement_of(id: &str, entries: &[Entry<'_>]) -> Vec<u8> {
    let tag = |name: &str, value: Option<&str>| {
        value
            .map(|v| format!("<{name}>{v}</{name}>"))
            .unwrap_or_default()
    };
    let entries: String = entries
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let ret = tag("Cd", e.returned);
            let ret = if ret.is_empty() {
                ret
            } else {
                format!("<RtrInf><Rsn>{ret}</Rsn></RtrInf>")
            };
            format!(
                "<Ntry><Amt Ccy=\"USD\">{}</Amt><CdtDbtInd>{}</CdtDbtInd><Sts>BOOK</Sts>\
                 <BookgDt><Dt>2026-11-26</Dt></BookgDt><AcctSvcrRef>{id}-{n}</AcctSvcrRef>\
                 <NtryDtls><TxDtls><Refs>{}{}{}</Refs>{}{ret}</TxDtls></NtryDtls></Ntry>",
                e.amount,
                if e.credit { "CRDT" } else { "DBIT" },
                tag("MsgId", e.batch),
                tag("PmtInfId", e.batch),
                tag("EndToEndId", e.end_to_end_id),
                e.remittance
                    .map(|r| format!("<RmtInf><Ustrd>{r}</Ustrd></RmtInf>"))
                    .unwrap_or_default(),
            )
        })
        .collect();
    format!(
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.04\"><BkToCstmrStmt>\
         <GrpHdr><MsgId>M-{id}</MsgId></GrpHdr><Stmt><Id>{id}</Id><Acct><Id><Othr><Id>0123456789</Id></Othr></Id>\
         <Ccy>USD</Ccy></Acct>{entries}</Stmt></BkToCstmrStmt></Document>"
    )
    .into_bytes()
}

pub(crate) async fn import(book: &Book, bank: &str, file: &[u8]) {
    import_bank_statement(
        book.store(),
        &book.clock,
        &book.officer,
        bank,
        file,
        Some(data_key()),
    )
    .await
    .expect("imported");
}

pub(crate) async fn reconcile(book: &Book, bank: &str) -> BankReconciliation {
    reconcile_bank(
        book.store(),
        &book.clock,
        &book.officer,
        bank,
        None,
        &book.key(),
    )
    .await
    .expect("reconciled")
}

/// Withdrawals of these amounts to Phones A's investor, sent in one executed batch: the
/// batch, its account's name, and its items' (id, EndToEndId) in order.
pub(crate) async fn sent(book: &Book, amounts: &[&str]) -> (i64, String, Vec<(i64, String)>) {
    let mut ids = Vec::new();
    for amount in amounts {
        let id = request(book, to_investor("Phones A", amount))
            .await
            .expect("requested");
        ids.push(id);
    }
    let (batch, bank) = executed_batch(book, "USD", &ids).await;
    let items = payouts::show_batch(book.store(), &book.officer, batch)
        .await
        .expect("shown")
        .items
        .into_iter()
        .map(|i| (i.id, i.reference))
        .collect();
    (batch, bank, items)
}

pub(crate) async fn statuses(book: &Book, batch: i64) -> Vec<String> {
    let items = payouts::show_batch(book.store(), &book.officer, batch)
        .await
        .expect("shown")
        .items;
    items.iter().map(|i| i.status.to_string()).collect()
}

fn rules(done: &BankReconciliation) -> Vec<(MatchRule, MatchOutcome, Vec<i64>, &str)> {
    done.matched
        .iter()
        .map(|m| (m.rule, m.outcome, m.items.clone(), m.amount.as_str()))
        .collect()
}

#[tokio::test]
async fn a_statement_confirms_a_sent_payment_paid_and_a_returned_one_failed_each_once_by_its_rule()
{
    let book = Book::new().await;
    owed(&book).await;
    let (batch, bank, items) = sent(&book, &["100.00", "50.00", "20.00"]).await;
    let mut returned = debit("50.00", Some(&items[1].1));
    (returned.credit, returned.returned) = (true, Some("AC04"));
    let file = statement_of(
        "S-1",
        &[
            debit("100.00", Some(&items[0].1)),
            returned,
            debit("19.99", Some(&items[2].1)),
        ],
    );
    import(&book, &bank, &file).await;
    let done = reconcile(&book, &bank).await;
    assert_eq!(
        rules(&done),
        [
            (
                MatchRule::EndToEndId,
                MatchOutcome::Paid,
                vec![items[0].0],
                "100.00"
            ),
            (
                MatchRule::EndToEndId,
                MatchOutcome::Returned,
                vec![items[1].0],
                "50.00"
            )
        ]
    );
    assert_eq!(done.suggested.len(), 1, "19.99 against 20.00 is suggested");
    assert_eq!(done.suggested[0].items, [items[2].0]);
    assert_eq!((done.unmatched_lines, done.unmatched_items), (1, 1));
    assert_eq!(statuses(&book, batch).await, ["paid", "failed", "sent"]);
    let after = payouts::show_batch(book.store(), &book.officer, batch)
        .await
        .expect("shown")
        .items;
    assert_eq!(after[0].bank_reference.as_deref(), Some("S-1-0"));
    assert_eq!(
        after[1].failure_reason.as_deref(),
        Some("returned by the bank (AC04)")
    );
    let again = reconcile(&book, &bank).await;
    assert!(again.matched.is_empty(), "nothing is matched twice");
    let key = book.key();
    let replay = || {
        reconcile_bank(
            book.store(),
            &book.clock,
            &book.officer,
            &bank,
            Some(5),
            &key,
        )
    };
    let first = replay().await.expect("run");
    assert_eq!(
        replay().await.expect("replayed"),
        first,
        "a key answers with its run's report"
    );
    assert_eq!(
        statuses(&book, batch).await,
        ["paid", "failed", "sent"],
        "the suggestion waits"
    );
    book.ledger_ties().await;
}

#[tokio::test]
async fn lines_without_one_reference_each_match_by_sum_by_batch_and_by_amount_and_date() {
    let book = Book::new().await;
    owed(&book).await;
    let (split, bank, split_items) = sent(&book, &["100.00", "30.00"]).await;
    let file = statement_of(
        "S-2",
        &[
            debit("60.00", Some(&split_items[0].1)),
            debit("40.00", Some(&split_items[0].1)),
            debit("30.00", None),
        ],
    );
    import(&book, &bank, &file).await;
    let done = reconcile(&book, &bank).await;
    assert_eq!(
        rules(&done),
        [
            (
                MatchRule::LinesSum,
                MatchOutcome::Paid,
                vec![split_items[0].0],
                "100.00"
            ),
            (
                MatchRule::AmountDate,
                MatchOutcome::Paid,
                vec![split_items[1].0],
                "30.00"
            ),
        ]
    );
    assert_eq!(done.matched[0].lines.len(), 2, "two lines, one payment");
    assert_eq!(statuses(&book, split).await, ["paid", "paid"]);

    let (whole, bank, whole_items) = sent(&book, &["10.00", "15.00", "25.00"]).await;
    let reference = format!("PRORATA-{}-BATCH-{whole}", book.officer.program.id);
    let file = statement_of(
        "S-3",
        &[Entry {
            batch: Some(&reference),
            ..debit("50.00", None)
        }],
    );
    import(&book, &bank, &file).await;
    let done = reconcile(&book, &bank).await;
    let ids: Vec<i64> = whole_items.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        rules(&done),
        [(MatchRule::BatchReference, MatchOutcome::Paid, ids, "50.00")]
    );
    assert_eq!(statuses(&book, whole).await, ["paid", "paid", "paid"]);
    book.ledger_ties().await;
}

#[tokio::test]
async fn a_line_that_fits_two_payments_is_suggested_and_never_applied() {
    let book = Book::new().await;
    owed(&book).await;
    let (batch, bank, items) = sent(&book, &["40.00", "40.00"]).await;
    import(&book, &bank, &statement_of("S-4", &[debit("40.00", None)])).await;
    let done = reconcile(&book, &bank).await;
    assert!(done.matched.is_empty());
    let ids: Vec<i64> = items.iter().map(|(id, _)| *id).collect();
    assert_eq!(done.suggested.len(), 1);
    assert_eq!(done.suggested[0].items, ids, "both fit; a person decides");
    assert_eq!(statuses(&book, batch).await, ["sent", "sent"]);
}

#[tokio::test]
async fn a_credit_confirms_the_remittance_its_reference_names() {
    let book = Book::new().await;
    owed(&book).await;
    let (_, bank, _) = sent(&book, &["5.00"]).await;
    let new = NewRemittance {
        deal: "Phones",
        bank: &bank,
        amount: "1500.00",
        date: "2026-11-25",
        of: None,
        reference: Some("TRF-0042"),
        notation: Notation::Plain,
    };
    let remitted =
        payouts::record_remittance(book.store(), &book.clock, &book.officer, new, &book.key())
            .await
            .expect("recorded")
            .id;
    let file = statement_of(
        "S-5",
        &[Entry {
            credit: true,
            remittance: Some("TRF-0042"),
            ..debit("1500.00", None)
        }],
    );
    import(&book, &bank, &file).await;
    let done = reconcile(&book, &bank).await;
    assert_eq!(done.matched.len(), 1);
    let m = &done.matched[0];
    assert_eq!(
        (m.rule, m.outcome),
        (MatchRule::Reference, MatchOutcome::Remitted)
    );
    assert_eq!(m.remittances, [remitted]);
    assert_eq!((done.unmatched_lines, done.unmatched_remittances), (0, 0));
    book.ledger_ties().await;
}

#[tokio::test]
async fn two_runs_at_once_confirm_each_payment_once() {
    let book = Book::new().await;
    owed(&book).await;
    let (batch, bank, items) = sent(&book, &["11.00", "12.00", "13.00"]).await;
    let entries: Vec<Entry<'_>> = [("11.00", 0), ("12.00", 1), ("13.00", 2)]
        .iter()
        .map(|(amount, at)| debit(amount, Some(items[*at].1.as_str())))
        .collect();
    import(&book, &bank, &statement_of("S-6", &entries)).await;
    let (one, two) = tokio::join!(reconcile(&book, &bank), reconcile(&book, &bank));
    assert_eq!(
        one.matched.len() + two.matched.len(),
        3,
        "each line matched by one of the runs: {one:?} {two:?}"
    );
    assert_eq!(statuses(&book, batch).await, ["paid", "paid", "paid"]);
    book.ledger_ties().await;
}

#[tokio::test]
async fn postgres_refuses_a_match_that_says_what_did_not_happen() {
    let book = Book::new().await;
    owed(&book).await;
    let (_, bank, items) = sent(&book, &["20.00", "30.00"]).await;
    import(
        &book,
        &bank,
        &statement_of("S-7", &[debit("20.00", None), debit("30.00", None)]),
    )
    .await;
    let forge = |user: &str, line_amount: &str, item: i64| {
        format!(
            "WITH l AS (SELECT id, program_id, bank_account_id FROM bank_lines WHERE amount_minor = {line_amount}),
             m AS (INSERT INTO bank_matches (id, program_id, bank_account_id, currency, rule, outcome, amount_minor, matched_by, matched_at)
                   SELECT id, program_id, bank_account_id, 'USD', 'amount_date', 'paid', {line_amount}, '{user}', now() FROM l RETURNING id),
             ml AS (INSERT INTO bank_match_lines (bank_line_id, program_id, match_id) SELECT id, program_id, id FROM l)
             INSERT INTO bank_match_items (payout_item_id, outcome, program_id, match_id)
             SELECT {item}, 'paid', program_id, id FROM l"
        )
    };
    let unpaid = book.refused(&forge("olga", "2000", items[0].0)).await;
    assert!(
        unpaid.contains("what it settles is not of its account, or not paid"),
        "{unpaid}"
    );
    let other_amount = book.refused(&forge("olga", "3000", items[0].0)).await;
    assert!(
        other_amount.contains("not paid") || other_amount.contains("adds up"),
        "{other_amount}"
    );
    let admin = book.refused(&forge("ada", "2000", items[0].0)).await;
    assert!(
        admin.contains("not a user holding {officer,approver}"),
        "{admin}"
    );
    let rewrite = book
        .refused("UPDATE bank_matches SET rule = 'manual'")
        .await;
    assert!(
        rewrite.contains("permission denied") || rewrite.contains("append-only"),
        "{rewrite}"
    );
}

#[tokio::test]
async fn a_csv_statement_confirms_payments_like_a_camt053() {
    use prorata_app::reconcile::{
        CsvMappingInput, StatementFormat, import_statement_file, set_csv_mapping,
    };
    let book = Book::new().await;
    owed(&book).await;
    let (batch, bank, items) = sent(&book, &["12.50", "7.25"]).await;
    let mapping = CsvMappingInput {
        date_column: "Date".to_owned(),
        amount_column: None,
        debit_column: Some("Paid out".to_owned()),
        credit_column: Some("Paid in".to_owned()),
        reference_column: Some("Transaction".to_owned()),
        end_to_end_column: Some("Payment reference".to_owned()),
        description_column: None,
        date_format: "%m/%d/%Y".to_owned(),
        decimal_separator: ".".to_owned(),
        delimiter: ",".to_owned(),
    };
    let s = book.store();
    set_csv_mapping(s, &book.clock, &book.officer, &bank, &mapping, &book.key())
        .await
        .expect("saved");
    let file = format!(
        "Date,Transaction,Payment reference,Paid out,Paid in\n\
         11/26/2026,T-1,{},12.50,\n11/26/2026,T-2,{},7.25,\n",
        items[0].1, items[1].1
    );
    let csv = (file.as_bytes(), StatementFormat::Csv);
    import_statement_file(s, &book.clock, &book.officer, &bank, csv, None)
        .await
        .expect("imported");
    let done = reconcile(&book, &bank).await;
    assert_eq!(done.matched.len(), 2);
    assert!(done.matched.iter().all(|m| m.rule == MatchRule::EndToEndId));
    assert_eq!(statuses(&book, batch).await, ["paid", "paid"]);
    book.ledger_ties().await;
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "the view, then the PDF and the CSV of the same reconciliation"
)]
async fn the_reconciliation_sets_the_ledger_against_the_statement_and_writes_its_report() {
    use prorata_app::reconcile::{
        bank_reconciliation, write_reconciliation_csv, write_reconciliation_pdf,
    };
    let book = Book::new().await;
    owed(&book).await;
    let (_, bank, items) = sent(&book, &["100.00", "20.00"]).await;
    let file = statement_of(
        "S-9",
        &[
            debit("100.00", Some(&items[0].1)),
            debit("19.99", Some(&items[1].1)),
        ],
    );
    import(&book, &bank, &file).await;
    reconcile(&book, &bank).await;
    let s = book.store();
    let view = bank_reconciliation(s, &book.officer, &bank)
        .await
        .expect("the view");
    assert_eq!(view.ledger_balance, "-100.00", "the bank paid 100.00 out");
    assert_eq!(view.statement_ref.as_deref(), Some("S-9"));
    let matched: Vec<(&str, &str, i64, &str)> = view
        .matched
        .iter()
        .map(|m| {
            (
                m.label.as_str(),
                m.outcome.as_str(),
                m.matches,
                m.amount.as_str(),
            )
        })
        .collect();
    assert_eq!(matched, [("EndToEndId", "paid", 1, "100.00")]);
    assert_eq!(
        (
            view.open_lines_total.as_str(),
            view.open_items_total.as_str()
        ),
        ("19.99", "20.00")
    );
    assert_eq!(view.recent.len(), 1);
    let dir = tempfile::tempdir().expect("a folder");
    let pdf = dir.path().join("reconciliation.pdf");
    let written = write_reconciliation_pdf(s, &book.clock, &book.officer, &bank, &pdf)
        .await
        .expect("written");
    assert!(written.report_id.starts_with("BANKREC-"));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&text.stdout)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "Bank reconciliation",
        "EndToEndId paid 1 1 100.00",
        "Ledger bank:",
        "(100.00)",
        "19.99",
        "20.00",
    ] {
        assert!(
            text.contains(expected),
            "the report should read {expected:?}:\n{text}"
        );
    }
    let csv = dir.path().join("reconciliation.csv");
    write_reconciliation_csv(s, &book.clock, &book.officer, &bank, &csv)
        .await
        .expect("written");
    let rows = std::fs::read_to_string(&csv).expect("the CSV");
    assert!(
        rows.starts_with("section,id,date,kind,rule,reference,amount,currency\r\n"),
        "{rows}"
    );
    assert!(
        rows.contains(",paid,end_to_end_id,")
            && rows.contains("open line,")
            && rows.contains("open item,"),
        "{rows}"
    );
    let nobody = bank_reconciliation(s, &book.admin, &bank)
        .await
        .expect_err("an admin handles no payouts");
    assert_eq!(nobody.code, Code::PermissionDenied);
}
