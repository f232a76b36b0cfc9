//! A distribution network's transactions booked with their commissions: a file of
//! transactions by retailers with 5-level uplines (retailer, distributor, master
//! distributor, white label, admin) recorded through prorata-app as `txn import` records it,
//! in batches of 1,000, each one database transaction (the rates resolved and the uplines
//! read once a batch, the entries booked in one ledger batch, the transactions and their
//! parts each in one statement, PostgreSQL's checks once per batch at commit). Then some one
//! by one as `txn record` records each. Measured on a local cluster with fsync on and every
//! invariant checked.
//!
//! Run with `cargo bench -p prorata-app --bench network`; figures go in docs/BENCHMARKS.md.
//! `PRORATA_BENCH_IMPORT=N` imports N transactions (100,000 unless given);
//! `PRORATA_BENCH_EVENTS=N` records N one by one (1,000 unless given).

mod common;

use std::time::Instant;

use prorata_app::clock::SystemClock;
use prorata_app::commissions::{self, NewMember, NewNetworkTransaction};
use prorata_app::input::Notation;
use prorata_app::ledger::trial_balance;
use prorata_app::session::Session;
use prorata_domain::control::Role;
use prorata_store::Store;

use common::Bench;

/// The network below its admin: white labels, master distributors, distributors, retailers.
const FAN_OUT: [usize; 4] = [2, 2, 3, 5];

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// The root scheme with a rate per role for the service.
async fn scheme(store: &Store, admin: &Session) {
    let clock = SystemClock;
    commissions::add_scheme(store, &clock, admin, "root", None, "bench-root")
        .await
        .expect("a root");
    let rates: Vec<String> = [
        "admin=0.05",
        "white_label=0.04",
        "master_distributor=0.03",
        "distributor=0.02",
        "retailer=0.012",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    commissions::set_scheme_rates(
        store,
        &clock,
        admin,
        ("root", "recharge"),
        &rates,
        "bench-rates",
    )
    .await
    .expect("the rates");
}

/// An admin and below it `FAN_OUT` members of each role under each member above; the
/// retailers' names.
async fn network(store: &Store, officer: &Session) -> Vec<String> {
    let clock = SystemClock;
    let roles = [
        "white_label",
        "master_distributor",
        "distributor",
        "retailer",
    ];
    let add = |name: String, role: &'static str, upline: Option<String>| async move {
        let new = NewMember {
            name: &name,
            role,
            upline: upline.as_deref(),
            scheme: "root",
            currency: upline.is_none().then_some("INR"),
        };
        commissions::add_network_member(store, &clock, officer, new, &format!("bench-{name}"))
            .await
            .expect("a member");
        name
    };
    let mut level = vec![add("Top".to_owned(), "admin", None).await];
    for (role, fan_out) in roles.into_iter().zip(FAN_OUT) {
        let mut next = Vec::new();
        for upline in &level {
            for n in 0..fan_out {
                next.push(add(format!("{upline}.{n}"), role, Some(upline.clone())).await);
            }
        }
        level = next;
    }
    level
}

fn file(retailers: &[String], count: usize) -> Vec<u8> {
    let mut file = String::from("key,member,service,amount,reference\n");
    for n in 0..count {
        let retailer = &retailers[n % retailers.len()];
        file.push_str(&format!(
            "op_{n},{retailer},recharge,{}.{:02},order {n}\n",
            50 + n % 950,
            n % 100
        ));
    }
    file.into_bytes()
}

#[tokio::main]
async fn main() {
    let bench = Bench::start().await;
    let store = bench.store.clone();
    let officer = bench.user("olga", Role::Officer).await;
    scheme(&store, &bench.admin).await;
    let retailers = network(&store, &officer).await;
    let count = env_count("PRORATA_BENCH_IMPORT", 100_000);
    println!(
        "Network benchmark: {} cores, local cluster, fsync on, every invariant on; {} retailers, 5-level uplines, 6-leg entries.\n",
        common::cores(),
        retailers.len()
    );
    println!("| path | transactions | batches | time | transactions/s |");
    println!("| --- | --- | --- | --- | --- |");
    let file = file(&retailers, count);
    let started = Instant::now();
    let done = commissions::import_network_transactions(&store, &SystemClock, &officer, &file)
        .await
        .expect("imported");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(done.recorded as usize, count, "every line recorded once");
    println!(
        "| `txn import`, batches of 1,000 | {count} | {} | {seconds:.2} s | {:.0} |",
        done.batches,
        count as f64 / seconds
    );
    let one_by_one = env_count("PRORATA_BENCH_EVENTS", 1_000);
    let started = Instant::now();
    for n in 0..one_by_one {
        let amount = format!("{}.00", 50 + n % 950);
        let new = NewNetworkTransaction {
            member: &retailers[n % retailers.len()],
            service: "recharge",
            amount: &amount,
            reference: None,
            notation: Notation::Plain,
        };
        commissions::record_network_transaction(
            &store,
            &SystemClock,
            &officer,
            new,
            &format!("bench-one-{n}"),
        )
        .await
        .expect("recorded");
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "| `txn record`, one by one | {one_by_one} | - | {seconds:.2} s | {:.0} |",
        one_by_one as f64 / seconds
    );
    let tb = trial_balance(&store, &officer, None)
        .await
        .expect("a trial balance");
    assert!(
        tb.difference.values().all(|d| d == "0.00"),
        "the ledger balances"
    );
    let report = prorata_app::reconcile::reconcile_ledger(&store, &officer)
        .await
        .expect("reconciled");
    assert!(report.intact, "the book ties");
    println!("\nAfterwards: trial balance difference 0.00 INR; reconcile ledger intact.");
    bench.finish().await;
}
