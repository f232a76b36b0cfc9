//! A payout batch at scale: 10,000 approved withdrawals, each to its own investor's bank
//! account, gathered into one batch, approved by a second person, executed into the bank's
//! two files (pain.001.001.09 and CSV) and then confirmed from the bank's report: paid, with
//! the bank's reference, for all but every hundredth, which failed. Measured on a local
//! cluster with fsync on and every invariant checked.
//!
//! Run with `cargo bench -p prorata-app --bench payout_batch`; figures go in
//! docs/BENCHMARKS.md. `PRORATA_BENCH_ITEMS=N` runs fewer items for a quick look.
//!
//! The set-up (`owed/`): the 10,000 investors and their investments written with bulk SQL;
//! the distributions that make them owed, the withdrawal requests and their approvals
//! through prorata-app, one by one, as an officer and an approver would make them.

mod common;
mod owed;

use std::time::{Duration, Instant};

use prorata_app::clock::SystemClock;
use prorata_app::crypto::DataKey;
use prorata_app::ledger::{trial_balance, verify_ledger};
use prorata_app::payouts::{self, NewBankAccount};
use prorata_app::second_factor::SecondFactor;
use prorata_domain::control::Role;
use prorata_store::Store;

use common::Bench;

/// 10,000 unless `PRORATA_BENCH_ITEMS` asks for fewer.
fn items_count() -> i64 {
    std::env::var("PRORATA_BENCH_ITEMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

fn row(step: &str, took: Duration) {
    println!("| {step} | {:.2} s |", took.as_secs_f64());
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
    let count = items_count();
    let officer = bench.user("olga", Role::Officer).await;
    let approver = bench.user("abe", Role::Approver).await;
    let data_key = DataKey::generate().expect("a data key");
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
        Some(&data_key),
        "bench-b",
    )
    .await
    .expect("a bank account");

    let started = Instant::now();
    owed::owe(&store, &officer, &approver, count).await;
    let data_key = std::sync::Arc::new(data_key);
    let ids =
        owed::approved_withdrawals(&store, (&officer, &approver), data_key.clone(), count, 1).await;
    println!(
        "Payout batch benchmark: {} cores, local cluster, fsync on, every invariant on.",
        common::cores()
    );
    println!(
        "Set-up ({count} investors owed by two posted distributions; {count} withdrawals requested and approved one by one): {:.1} s\n",
        started.elapsed().as_secs_f64()
    );
    println!("| step | time |");
    println!("| --- | --- |");

    let started = Instant::now();
    let batch = payouts::create_batch(&store, &clock, &officer, "Operating", "bench-c")
        .await
        .expect("a batch")
        .id;
    payouts::add_to_batch(&store, &clock, &officer, batch, &ids, "bench-add")
        .await
        .expect("added");
    payouts::submit_batch(&store, &clock, &officer, batch, "bench-s")
        .await
        .expect("submitted");
    row(
        &format!("build the batch: create, add {count} withdrawals, submit"),
        started.elapsed(),
    );
    let started = Instant::now();
    payouts::approve_batch(
        &store,
        &clock,
        &approver,
        batch,
        SecondFactor::default(),
        "bench-ab",
    )
    .await
    .expect("approved");
    row("approve it (a second person)", started.elapsed());

    let out = bench.dir.path().join("bank-files");
    std::fs::create_dir(&out).expect("a folder for the files");
    let started = Instant::now();
    let executed = payouts::execute_batch(
        &store,
        &clock,
        &approver,
        batch,
        &out,
        SecondFactor {
            data_key: Some(&*data_key),
            code: None,
        },
        "bench-x",
    )
    .await
    .expect("executed");
    let execute = started.elapsed();
    let sizes: Vec<String> = executed
        .files
        .iter()
        .map(|f| format!("{} {} bytes", f.name, f.size_bytes))
        .collect();
    row(
        &format!(
            "execute: unseal {count} accounts, write both files ({}), record their SHA-256, mark {count} items sent",
            sizes.join(", ")
        ),
        execute,
    );
    validate(&out, batch);

    let shown = payouts::show_batch(&store, &approver, batch)
        .await
        .expect("the batch");
    // The bank's report: every hundredth payment failed, the others paid.
    let mut report = String::from("reference,status,detail\n");
    for (n, item) in shown.items.iter().enumerate() {
        if n % 100 == 99 {
            report.push_str(&format!("{},failed,account closed\n", item.reference));
        } else {
            report.push_str(&format!("{},paid,FT{:010}\n", item.reference, item.id));
        }
    }
    let looking = std::env::var_os("PRORATA_BENCH_FUNCTIONS").is_some();
    // The functions' time of the confirmation alone: what they had before it, taken off.
    let before = if looking {
        function_times(&store).await
    } else {
        Vec::new()
    };
    let started = Instant::now();
    let done = payouts::confirm_report_csv(
        &store,
        &clock,
        &approver,
        batch,
        report.as_bytes(),
        "bench-report",
    )
    .await
    .expect("confirmed");
    row(
        &format!(
            "confirm {count} items from the bank's report: {} paid (holds posted, bank credited), {} failed (holds voided)",
            done.paid, done.failed
        ),
        started.elapsed(),
    );

    let tb = trial_balance(&store, &officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(tb.difference.get("USD").map(String::as_str), Some("0.00"));
    verify_ledger(&store, &officer)
        .await
        .expect("stored balances equal their postings");
    println!(
        "\nTrial balance zero over {} accounts; ledger verified; the XML valid against pain.001.001.09. ({})",
        tb.accounts.len(),
        chrono::Utc::now().date_naive()
    );
    if looking {
        print_function_times(&before, &function_times(&store).await);
    }
    bench.finish().await;
}

/// Each trigger's and function's calls and own time so far, by name.
async fn function_times(store: &Store) -> Vec<(String, i64, f64)> {
    // The backends report their counts when idle, at most once a second.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    sqlx::query_as("SELECT funcname::text, calls, self_time FROM pg_stat_user_functions")
        .fetch_all(store.pool())
        .await
        .expect("function statistics")
}

/// With `PRORATA_BENCH_PG=track_functions=pl` and `PRORATA_BENCH_FUNCTIONS=1`: the server's
/// own time in each trigger and function while the report was confirmed, the most first.
fn print_function_times(before: &[(String, i64, f64)], after: &[(String, i64, f64)]) {
    let mut spent: Vec<(&str, i64, f64)> = after
        .iter()
        .map(|(name, calls, ms)| {
            let (c0, m0) = before
                .iter()
                .find(|(n, _, _)| n == name)
                .map_or((0, 0.0), |(_, c, m)| (*c, *m));
            (name.as_str(), calls - c0, ms - m0)
        })
        .filter(|(_, calls, _)| *calls > 0)
        .collect();
    spent.sort_by(|a, b| b.2.total_cmp(&a.2));
    eprintln!("\nfunction                              calls      self ms");
    for (name, calls, self_ms) in spent.iter().take(15) {
        eprintln!("{name:<36} {calls:>8} {self_ms:>10.0}");
    }
}

/// The XML file against the ISO 20022 schema, outside the timings.
fn validate(out: &std::path::Path, batch: i64) {
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/iso20022/pain.001.001.09.xsd");
    let xml = out.join(format!("batch-{batch}.pain.001.xml"));
    let status = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(&xml)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("xmllint runs");
    assert!(status.success(), "{} is valid", xml.display());
}
