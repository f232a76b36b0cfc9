//! A month's statements at scale: 2,000 investors of one deal, each credited by the two
//! distributions of November 2026, issued as PDF/A-2b by `issue_period` (read in set-based
//! snapshots, rendered on every core, sealed, recorded and audited per chunk, written to a
//! folder), then the same month run again, which writes every recorded document back
//! unchanged. Measured on a local cluster with fsync on and every invariant checked.
//!
//! Run with `cargo bench -p prorata-app --bench statement_run`; figures go in
//! docs/BENCHMARKS.md. `PRORATA_BENCH_INVESTORS=N` runs fewer investors for a quick look.
//!
//! The investors, their investments and the verified values are written with bulk SQL as
//! set-up; the distributions are prepared, approved and posted through prorata-app.

mod common;

use std::time::Instant;

use prorata_app::clock::SystemClock;
use prorata_app::crypto::DataKey;
use prorata_app::deals::{self, NewDeal};
use prorata_app::input::Notation;
use prorata_app::second_factor::SecondFactor;
use prorata_app::session::Session;
use prorata_app::statements;
use prorata_domain::control::Role;
use prorata_store::Store;

use common::Bench;

const DATES: [&str; 2] = ["2026-11-10", "2026-11-24"];

fn investors_count() -> i64 {
    std::env::var("PRORATA_BENCH_INVESTORS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

/// One deal of `count` investors, valued 5% and then 10% above its capital on the two dates.
async fn set_up(store: &Store, officer: &Session, count: i64) {
    let clock = SystemClock;
    deals::add_partner(store, &clock, officer, "Partner", "bench-partner")
        .await
        .expect("a partner");
    let deal = NewDeal {
        notation: Notation::Plain,
        name: "Statements",
        currency: "USD",
        partner: "Partner",
        partner_commission_rate: "0.20",
        platform_fee_rate: "0.02",
        circuit_breaker_threshold: None,
    };
    deals::create_deal(store, &clock, officer, deal, "bench-deal")
        .await
        .expect("a deal");
    for sql in [
        "INSERT INTO investors (program_id, name, created_by, created_at)
         SELECT $1, 'Investor ' || n || ' Adéọlá', 'olga', now() FROM generate_series(1, $2::bigint) n",
        "INSERT INTO investments (program_id, deal_id, investor_id, amount_minor, invested_on, created_by, created_at)
         SELECT $1, d.id, v.id, 100000 + v.id % 1000 * 1000, DATE '2026-11-02', 'olga', now()
         FROM deals d, investors v WHERE d.program_id = $1 AND v.program_id = $1",
        "INSERT INTO performance_records (program_id, deal_id, value_date, value_minor, previous_value_minor,
             change_ratio, flagged, missed_business_days, status, recorded_by, recorded_at, verified_by, verified_at)
         SELECT $1, deal_id, day, sum(amount_minor) * ratio / 100, sum(amount_minor) * previous / 100,
                0.05, false, 0, 'verified', 'olga', now(), 'abe', now()
         FROM investments,
              (VALUES (DATE '2026-11-10', 105, 100), (DATE '2026-11-24', 110, 105)) v(day, ratio, previous)
         WHERE program_id = $1 AND $2 > 0 GROUP BY deal_id, day, ratio, previous",
        "SELECT store_refresh_statistics(NULL) WHERE $1 > 0 AND $2 > 0",
    ] {
        sqlx::query(sql)
            .bind(officer.program.id)
            .bind(count)
            .execute(store.pool())
            .await
            .expect("set-up");
    }
}

async fn post(store: &Store, officer: &Session, approver: &Session) {
    let clock = SystemClock;
    for date in DATES {
        let key = format!("bench-p-{date}");
        let id = deals::prepare_distribution(store, &clock, officer, "Statements", date, &key)
            .await
            .expect("prepared")
            .id;
        let factor = SecondFactor::default();
        let key = format!("bench-a-{date}");
        deals::approve_distributions(store, &clock, approver, &[id], None, factor, &key)
            .await
            .expect("approved");
        let key = format!("bench-post-{date}");
        deals::post_distributions(store, &clock, officer, &[id], &key)
            .await
            .expect("posted");
    }
}

#[tokio::main]
async fn main() {
    let bench = Bench::start().await;
    let store = bench.store.clone();
    let count = investors_count();
    let officer = bench.user("olga", Role::Officer).await;
    let approver = bench.user("abe", Role::Approver).await;
    set_up(&store, &officer, count).await;
    post(&store, &officer, &approver).await;
    let key = DataKey::generate().expect("a data key");
    let cores = common::cores();
    println!("{count} investors, {cores} cores");
    println!("| run | statements | time | statements/s |");
    println!("| --- | --- | --- | --- |");
    for (run, label) in ["bench-run-1", "bench-run-2"]
        .iter()
        .zip(["first issue", "run again (recorded documents written back)"])
    {
        let out = tempfile::tempdir().expect("a folder");
        let started = Instant::now();
        let report = statements::issue_period(
            &store,
            &SystemClock,
            &officer,
            "2026-11",
            None,
            out.path(),
            run,
            &key,
            &mut |_, _| {},
        )
        .await
        .expect("the month's statements");
        let took = started.elapsed();
        let n = report.issued.len() + report.reissued.len();
        let files = std::fs::read_dir(out.path()).expect("the folder").count();
        assert_eq!(files, n, "one file per statement");
        assert_eq!(
            n,
            usize::try_from(count).unwrap_or(0),
            "every investor has a statement"
        );
        println!(
            "| {label} | {n} | {:.2} s | {:.0} |",
            took.as_secs_f64(),
            n as f64 / took.as_secs_f64()
        );
    }
    bench.finish().await;
}
