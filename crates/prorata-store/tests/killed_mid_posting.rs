//! A process killed with SIGKILL in the middle of a large posting leaves no partial entry.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::*;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use prorata_domain::ledger::{AccountType, Phase, Side};
use prorata_store::ledger::{NewEntry, balance_mismatches, post_entries, trial_balance};
use prorata_store::testing::TestDatabase;

const CHILD_DATABASE: &str = "PRORATA_KILL_TEST_DATABASE";
const BATCHES: usize = 10;
const ENTRIES_PER_BATCH: usize = 1_000;

/// A ten-leg entry: 9.00 into bank:1, credited 1.00 each to nine investors' payables.
fn ten_leg_entry(key: String) -> NewEntry {
    let mut legs = vec![leg("bank:1", Side::Debit, "9.00")];
    legs.extend((1..=9).map(|n| leg(&format!("investor:{n}:payable"), Side::Credit, "1.00")));
    NewEntry {
        program_id: PROGRAM,
        idempotency_key: key,
        kind: "bulk_test".to_owned(),
        phase: Phase::Posted,
        effective_date: day(20),
        actor: "loader".to_owned(),
        description: String::new(),
        legs,
    }
}

/// In the child process: post batch after batch in one transaction, saying how far it got,
/// and never commit before being killed.
async fn post_until_killed(database: &str) {
    let store = TestDatabase::open_existing(database)
        .await
        .expect("the parent's database");
    let mut tx = store.pool().begin().await.expect("a transaction");
    for batch in 0..BATCHES {
        let entries: Vec<NewEntry> = (0..ENTRIES_PER_BATCH)
            .map(|n| ten_leg_entry(format!("big-{batch}-{n}")))
            .collect();
        post_entries(&mut tx, &entries, at())
            .await
            .expect("a batch books");
        println!("BATCH {batch}");
    }
    println!("ALL BATCHES");
    tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    tx.commit()
        .await
        .expect("not reached: the parent kills us first");
}

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[tokio::test]
async fn a_process_killed_in_the_middle_of_a_large_posting_leaves_no_partial_entry() {
    if let Ok(database) = std::env::var(CHILD_DATABASE) {
        return post_until_killed(&database).await;
    }
    let db = database().await;
    account(db.store.pool(), "bank:1", AccountType::Asset, false).await;
    for n in 1..=9 {
        account(
            db.store.pool(),
            &format!("investor:{n}:payable"),
            AccountType::Liability,
            true,
        )
        .await;
    }

    let mut child = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--exact",
            "a_process_killed_in_the_middle_of_a_large_posting_leaves_no_partial_entry",
            "--nocapture",
        ])
        .env(CHILD_DATABASE, &db.name)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the child starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut seen = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line from the child");
        let third_batch_done = line == "BATCH 2";
        seen.push(line);
        if third_batch_done {
            break;
        }
    }
    assert_eq!(
        seen.last().map(String::as_str),
        Some("BATCH 2"),
        "the child posted three batches first: {seen:?}"
    );
    kill(
        Pid::from_raw(i32::try_from(child.id()).expect("a pid")),
        Signal::SIGKILL,
    )
    .expect("SIGKILL is sent");
    let status = child.wait().expect("the child ends");
    assert!(!status.success(), "the child was killed, not finished");

    let booked: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM ledger_entries WHERE idempotency_key LIKE 'big-%'",
    )
    .fetch_one(db.store.pool())
    .await
    .expect("a count");
    assert_eq!(
        booked, 0,
        "3,000 entries were written but never committed: none may remain"
    );
    let mut conn = db.store.pool().acquire().await.expect("a connection");
    assert!(
        balance_mismatches(&mut conn, PROGRAM)
            .await
            .expect("a check")
            .is_empty(),
        "balances untouched"
    );
    let lines = trial_balance(&mut conn, PROGRAM, None)
        .await
        .expect("a trial balance");
    assert!(
        lines
            .iter()
            .all(|l| l.debits_minor == 0 && l.credits_minor == 0),
        "nothing posted"
    );

    // The accounts are not left locked by the dead process.
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    post_entries(&mut tx, &[ten_leg_entry("after".to_owned())], at())
        .await
        .expect("posts after the kill");
    tx.commit().await.expect("commits");
}
