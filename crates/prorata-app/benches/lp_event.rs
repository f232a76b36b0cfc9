//! An LP distribution event at scale: a deal whose units are held by 100,000 investors; an
//! exit's proceeds drafted, calculated (the register's snapshot read and the total allocated
//! by units with the allocation rule), approved by a second person with its entry posted
//! (Dr the proceeds receivable / Cr 100,000 payables, in parts of 9,999 holders). Measured on
//! a local cluster with fsync on and every invariant checked, in Rust and in PostgreSQL.
//!
//! Run with `cargo bench -p prorata-app --bench lp_event`; figures go in docs/BENCHMARKS.md.
//! `PRORATA_BENCH_HOLDERS=N` runs fewer holders for a quick look.
//!
//! The investors and the register's 100,000 issues are written with bulk SQL as set-up (each
//! issue still goes through PostgreSQL's trigger, which books it into the holdings); the
//! event goes through prorata-app, as an officer and an approver would make it.

mod common;

use std::time::{Duration, Instant};

use prorata_app::clock::SystemClock;
use prorata_app::deals::{self, NewDeal};
use prorata_app::events::{self, NewEvent};
use prorata_app::input::Notation;
use prorata_app::ledger::{trial_balance, verify_ledger};
use prorata_app::second_factor::SecondFactor;
use prorata_app::session::Session;
use prorata_domain::control::Role;
use prorata_store::Store;

use common::Bench;

/// 100,000 unless `PRORATA_BENCH_HOLDERS` asks for fewer.
fn holders_count() -> i64 {
    std::env::var("PRORATA_BENCH_HOLDERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

/// The deal `Fund` and `count` investors holding its units: 1 to about 143.7 units each, at
/// 7 decimals, so that the exact shares leave remainders for the rule to hand out.
async fn holders(store: &Store, officer: &Session, count: i64) {
    let clock = SystemClock;
    deals::add_partner(store, &clock, officer, "Operator", "bench-partner")
        .await
        .expect("a partner");
    let deal = NewDeal {
        notation: Notation::Plain,
        name: "Fund",
        currency: "USD",
        partner: "Operator",
        partner_commission_rate: "0.20",
        platform_fee_rate: "0.02",
        circuit_breaker_threshold: None,
    };
    deals::create_deal(store, &clock, officer, deal, "bench-deal")
        .await
        .expect("a deal");
    let program = officer.program.id;
    for sql in [
        "INSERT INTO investors (program_id, name, created_by, created_at)
         SELECT $1, 'Holder ' || n, 'olga', now() FROM generate_series(1, $2::bigint) n",
        "INSERT INTO unit_movements (program_id, deal_id, kind, investor_id, units, moved_on, recorded_by, recorded_at)
         SELECT $1, d.id, 'issue', v.id, round(1 + (v.id % 1000)::numeric / 7, 7), DATE '2026-11-02', 'olga', now()
         FROM deals d, investors v WHERE d.program_id = $1 AND v.program_id = $1 AND d.name = 'Fund'
         ORDER BY v.id",
        "SELECT store_refresh_statistics(NULL) WHERE $1 > 0 AND $2 > 0",
    ] {
        sqlx::query(sql)
            .bind(program)
            .bind(count)
            .execute(store.pool())
            .await
            .expect("set-up");
    }
}

/// The event's allocations add up to its total; the book balances and verifies.
async fn afterwards(store: &Store, officer: &Session, id: i64, count: i64) {
    let view = events::show_event(store, officer, id).await.expect("shown");
    assert_eq!(
        view.allocations.len(),
        usize::try_from(count).expect("a count")
    );
    assert_eq!(view.totals.allocated, "1234567.89");
    let tb = trial_balance(store, officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(tb.difference.get("USD").map(String::as_str), Some("0.00"));
    let check = verify_ledger(store, officer).await.expect("verified");
    println!(
        "\nAfterwards: {} allocations adding up to {} USD, {} entry parts; trial balance difference 0.00; ledger check: {check:?}",
        view.allocations.len(),
        view.totals.allocated,
        view.journal_entry_ids.len()
    );
}

fn row(step: &str, took: Duration) {
    println!("| {step} | {:.2} s |", took.as_secs_f64());
}

#[tokio::main]
async fn main() {
    let bench = Bench::start().await;
    let store = bench.store.clone();
    let clock = SystemClock;
    let count = holders_count();
    let officer = bench.user("olga", Role::Officer).await;
    let approver = bench.user("abe", Role::Approver).await;
    let started = Instant::now();
    holders(&store, &officer, count).await;
    println!(
        "LP event benchmark: {} cores, local cluster, fsync on, every invariant on.",
        common::cores()
    );
    println!(
        "Set-up ({count} investors, {count} unit issues through the register's trigger): {:.1} s\n",
        started.elapsed().as_secs_f64()
    );
    println!("| step | time |");
    println!("| --- | --- |");

    let all = Instant::now();
    let new = NewEvent {
        deal: "Fund",
        kind: "exit",
        title: "Sale of the fund's assets",
        description: None,
        amount: "1234567.89",
        date: "2026-11-20",
        notation: Notation::Plain,
    };
    let started = Instant::now();
    let id = events::create_event(&store, &clock, &officer, new, "bench-event")
        .await
        .expect("drafted")
        .id;
    row("draft the event", started.elapsed());
    let started = Instant::now();
    events::calculate_event(&store, &clock, &officer, id, None, "bench-calc")
        .await
        .expect("calculated");
    row(
        &format!("calculate: snapshot {count} holdings, allocate, write"),
        started.elapsed(),
    );
    let started = Instant::now();
    let factor = SecondFactor::default();
    events::approve_event(&store, &clock, &approver, id, factor, "bench-approve")
        .await
        .expect("approved");
    row(
        &format!("approve and post: {} legs", count + 1),
        started.elapsed(),
    );
    row("all three", all.elapsed());

    afterwards(&store, &officer, id, count).await;
    bench.finish().await;
}
