//! Ledger throughput with every invariant on, against a local cluster with the store's
//! default (durable) settings.
//!
//! Run with `cargo bench -p prorata-store --bench ledger`; figures go in docs/BENCHMARKS.md.
//! It measures postings per second for 2-leg and 10-leg entries booked in batches (one
//! transaction per batch), single entries one per transaction for comparison, and the time
//! of a trial balance over 1,000,000 postings.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use prorata_domain::ledger::{AccountCode, AccountType, Leg, Phase, Side};
use prorata_domain::{Currency, Money};
use prorata_store::cluster::{ClusterSettings, LocalCluster};
use prorata_store::ledger::{NewAccount, NewEntry, open_account, post_entries, trial_balance};
use prorata_store::{Store, StoreLocation};

const INVESTORS: usize = 1_000;

fn code(text: &str) -> AccountCode {
    AccountCode::parse(text).expect("a valid code")
}

fn cents(minor: i128) -> Money {
    Money::from_minor_units(minor, Currency::USD).expect("in range")
}

fn leg(account: &str, side: Side, minor: i128) -> Leg {
    Leg {
        account: code(account),
        side,
        amount: cents(minor),
    }
}

/// The program the benchmark books into: the first of its fresh store.
const PROGRAM: i64 = 1;

fn entry(key: String, legs: Vec<Leg>) -> NewEntry {
    NewEntry {
        program_id: PROGRAM,
        idempotency_key: key,
        kind: "benchmark".to_owned(),
        phase: Phase::Posted,
        effective_date: NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date"),
        actor: "bench".to_owned(),
        description: String::new(),
        legs,
    }
}

/// Cash in from the bank to one investor's payable.
fn two_leg(key: String, n: usize) -> NewEntry {
    let investor = format!("investor:{}:payable", n % INVESTORS);
    entry(
        key,
        vec![
            leg("bank:1", Side::Debit, 1_000),
            leg(&investor, Side::Credit, 1_000),
        ],
    )
}

/// A distribution: profit receivable in, commission, the platform fee (a hot account hit by
/// every entry) and seven investors' shares out.
fn ten_leg(key: String, n: usize) -> NewEntry {
    let mut legs = vec![
        leg("deal:1:profit_receivable", Side::Debit, 10_000),
        leg("partner:1:payable", Side::Credit, 2_000),
        leg("platform:fee_income", Side::Credit, 200),
    ];
    let shares = [1_114, 1_114, 1_114, 1_114, 1_114, 1_114, 1_116];
    for (i, share) in shares.iter().enumerate() {
        let investor = format!("investor:{}:payable", (n * 7 + i) % INVESTORS);
        legs.push(leg(&investor, Side::Credit, *share));
    }
    entry(key, legs)
}

async fn open_accounts(store: &Store) {
    let program: i64 = sqlx::query_scalar(
        "INSERT INTO programs (slug, name, created_at) VALUES ('main', 'Main', now()) RETURNING id",
    )
    .fetch_one(store.pool())
    .await
    .expect("a program");
    assert_eq!(program, PROGRAM);
    let at = Utc
        .with_ymd_and_hms(2026, 11, 25, 0, 0, 0)
        .single()
        .expect("an instant");
    let mut tx = store.pool().begin().await.expect("a transaction");
    let mut accounts = vec![
        ("bank:1".to_owned(), AccountType::Asset, false),
        (
            "deal:1:profit_receivable".to_owned(),
            AccountType::Asset,
            false,
        ),
        ("partner:1:payable".to_owned(), AccountType::Liability, true),
        ("platform:fee_income".to_owned(), AccountType::Income, false),
    ];
    accounts.extend((0..INVESTORS).map(|i| {
        (
            format!("investor:{i}:payable"),
            AccountType::Liability,
            true,
        )
    }));
    for (text, account_type, flag) in accounts {
        let account = NewAccount {
            program_id: PROGRAM,
            code: code(&text),
            account_type,
            currency: Currency::USD,
            normal_side: account_type.normal_side(),
            must_not_go_negative: flag,
        };
        open_account(&mut tx, &account, at).await.expect("opens");
    }
    tx.commit().await.expect("commits");
}

/// Books `batches` batches of `batch_size` entries, one transaction each; returns postings/s.
async fn run(
    store: &Store,
    label: &str,
    batches: usize,
    batch_size: usize,
    make: fn(String, usize) -> NewEntry,
) -> f64 {
    let at = Utc::now();
    let mut postings = 0usize;
    let started = Instant::now();
    for batch in 0..batches {
        let entries: Vec<NewEntry> = (0..batch_size)
            .map(|i| {
                make(
                    format!("{label}-{batch_size}-{batch}-{i}"),
                    batch * batch_size + i,
                )
            })
            .collect();
        postings += entries.iter().map(|e| e.legs.len()).sum::<usize>();
        let mut tx = store.pool().begin().await.expect("a transaction");
        post_entries(&mut tx, &entries, at).await.expect("books");
        tx.commit().await.expect("commits");
    }
    let seconds = started.elapsed().as_secs_f64();
    let rate = postings as f64 / seconds;
    println!("| {label} | {batch_size} | {postings} | {seconds:.2} s | {rate:.0} |");
    analyze(store).await;
    rate
}

/// Refreshes the planner's statistics between workloads, as bulk jobs do
/// (`refresh_statistics`): a store that grows in minutes is ahead of autovacuum's `ANALYZE`,
/// and the posting trigger's plans follow the sizes the planner last saw.
async fn analyze(store: &Store) {
    if std::env::var_os("PRORATA_BENCH_STALE_STATISTICS").is_none() {
        sqlx::query("SELECT store_refresh_statistics(NULL)")
            .execute(store.pool())
            .await
            .expect("statistics");
    }
}

async fn count_postings(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM ledger_postings")
        .fetch_one(store.pool())
        .await
        .expect("a count")
}

#[tokio::main]
async fn main() {
    let dir = tempfile::Builder::new()
        .prefix("prorata-bench")
        .tempdir()
        .expect("a folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("open it");
    let location = StoreLocation::local(dir.path().join("store"));
    let store = Store::init(&location, &ClusterSettings::default())
        .await
        .expect("a store");
    open_accounts(&store).await;
    analyze(&store).await;
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("Ledger benchmark: {cores} cores, local cluster, fsync on, every invariant on.\n");
    println!("| entries | batch (entries) | postings | time | postings/s |");
    println!("| --- | --- | --- | --- | --- |");
    run(&store, "2-leg one per transaction", 2_000, 1, two_leg).await;
    run(&store, "2-leg", 200, 100, two_leg).await;
    run(&store, "2-leg", 40, 1_000, two_leg).await;
    run(&store, "10-leg one per transaction", 1_000, 1, ten_leg).await;
    run(&store, "10-leg", 100, 100, ten_leg).await;
    run(&store, "10-leg", 20, 1_000, ten_leg).await;

    // Fill up to 1,000,000 postings, then time the trial balance (computed from postings).
    let have = usize::try_from(count_postings(&store).await).expect("a count");
    let batches = (1_000_000usize.saturating_sub(have)).div_ceil(10_000);
    run(&store, "10-leg fill", batches, 1_000, ten_leg).await;
    let total = count_postings(&store).await;
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..7 {
        let mut conn = store.pool().acquire().await.expect("a connection");
        let started = Instant::now();
        let lines = trial_balance(&mut conn, PROGRAM, None)
            .await
            .expect("a trial balance");
        times.push(started.elapsed());
        let debits: i64 = lines.iter().map(|l| l.debits_minor).sum();
        let credits: i64 = lines.iter().map(|l| l.credits_minor).sum();
        assert_eq!(debits, credits, "the trial balance must sum to zero");
    }
    times.sort();
    println!(
        "\nTrial balance over {total} postings ({} accounts): median {:.0} ms (min {:.0} ms, max {:.0} ms, 7 runs)",
        INVESTORS + 4,
        times[3].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[6].as_secs_f64() * 1e3
    );
    store.close().await;
    LocalCluster::at(&dir.path().join("store"))
        .expect("the cluster")
        .stop()
        .expect("stops");
}
