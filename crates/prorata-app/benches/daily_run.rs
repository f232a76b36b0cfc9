//! The daily run at scale: 1,000 active deals with 1,000 investments each, every deal with a
//! verified value for the day. Measures, on a local cluster with fsync on and every
//! invariant checked: preparing all distributions (`run_daily`: 1,000,000 shares), approving
//! them as one reviewed set, and posting them to the ledger (1,003,000 postings).
//!
//! Run with `cargo bench -p prorata-app --bench daily_run`; figures go in docs/BENCHMARKS.md.
//! For a look at the server's side: `PRORATA_BENCH_DEALS=N` runs fewer deals,
//! `PRORATA_BENCH_PG="name=value,..."` adds server settings (e.g. auto_explain's), and
//! `PRORATA_BENCH_KEEP_LOG=FILE` keeps the server's log.
//!
//! The deals are created through prorata-app; the 1,000,000 investments and the verified
//! values are written with bulk SQL as set-up, because making them one request at a time
//! would measure the set-up, not the run.

mod common;

use std::time::Instant;

use chrono::Utc;
use prorata_app::clock::SystemClock;
use prorata_app::deals::{self, NewDeal, approve_distributions, post_distributions, run_daily};
use prorata_app::ledger::{trial_balance, verify_ledger};
use prorata_app::second_factor::SecondFactor;
use prorata_app::session::Session;
use prorata_domain::control::Role;
use prorata_store::Store;

use common::Bench;

/// 1,000 unless `PRORATA_BENCH_DEALS` asks for fewer (for a quick look).
fn deals_count() -> i64 {
    std::env::var("PRORATA_BENCH_DEALS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}
const INVESTMENTS_PER_DEAL: i64 = 1_000;
const DATE: &str = "2026-11-24";

async fn set_up(store: &Store, officer: &Session, deals_count: i64) {
    let clock = SystemClock;
    deals::add_partner(store, &clock, officer, "Partner", "bench-partner")
        .await
        .expect("a partner");
    for n in 0..deals_count {
        let name = format!("Deal {n:04}");
        let deal = NewDeal {
            notation: prorata_app::input::Notation::Plain,
            name: &name,
            currency: "USD",
            partner: "Partner",
            partner_commission_rate: "0.20",
            platform_fee_rate: "0.02",
            circuit_breaker_threshold: None,
        };
        deals::create_deal(store, &clock, officer, deal, &format!("bench-deal-{n}"))
            .await
            .expect("a deal");
    }
    let program = officer.program.id;
    let date = chrono::NaiveDate::parse_from_str(DATE, "%Y-%m-%d").expect("a date");
    // 1,000 investors, each investing in every deal, amounts from 1,000.00 to 10,990.00.
    sqlx::query(
        "INSERT INTO investors (program_id, name, created_by, created_at)
         SELECT $1, 'Investor ' || n, 'olga', now() FROM generate_series(1, $2::bigint) n",
    )
    .bind(program)
    .bind(INVESTMENTS_PER_DEAL)
    .execute(store.pool())
    .await
    .expect("investors");
    sqlx::query(
        "INSERT INTO investments (program_id, deal_id, investor_id, amount_minor, invested_on, created_by, created_at)
         SELECT $1, d.id, v.id, 100000 + (v.id * 7919 + d.id * 104729) % 1000 * 1000, DATE '2026-11-02', 'olga', now()
         FROM deals d CROSS JOIN investors v WHERE d.program_id = $1 AND v.program_id = $1",
    )
    .bind(program)
    .execute(store.pool())
    .await
    .expect("investments");
    // Each deal's value for the day: its capital plus 10% and a few cents, verified.
    sqlx::query(
        "INSERT INTO performance_records (program_id, deal_id, value_date, value_minor, previous_value_minor,
             change_ratio, flagged, missed_business_days, status, recorded_by, recorded_at, verified_by, verified_at)
         SELECT $1, deal_id, $2, sum(amount_minor) * 11 / 10 + deal_id, sum(amount_minor),
                0.1, false, 0, 'verified', 'olga', now(), 'abe', now()
         FROM investments WHERE program_id = $1 GROUP BY deal_id",
    )
    .bind(program)
    .bind(date)
    .execute(store.pool())
    .await
    .expect("verified values");
    sqlx::query("SELECT store_refresh_statistics(NULL)")
        .execute(store.pool())
        .await
        .expect("statistics");
}

#[allow(
    clippy::too_many_lines,
    reason = "the benchmark reads top to bottom as its steps"
)]
#[tokio::main]
async fn main() {
    let bench = Bench::start().await;
    let store = bench.store.clone();
    let deals = deals_count();
    let officer = bench.user("olga", Role::Officer).await;
    let approver = bench.user("abe", Role::Approver).await;

    let started = Instant::now();
    set_up(&store, &officer, deals).await;
    let cores = common::cores();
    println!("Daily run benchmark: {cores} cores, local cluster, fsync on, every invariant on.");
    println!(
        "Set-up ({deals} deals, {} investments): {:.1} s\n",
        deals * INVESTMENTS_PER_DEAL,
        started.elapsed().as_secs_f64()
    );
    println!("| step | time |");
    println!("| --- | --- |");

    let started = Instant::now();
    let mut last_reported = 0;
    let mut progress = |done: usize, total: usize| {
        if done - last_reported >= 250 || done == total {
            eprintln!("  run daily: {done}/{total}");
            last_reported = done;
        }
    };
    let report = run_daily(
        &store,
        &SystemClock,
        &officer,
        DATE,
        "bench-daily",
        &mut progress,
    )
    .await
    .expect("the run");
    let prepare = started.elapsed();
    assert_eq!(
        i64::try_from(report.prepared.len()).ok(),
        Some(deals),
        "every deal prepared: {:?}",
        report.skipped.first()
    );
    println!(
        "| run daily: prepare {deals} distributions, {} shares | {:.1} s |",
        deals * INVESTMENTS_PER_DEAL,
        prepare.as_secs_f64()
    );

    let ids: Vec<i64> = report.prepared.iter().map(|p| p.distribution_id).collect();
    let started = Instant::now();
    approve_distributions(
        &store,
        &SystemClock,
        &approver,
        &ids,
        None,
        SecondFactor::default(),
        "bench-approve",
    )
    .await
    .expect("approved");
    let approve = started.elapsed();
    println!(
        "| approve the {deals} as one reviewed set | {:.1} s |",
        approve.as_secs_f64()
    );

    let started = Instant::now();
    post_distributions(&store, &SystemClock, &officer, &ids, "bench-post")
        .await
        .expect("posted");
    let post = started.elapsed();
    println!(
        "| post them: {deals} entries, about {} postings | {:.1} s |",
        deals * (INVESTMENTS_PER_DEAL + 3),
        post.as_secs_f64()
    );
    println!(
        "| all three | {:.1} s |",
        (prepare + approve + post).as_secs_f64()
    );

    let tb = trial_balance(&store, &officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(
        tb.difference.get("USD").map(String::as_str),
        Some("0.00"),
        "the trial balance is zero"
    );
    verify_ledger(&store, &officer)
        .await
        .expect("stored balances equal their postings");
    println!(
        "\nTrial balance zero over {} accounts; ledger verified. ({})",
        tb.accounts.len(),
        Utc::now().date_naive()
    );
    bench.finish().await;
}
