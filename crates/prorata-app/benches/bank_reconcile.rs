//! A bank statement at scale: 100,000 payout items executed in batches of 10,000, the bank's
//! camt.053 for them (one entry per payment carrying its `EndToEndId`, every hundredth a
//! return with reason AC04), imported and reconciled against the items: every line matched by
//! its rule, every item confirmed through the payouts flow (paid: its hold posted and the
//! payment booked; returned: its hold voided). Measured on a local cluster with fsync on and
//! every invariant checked in Rust and PostgreSQL.
//!
//! Run with `cargo bench -p prorata-app --bench bank_reconcile`; figures go in
//! docs/BENCHMARKS.md. `PRORATA_BENCH_ITEMS=N` runs N items (a multiple of 10,000 or fewer);
//! `PRORATA_BENCH_TASKS=T` makes the set-up's requests T at a time (default 4).
//!
//! Set-up (`owed/`, untimed): the investors owed by posted distributions, one approved
//! withdrawal each, the batches built, approved and executed through prorata-app.

mod common;
mod owed;

use std::sync::Arc;
use std::time::Instant;

use prorata_app::clock::SystemClock;
use prorata_app::crypto::DataKey;
use prorata_app::ledger::{trial_balance, verify_ledger};
use prorata_app::payouts::{self, MAX_ITEMS_PER_BATCH, NewBankAccount};
use prorata_app::reconcile::{import_bank_statement, reconcile_bank};
use prorata_app::second_factor::SecondFactor;
use prorata_app::session::Session;
use prorata_domain::control::Role;
use prorata_store::Store;

use common::Bench;

fn setting(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// The withdrawals sent in batches of at most 10,000: each built by the officer, approved
/// and executed by the approver. The items' `EndToEndId`s and amounts, in order.
async fn executed(
    store: &Store,
    (officer, approver): (&Session, &Session),
    key: &DataKey,
    ids: &[i64],
    out: &std::path::Path,
) -> Vec<(String, i64)> {
    let clock = SystemClock;
    let mut items = Vec::with_capacity(ids.len());
    for (n, chunk) in ids.chunks(MAX_ITEMS_PER_BATCH).enumerate() {
        let batch =
            payouts::create_batch(store, &clock, officer, "Operating", &format!("bench-c-{n}"))
                .await
                .expect("a batch")
                .id;
        payouts::add_to_batch(
            store,
            &clock,
            officer,
            batch,
            chunk,
            &format!("bench-add-{n}"),
        )
        .await
        .expect("added");
        payouts::submit_batch(store, &clock, officer, batch, &format!("bench-s-{n}"))
            .await
            .expect("submitted");
        let factor = SecondFactor {
            data_key: Some(key),
            code: None,
        };
        payouts::approve_batch(
            store,
            &clock,
            approver,
            batch,
            factor,
            &format!("bench-ab-{n}"),
        )
        .await
        .expect("approved");
        payouts::execute_batch(
            store,
            &clock,
            approver,
            batch,
            out,
            factor,
            &format!("bench-x-{n}"),
        )
        .await
        .expect("executed");
        let shown = payouts::show_batch(store, approver, batch)
            .await
            .expect("the batch");
        let cents = |amount: &str| {
            amount
                .replace('.', "")
                .parse::<i64>()
                .expect("an amount in cents")
        };
        items.extend(
            shown
                .items
                .into_iter()
                .map(|i| (i.reference, cents(&i.amount))),
        );
    }
    items
}

/// The bank's camt.053.001.08 for the items: each a booked debit with its `EndToEndId`,
/// every hundredth a return (a credit carrying `RtrInf` AC04).
fn statement(items: &[(String, i64)]) -> Vec<u8> {
    let mut xml = String::with_capacity(items.len() * 420);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>\
         <GrpHdr><MsgId>BENCH-STMT</MsgId><CreDtTm>2026-12-08T06:00:00</CreDtTm></GrpHdr>\
         <Stmt><Id>BENCH-1</Id><Acct><Id><Othr><Id>000123454321</Id></Othr></Id><Ccy>USD</Ccy></Acct>",
    );
    for (n, (reference, minor)) in items.iter().enumerate() {
        let returned = n % 100 == 99;
        let (side, why) = if returned {
            ("CRDT", "<RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf>")
        } else {
            ("DBIT", "")
        };
        xml.push_str(&format!(
            "<Ntry><Amt Ccy=\"USD\">{}.{:02}</Amt><CdtDbtInd>{side}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
             <BookgDt><Dt>2026-12-08</Dt></BookgDt><ValDt><Dt>2026-12-08</Dt></ValDt>\
             <AcctSvcrRef>FT{n:010}</AcctSvcrRef><BkTxCd><Prtry><Cd>PMNT</Cd></Prtry></BkTxCd>\
             <NtryDtls><TxDtls><Refs><EndToEndId>{reference}</EndToEndId></Refs>{why}</TxDtls></NtryDtls></Ntry>",
            minor / 100,
            minor % 100
        ));
    }
    xml.push_str("</Stmt></BkToCstmrStmt></Document>");
    xml.into_bytes()
}

#[allow(
    clippy::too_many_lines,
    reason = "the benchmark reads top to bottom as its steps"
)]
#[tokio::main]
async fn main() {
    let bench = Bench::start().await;
    let store = bench.store.clone();
    let clock = SystemClock;
    let count = setting("PRORATA_BENCH_ITEMS", 100_000);
    let tasks = setting("PRORATA_BENCH_TASKS", 4);
    let officer = bench.user("olga", Role::Officer).await;
    let approver = bench.user("abe", Role::Approver).await;
    let data_key = Arc::new(DataKey::generate().expect("a data key"));
    let bank = NewBankAccount {
        name: "Operating",
        currency: "USD",
        account_number: "000123454321",
        bic: Some("CHASUS33"),
        bank_name: Some("Chase"),
    };
    payouts::add_bank_account(
        &store,
        &clock,
        &bench.admin,
        bank,
        Some(&*data_key),
        "bench-b",
    )
    .await
    .expect("a bank account");

    let started = Instant::now();
    owed::owe(&store, &officer, &approver, count).await;
    let ids = owed::approved_withdrawals(
        &store,
        (&officer, &approver),
        data_key.clone(),
        count,
        tasks,
    )
    .await;
    let out = bench.dir.path().join("bank-files");
    std::fs::create_dir(&out).expect("a folder for the files");
    let items = executed(&store, (&officer, &approver), &data_key, &ids, &out).await;
    let file = statement(&items);
    println!(
        "Bank reconciliation benchmark: {} cores, local cluster, fsync on, every invariant on.",
        common::cores()
    );
    println!(
        "Set-up ({count} withdrawals requested and approved, {tasks} at a time; {} batches built, approved and executed; a camt.053 of {} bytes): {:.1} s\n",
        ids.len().div_ceil(MAX_ITEMS_PER_BATCH),
        file.len(),
        started.elapsed().as_secs_f64()
    );
    println!("| step | time |");
    println!("| --- | --- |");

    let started = Instant::now();
    let imported = import_bank_statement(
        &store,
        &clock,
        &officer,
        "Operating",
        &file,
        Some(&*data_key),
    )
    .await
    .expect("imported");
    let import = started.elapsed();
    println!(
        "| import the statement: read, checked against the account, {} lines kept | {:.2} s |",
        imported.lines,
        import.as_secs_f64()
    );
    let started = Instant::now();
    let done = reconcile_bank(
        &store,
        &clock,
        &officer,
        "Operating",
        None,
        "bench-reconcile",
    )
    .await
    .expect("reconciled");
    let reconcile = started.elapsed();
    let returned = done
        .matched
        .iter()
        .filter(|m| m.outcome.as_str() == "returned")
        .count();
    println!(
        "| reconcile: {} matches by EndToEndId ({} paid: holds posted, payments booked; {returned} returned: holds voided) | {:.2} s |",
        done.matched.len(),
        done.matched.len() - returned,
        reconcile.as_secs_f64()
    );
    println!(
        "| **import and reconcile** | **{:.2} s** |",
        (import + reconcile).as_secs_f64()
    );
    assert_eq!(done.unmatched_lines, 0, "every line matched");
    assert_eq!(done.unmatched_items, 0, "every item confirmed");

    let tb = trial_balance(&store, &officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(tb.difference.get("USD").map(String::as_str), Some("0.00"));
    verify_ledger(&store, &officer)
        .await
        .expect("stored balances equal their postings");
    println!(
        "\nTrial balance zero over {} accounts; ledger verified. ({})",
        tb.accounts.len(),
        chrono::Utc::now().date_naive()
    );
    bench.finish().await;
}
