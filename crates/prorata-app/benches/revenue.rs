//! Community revenue at a sustained rate: revenue transactions recorded one by one through
//! prorata-app as an officer records them (`revenue record`), each its own operation: its
//! idempotency key claimed, the split under the schedule of its day, its one entry booked
//! (gateway clearing, GST, the gateway's and the platform's fees, 20 members' wallets),
//! its steps, role parts and wallet credits written, audited, and PostgreSQL's checks at
//! commit. Measured on a local cluster with fsync on and every invariant checked.
//!
//! Then the same through `revenue import`: a file of transactions recorded in batches of
//! 1,000, each batch one database transaction (its entries booked in one ledger batch, its
//! steps, parts and credits each in one statement, PostgreSQL's checks once per batch at
//! commit), into the same community of 20 members and into one of 4 (a member a role).
//!
//! Run with `cargo bench -p prorata-app --bench revenue`; figures go in docs/BENCHMARKS.md.
//! `PRORATA_BENCH_EVENTS=N` records N per client one by one (2,000 unless given), with one
//! client and then two at once; `PRORATA_BENCH_IMPORT=N` imports a file of N (100,000
//! unless given) into each community.

mod common;

use std::time::Instant;

use prorata_app::clock::SystemClock;
use prorata_app::fees::{self, NewFeeSchedule};
use prorata_app::input::Notation;
use prorata_app::ledger::trial_balance;
use prorata_app::revenue::{self, NewCommunity, NewMember, NewRevenue};
use prorata_app::session::Session;
use prorata_domain::control::Role;
use prorata_store::Store;

use common::Bench;

const ROLES: [&str; 4] = ["owner", "admin_team", "moderator_team", "event_team"];

fn events_per_client() -> usize {
    std::env::var("PRORATA_BENCH_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

fn events_per_file() -> usize {
    std::env::var("PRORATA_BENCH_IMPORT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

/// Today's schedule (DESIGN §8's rates).
async fn schedule(store: &Store, admin: &Session, today: &str) {
    let clock = SystemClock;
    let rates: Vec<String> = ["event=0.10", "sponsor=0.12", "premium=0.15", "custom=0.10"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let schedule = NewFeeSchedule {
        gst_rate: "0.18",
        gateway_fee_rate: "0.02",
        gateway_fixed_fee: Some("3.00"),
        gateway_fee_gst: true,
        platform_fee_rates: &rates,
        platform_fee_gst: false,
        holding_days: Some(7),
        anomaly_multiple: None,
        effective_from: today,
        notation: Notation::Plain,
    };
    fees::set_fee_schedule(store, &clock, admin, schedule, "bench-schedule")
        .await
        .expect("a schedule");
}

/// A community with `per_role` members in each of the four roles.
async fn community(store: &Store, officer: &Session, name: &str, per_role: [usize; 4]) {
    let clock = SystemClock;
    let shares: Vec<String> = [
        "owner=0.50",
        "admin_team=0.20",
        "moderator_team=0.10",
        "event_team=0.20",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let new = NewCommunity {
        name,
        currency: "INR",
        role_shares: &shares,
        notation: Notation::Plain,
    };
    revenue::add_community(store, &clock, officer, new, &format!("bench-{name}"))
        .await
        .expect("a community");
    for (role, count) in ROLES.into_iter().zip(per_role) {
        for n in 0..count {
            let member = format!("{role} {n}");
            let new = NewMember {
                community: name,
                name: &member,
                role,
                weight: None,
            };
            let key = format!("bench-member-{name}-{member}");
            revenue::add_member(store, &clock, officer, new, &key)
                .await
                .expect("a member");
        }
    }
}

/// A file of `count` transactions of a community, as a gateway exports them.
fn file(community: &str, today: &str, count: usize) -> Vec<u8> {
    let mut file = String::from("key,community,source,gross,date,gateway,reference\n");
    for n in 0..count {
        let source = if n % 3 == 0 { "sponsor" } else { "event" };
        file.push_str(&format!(
            "pay_{community}_{n},{community},{source},{}.{:02},{today},razorpay,order {n}\n",
            500 + n % 1_000,
            n % 100
        ));
    }
    file.into_bytes()
}

/// Imports a file of `count` transactions into a community of `members`.
async fn import(store: &Store, officer: &Session, community: &str, members: usize, today: &str) {
    let count = events_per_file();
    let file = file(community, today, count);
    let started = Instant::now();
    let done = revenue::import_revenue(store, &SystemClock, officer, &file)
        .await
        .expect("imported");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(done.recorded as usize, count, "every line recorded once");
    let rate = count as f64 / seconds;
    println!(
        "| {members} | {} legs | {count} | {} | {seconds:.2} s | {rate:.0} | {:.0} |",
        members + 5,
        done.batches,
        rate * 60.0
    );
}

/// Records `count` transactions, each its own operation; `client` keeps keys apart.
async fn record(store: &Store, officer: &Session, today: &str, client: usize, count: usize) {
    for n in 0..count {
        let gross = format!("{}.{:02}", 500 + n % 1_000, n % 100);
        let new = NewRevenue {
            community: "Chess",
            source: if n % 3 == 0 { "sponsor" } else { "event" },
            gross: &gross,
            date: today,
            gateway: Some("razorpay"),
            reference: None,
            notation: Notation::Plain,
        };
        revenue::record_revenue(
            store,
            &SystemClock,
            officer,
            new,
            &format!("bench-{client}-{n}"),
        )
        .await
        .expect("recorded");
    }
}

#[tokio::main]
async fn main() {
    let bench = Bench::start().await;
    let store = bench.store.clone();
    let officer = bench.user("olga", Role::Officer).await;
    let today = chrono::Utc::now().date_naive().to_string();
    schedule(&store, &bench.admin, &today).await;
    community(&store, &officer, "Chess", [1, 4, 5, 10]).await;
    community(&store, &officer, "Quiz", [1, 1, 1, 1]).await;
    let count = events_per_client();
    println!(
        "Revenue benchmark: {} cores, local cluster, fsync on, every invariant on; 20 members, 25 legs an entry.\n",
        common::cores()
    );
    println!("| clients | transactions | time | transactions/s | transactions/minute |");
    println!("| --- | --- | --- | --- | --- |");
    let started = Instant::now();
    record(&store, &officer, &today, 0, count).await;
    report(1, count, started.elapsed().as_secs_f64());
    let started = Instant::now();
    tokio::join!(
        record(&store, &officer, &today, 1, count),
        record(&store, &officer, &today, 2, count),
    );
    report(2, 2 * count, started.elapsed().as_secs_f64());
    println!("\nImported from a file in batches of 1,000 (`revenue import`), one client:\n");
    println!(
        "| members | entry | transactions | batches | time | transactions/s | transactions/minute |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    import(&store, &officer, "Chess", 20, &today).await;
    import(&store, &officer, "Quiz", 4, &today).await;
    let tb = trial_balance(&store, &officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(tb.difference.get("INR").map(String::as_str), Some("0.00"));
    let report = prorata_app::reconcile::reconcile_ledger(&store, &officer)
        .await
        .expect("reconciled");
    assert!(report.intact, "the book ties");
    println!("\nAfterwards: trial balance difference 0.00 INR; reconcile ledger intact.");
    bench.finish().await;
}

fn report(clients: usize, transactions: usize, seconds: f64) {
    let rate = transactions as f64 / seconds;
    println!(
        "| {clients} | {transactions} | {seconds:.2} s | {rate:.0} | {:.0} |",
        rate * 60.0
    );
}
