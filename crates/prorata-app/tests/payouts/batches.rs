//! `batch create | add | submit | approve | execute | confirm`: two-person control over the
//! money that leaves, the bank's files checked as the bank reads them, and each item
//! confirmed paid (the hold posted, the bank credited) or failed (the hold released).

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use prorata_app::payouts::{Confirmation, ExecutedBatch};

use crate::prelude::*;

/// Two approved withdrawals of investor `Phones A` (100.00 and 12.00), in a batch of the
/// USD bank submitted by the officer: (bank id, batch id, withdrawal ids).
async fn submitted(book: &Book) -> (i64, i64, [i64; 2]) {
    owed(book).await;
    let bank = usd_bank(book, "Operating USD").await;
    let s = book.store();
    let mut ids = [0; 2];
    for (slot, amount) in ids.iter_mut().zip(["100.00", "12.00"]) {
        *slot = request(book, to_investor("Phones A", amount))
            .await
            .expect("requested");
        payouts::approve_withdrawal(s, &book.clock, &book.approver, *slot, &book.key())
            .await
            .expect("approved");
    }
    let batch = payouts::create_batch(s, &book.clock, &book.officer, "Operating USD", &book.key())
        .await
        .expect("a batch")
        .id;
    payouts::add_to_batch(s, &book.clock, &book.officer, batch, &ids, &book.key())
        .await
        .expect("added");
    payouts::submit_batch(s, &book.clock, &book.officer, batch, &book.key())
        .await
        .expect("submitted");
    (bank, batch, ids)
}

async fn execute(book: &Book, batch: i64, dir: &std::path::Path) -> ExecutedBatch {
    payouts::execute_batch(
        book.store(),
        &book.clock,
        &book.approver,
        batch,
        dir,
        SecondFactor {
            data_key: Some(data_key()),
            code: None,
        },
        &book.key(),
    )
    .await
    .expect("executed")
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    prorata_store::crypto::to_hex(&sha2::Sha256::digest(bytes))
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the users' steps, kept whole"
)]
async fn an_officer_builds_a_batch_a_second_person_approves_and_executes_it_and_the_files_are_the_bank_s()
 {
    let book = Book::new().await;
    let (_, batch, _) = submitted(&book).await;
    let s = book.store();
    let own = payouts::approve_batch(
        s,
        &book.clock,
        &book.officer,
        batch,
        SecondFactor::default(),
        &book.key(),
    )
    .await
    .expect_err("the builder");
    assert_eq!(own.code, Code::PermissionDenied);
    let early = payouts::execute_batch(
        s,
        &book.clock,
        &book.approver,
        batch,
        std::path::Path::new("/tmp"),
        SecondFactor {
            data_key: Some(data_key()),
            code: None,
        },
        &book.key(),
    )
    .await
    .expect_err("not approved yet");
    assert_eq!(early.code, Code::Conflict);
    approve(&book, batch).await.expect("approved by abe");
    let dir = tempfile::tempdir().expect("a folder");
    let done = execute(&book, batch, dir.path()).await;
    assert!(done.written);
    let names: Vec<&str> = done.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            format!("batch-{batch}.csv"),
            format!("batch-{batch}.pain.001.xml")
        ]
    );
    for f in &done.files {
        let path = dir.path().join(&f.name);
        let bytes = std::fs::read(&path).expect("the file");
        assert_eq!(
            sha256_hex(&bytes),
            f.sha256,
            "the recorded hash is the file's"
        );
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only its owner reads a file of bank details");
    }
    let xml = dir.path().join(format!("batch-{batch}.pain.001.xml"));
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/iso20022/pain.001.001.09.xsd"
    );
    let lint = Command::new("xmllint")
        .args(["--noout", "--schema", schema])
        .arg(&xml)
        .output()
        .expect("xmllint");
    assert!(
        lint.status.success(),
        "{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    let text = std::fs::read_to_string(&xml).expect("text");
    assert!(
        text.contains("<NbOfTxs>2</NbOfTxs>") && text.contains("<CtrlSum>112.00</CtrlSum>"),
        "{text}"
    );
    assert!(
        text.contains("<Id>3012345678</Id>") && text.contains("<Nm>Amal Okafor</Nm>"),
        "the payee's details, unsealed: {text}"
    );
    assert!(
        text.contains("<Id>0123456789</Id>") && text.contains("<BICFI>CHASUS33</BICFI>"),
        "the debtor's account: {text}"
    );
    let csv = std::fs::read_to_string(dir.path().join(format!("batch-{batch}.csv"))).expect("csv");
    assert_eq!(csv.lines().count(), 3, "a header and a row per item: {csv}");
    let shown = payouts::show_batch(s, &book.officer, batch)
        .await
        .expect("shown");
    assert!(
        shown
            .items
            .iter()
            .all(|i| i.status == prorata_domain::payout::PayoutItemStatus::Sent)
    );
    assert_eq!(shown.total, "112.00");

    let again = execute(
        &book,
        batch,
        tempfile::tempdir().expect("another folder").path(),
    )
    .await;
    assert!(
        !again.written,
        "money leaves once: nothing is written again"
    );
    assert_eq!(
        again.files, done.files,
        "the files issued are named with their hashes"
    );
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the users' steps, kept whole"
)]
async fn a_paid_item_posts_its_hold_and_credits_the_bank_and_a_failed_one_makes_the_money_available_again()
 {
    let book = Book::new().await;
    let (bank, batch, _) = submitted(&book).await;
    let s = book.store();
    approve(&book, batch).await.expect("approved");
    let dir = tempfile::tempdir().expect("a folder");
    execute(&book, batch, dir.path()).await;
    let items = payouts::show_batch(s, &book.officer, batch)
        .await
        .expect("shown")
        .items;
    let code: String = sqlx::query_scalar(
        "SELECT 'investor:' || id || ':payable' FROM investors WHERE name = 'Phones A'",
    )
    .fetch_one(s.pool())
    .await
    .expect("the code");
    assert_eq!(
        payable(&book, &code).await,
        ("312.00".into(), "112.00".into(), "200.00".into())
    );
    let paid = Confirmation::Paid {
        reference: "BANK-REF-1",
    };
    payouts::confirm_item(
        s,
        &book.clock,
        &book.officer,
        items[0].id,
        paid,
        &book.key(),
    )
    .await
    .expect("paid");
    assert_eq!(
        payable(&book, &code).await,
        ("212.00".into(), "12.00".into(), "200.00".into()),
        "the hold is posted"
    );
    assert_eq!(
        book.balance(&format!("bank:{bank}")).await,
        "-100.00",
        "the money left the bank"
    );
    assert_eq!(
        book.balance("payout:clearing").await,
        "0.00",
        "nothing is left in transit"
    );
    let failed = Confirmation::Failed {
        reason: "account closed",
    };
    payouts::confirm_item(
        s,
        &book.clock,
        &book.officer,
        items[1].id,
        failed,
        &book.key(),
    )
    .await
    .expect("failed");
    assert_eq!(
        payable(&book, &code).await,
        ("212.00".into(), "0.00".into(), "212.00".into()),
        "available again"
    );
    let twice = payouts::confirm_item(
        s,
        &book.clock,
        &book.officer,
        items[0].id,
        paid,
        &book.key(),
    )
    .await
    .expect_err("once");
    assert_eq!(twice.code, Code::Conflict);
    let w = payouts::list_withdrawals(s, &book.officer, Some("paid"))
        .await
        .expect("listed");
    assert_eq!(w.items.len(), 1);
    let tb = prorata_app::ledger::trial_balance(s, &book.officer, None)
        .await
        .expect("tb");
    assert!(
        tb.difference.values().all(|d| d == "0.00"),
        "the book balances"
    );
}

#[tokio::test]
async fn a_rejected_batch_releases_its_withdrawals_to_another_batch_and_one_withdrawal_joins_one_live_batch()
 {
    let book = Book::new().await;
    let (_, batch, ids) = submitted(&book).await;
    let s = book.store();
    let other = payouts::create_batch(s, &book.clock, &book.officer, "Operating USD", &book.key())
        .await
        .expect("a batch")
        .id;
    let taken = payouts::add_to_batch(s, &book.clock, &book.officer, other, &ids[..1], &book.key())
        .await
        .expect_err("in a live batch");
    assert_eq!(taken.code, Code::Conflict);
    assert!(
        taken.message.contains(&format!("in batch {batch}")),
        "{}",
        taken.message
    );
    payouts::reject_batch(
        s,
        &book.clock,
        &book.approver,
        batch,
        "split by payee",
        &book.key(),
    )
    .await
    .expect("rejected");
    payouts::add_to_batch(s, &book.clock, &book.officer, other, &ids, &book.key())
        .await
        .expect("released, they join another");
    let pending = request(&book, to_investor("Phones A", "1.00"))
        .await
        .expect("requested");
    let unapproved = payouts::add_to_batch(
        s,
        &book.clock,
        &book.officer,
        other,
        &[pending],
        &book.key(),
    )
    .await
    .expect_err("pending");
    assert!(
        unapproved.message.contains("only an approved one"),
        "{}",
        unapproved.message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_withdrawal_added_to_two_batches_at_once_joins_one() {
    let book = std::sync::Arc::new(Book::new().await);
    owed(&book).await;
    usd_bank(&book, "Operating USD").await;
    let s = book.store();
    for _ in 0..5 {
        let id = request(&book, to_investor("Phones A", "1.00"))
            .await
            .expect("requested");
        payouts::approve_withdrawal(s, &book.clock, &book.approver, id, &book.key())
            .await
            .expect("approved");
        let mut batches = Vec::new();
        for _ in 0..2 {
            batches.push(
                payouts::create_batch(s, &book.clock, &book.officer, "Operating USD", &book.key())
                    .await
                    .expect("a batch")
                    .id,
            );
        }
        let (k1, k2, one_id) = (book.key(), book.key(), [id]);
        let (one, two) = tokio::join!(
            payouts::add_to_batch(s, &book.clock, &book.officer, batches[0], &one_id, &k1),
            payouts::add_to_batch(s, &book.clock, &book.officer, batches[1], &one_id, &k2),
        );
        assert!(
            one.is_ok() != two.is_ok(),
            "one batch takes it: {one:?} {two:?}"
        );
    }
}

#[tokio::test]
async fn postgresql_refuses_a_batch_approved_by_its_builder_and_an_item_sent_without_its_files() {
    let book = Book::new().await;
    let (_, batch, _) = submitted(&book).await;
    let pool = book.store().pool();
    let own = pool
        .execute(sqlx::AssertSqlSafe(format!(
            "UPDATE payout_batches SET status = 'approved', approved_by = 'olga' WHERE id = {batch}"
        )))
        .await
        .expect_err("olga built it");
    assert!(
        own.to_string()
            .contains("olga is not a user holding {approver}")
            || own.to_string().contains("batch_checker_is_not_maker"),
        "{own}"
    );
    let sent = pool
        .execute(sqlx::AssertSqlSafe(format!(
            "UPDATE payout_items SET status = 'sent' WHERE batch_id = {batch}"
        )))
        .await
        .expect_err("not executed");
    assert!(sent.to_string().contains("not executed"), "{sent}");
    pool.execute(sqlx::AssertSqlSafe(format!(
        "UPDATE payout_batches SET status = 'approved', approved_by = 'abe' WHERE id = {batch}"
    )))
    .await
    .expect("an approval by abe, as SQL");
    let mut tx = pool.begin().await.expect("a transaction");
    tx.execute(sqlx::AssertSqlSafe(format!(
        "UPDATE payout_batches SET status = 'executed', executed_by = 'abe' WHERE id = {batch}"
    )))
    .await
    .expect("deferred");
    let error = tx.commit().await.expect_err("no files recorded");
    assert!(
        error.to_string().contains("without its two files"),
        "{error}"
    );
}

/// The approver approves the batch (the second-factor rule is off in these tests).
async fn approve(book: &Book, batch: i64) -> Result<(), prorata_app::Error> {
    let (s, factor) = (book.store(), SecondFactor::default());
    payouts::approve_batch(s, &book.clock, &book.approver, batch, factor, &book.key())
        .await
        .map(|_| ())
}

/// An executed batch of the two withdrawals: (bank id, batch id, the items' references).
async fn executed(book: &Book) -> (i64, i64, Vec<String>) {
    let (bank, batch, _) = submitted(book).await;
    let s = book.store();
    approve(book, batch).await.expect("approved");
    let dir = tempfile::tempdir().expect("a folder");
    execute(book, batch, dir.path()).await;
    let items = payouts::show_batch(s, &book.officer, batch)
        .await
        .expect("shown")
        .items;
    (
        bank,
        batch,
        items.into_iter().map(|i| i.reference).collect(),
    )
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
async fn a_bank_s_report_confirms_every_line_at_once_or_with_one_bad_line_none() {
    let book = Book::new().await;
    let (bank, batch, refs) = executed(&book).await;
    let s = book.store();
    let bad = format!(
        "reference,status,detail\n{},paid,FT1\nPRORATA-NOT-OURS,paid,FT2\n",
        refs[0]
    );
    let refused = payouts::confirm_report_csv(
        s,
        &book.clock,
        &book.officer,
        batch,
        bad.as_bytes(),
        &book.key(),
    )
    .await
    .expect_err("an unknown reference");
    assert_eq!(refused.code, Code::Validation);
    assert!(
        refused.message.contains("line 2: reference"),
        "{}",
        refused.message
    );
    let sent = payouts::show_batch(s, &book.officer, batch)
        .await
        .expect("shown")
        .items;
    assert!(
        sent.iter().all(|i| i.status.as_str() == "sent"),
        "nothing was applied"
    );
    let unreadable = payouts::confirm_report_csv(
        s,
        &book.clock,
        &book.officer,
        batch,
        b"reference,status,detail\nX,bounced,?\n",
        &book.key(),
    )
    .await
    .expect_err("a status the report cannot have");
    assert!(
        unreadable.message.contains("line 2"),
        "{}",
        unreadable.message
    );

    let report = format!(
        "reference,status,detail\n{},paid,FT1\n{},failed,account closed\n",
        refs[0], refs[1]
    );
    let key = book.key();
    let done = payouts::confirm_report_csv(
        s,
        &book.clock,
        &book.officer,
        batch,
        report.as_bytes(),
        &key,
    )
    .await
    .expect("confirmed");
    assert_eq!((done.paid, done.failed), (1, 1));
    let replay = payouts::confirm_report_csv(
        s,
        &book.clock,
        &book.officer,
        batch,
        report.as_bytes(),
        &key,
    )
    .await
    .expect("replayed");
    assert_eq!(
        replay, done,
        "the same report under the same key changes nothing"
    );
    assert_eq!(book.balance(&format!("bank:{bank}")).await, "-100.00");
    assert_eq!(book.balance("payout:clearing").await, "0.00");
    let again = payouts::confirm_report_csv(
        s,
        &book.clock,
        &book.officer,
        batch,
        report.as_bytes(),
        &book.key(),
    )
    .await
    .expect_err("confirmed once");
    assert_eq!(again.code, Code::Conflict);
    assert!(
        again
            .message
            .contains("only an item sent to the bank is confirmed"),
        "{}",
        again.message
    );
    let items = payouts::show_batch(s, &book.officer, batch)
        .await
        .expect("shown")
        .items;
    let shown: Vec<_> = items
        .iter()
        .map(|i| {
            (
                i.status.as_str(),
                i.bank_reference.as_deref(),
                i.failure_reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("paid", Some("FT1"), None),
            ("failed", None, Some("account closed"))
        ]
    );
    prorata_app::ledger::verify_ledger(s, &book.officer)
        .await
        .expect("verified");
}

#[tokio::test]
async fn two_reports_on_one_batch_at_the_same_moment_confirm_each_item_once() {
    let book = std::sync::Arc::new(Book::new().await);
    let (bank, batch, refs) = executed(&book).await;
    let report = std::sync::Arc::new(format!(
        "reference,status,detail\n{},paid,FT1\n{},paid,FT2\n",
        refs[0], refs[1]
    ));
    let mut tasks = Vec::new();
    for _ in 0..2 {
        let (book, report) = (book.clone(), report.clone());
        tasks.push(tokio::spawn(async move {
            payouts::confirm_report_csv(
                book.store(),
                &book.clock,
                &book.approver,
                batch,
                report.as_bytes(),
                &book.key(),
            )
            .await
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("the task"));
    }
    assert_eq!(
        outcomes.iter().filter(|o| o.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    let refused = outcomes
        .iter()
        .find_map(|o| o.as_ref().err())
        .expect("one refused");
    assert_eq!(refused.code, Code::Conflict);
    assert_eq!(
        book.balance(&format!("bank:{bank}")).await,
        "-112.00",
        "paid once"
    );
    prorata_app::ledger::verify_ledger(book.store(), &book.officer)
        .await
        .expect("verified");
}
