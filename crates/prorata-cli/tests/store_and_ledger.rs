//! `prorata store` and `prorata ledger` as a user runs them, on a real local store.

#[allow(dead_code)]
mod common;

use std::path::Path;
use std::process::{Command, Output};

use chrono::{NaiveDate, TimeZone, Utc};
use prorata_domain::ledger::{AccountCode, AccountType, Leg, Phase, Side};
use prorata_domain::{Currency, Money};
use prorata_store::ledger::{NewAccount, NewEntry, open_account, post_entries};
use prorata_store::{Store, StoreLocation};
use serde_json::json;

use common::{ADMIN_PASSWORD, PASSPHRASE, StoppedOnDrop, failure, json_of, scratch};

/// `prorata` on the store in `data_dir`, signing in as `admin`; a test adds arguments and may
/// override any of the environment.
fn command(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prorata"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env("PRORATA_USER", "admin")
        .env("PRORATA_PASSWORD", ADMIN_PASSWORD)
        .env("PRORATA_PASSPHRASE", PASSPHRASE);
    command
}

fn prorata(data_dir: &Path, args: &[&str]) -> Output {
    command(data_dir).args(args).output().expect("prorata runs")
}

#[test]
fn a_store_is_created_started_on_demand_and_stopped() {
    let (_dir, data_dir) = scratch();
    let _stop = StoppedOnDrop(data_dir.clone());
    let status = json_of(&prorata(&data_dir, &["--json", "store", "status"]));
    assert_eq!(status["server"], "not_initialised");
    let line = failure(&prorata(&data_dir, &["ledger", "trial-balance"]), 2);
    assert!(line.starts_with("error[validation]: no store at"), "{line}");

    let created = json_of(&prorata(&data_dir, &["--json", "store", "init"]));
    assert_eq!(created["kind"], "local");
    assert_eq!(created["up_to_date"], true, "the schema is in place");
    let line = failure(&prorata(&data_dir, &["store", "init"]), 4);
    assert!(line.contains("already exists"), "{line}");

    assert_eq!(
        json_of(&prorata(&data_dir, &["--json", "store", "stop"]))["outcome"],
        "stopped"
    );
    assert_eq!(
        json_of(&prorata(&data_dir, &["--json", "store", "status"]))["server"],
        "stopped"
    );
    let trial = json_of(&prorata(&data_dir, &["--json", "ledger", "trial-balance"]));
    assert_eq!(
        trial["accounts"],
        json!([]),
        "a command starts the server on demand"
    );
    assert_eq!(
        json_of(&prorata(&data_dir, &["--json", "store", "status"]))["server"],
        "running"
    );
    assert_eq!(
        json_of(&prorata(&data_dir, &["--json", "store", "start"]))["outcome"],
        "already_running"
    );
}

fn leg(code: &str, side: Side, amount: &str) -> Leg {
    Leg {
        account: AccountCode::parse(code).expect("a code"),
        side,
        amount: Money::parse(amount, Currency::USD).expect("an amount"),
    }
}

/// Books the seed example's investor credit and a withdrawal hold through the store's API.
async fn book_example(data_dir: &Path) {
    let (store, _) = Store::open(&StoreLocation::local(data_dir))
        .await
        .expect("the store opens");
    let at = Utc
        .with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
        .single()
        .expect("an instant");
    let main: i64 = sqlx::query_scalar("SELECT id FROM programs WHERE slug = 'main'")
        .fetch_one(store.pool())
        .await
        .expect("the first program");
    let mut tx = store.pool().begin().await.expect("a transaction");
    for (code, account_type, flag) in [
        ("deal:1:profit_receivable", AccountType::Asset, false),
        ("investor:1:payable", AccountType::Liability, true),
        ("bank:1", AccountType::Asset, false),
    ] {
        let account = NewAccount {
            program_id: main,
            code: AccountCode::parse(code).expect("a code"),
            account_type,
            currency: Currency::USD,
            normal_side: account_type.normal_side(),
            must_not_go_negative: flag,
        };
        open_account(&mut tx, &account, at).await.expect("opens");
    }
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("a date");
    let share = NewEntry {
        program_id: main,
        idempotency_key: "share-A".to_owned(),
        kind: "investor_share".to_owned(),
        phase: Phase::Posted,
        effective_date: day(20),
        actor: "officer".to_owned(),
        description: "A's share of day 4".to_owned(),
        legs: vec![
            leg("deal:1:profit_receivable", Side::Debit, "312.00"),
            leg("investor:1:payable", Side::Credit, "312.00"),
        ],
    };
    let hold = NewEntry {
        program_id: main,
        idempotency_key: "withdrawal-1".to_owned(),
        kind: "withdrawal_hold".to_owned(),
        phase: Phase::Pending,
        effective_date: day(22),
        actor: "officer".to_owned(),
        description: "withdrawal under review".to_owned(),
        legs: vec![
            leg("investor:1:payable", Side::Debit, "100.00"),
            leg("bank:1", Side::Credit, "100.00"),
        ],
    };
    post_entries(&mut tx, &[share, hold], at)
        .await
        .expect("books");
    tx.commit().await.expect("commits");
    store.close().await;
}

/// Changes a running balance behind the ledger's back, as only a superuser can (switching its
/// guard off first).
async fn tamper_with_a_balance(data_dir: &Path) {
    let (store, _) = Store::open(&StoreLocation::local(data_dir))
        .await
        .expect("the store opens");
    // The owner's session: the application's role may not touch a trigger.
    let owner = prorata_store::cluster::LocalCluster::at(data_dir)
        .expect("the cluster")
        .connect_options();
    let owner = sqlx::PgPool::connect_with(owner)
        .await
        .expect("the owner connects");
    let mut conn = owner.acquire().await.expect("a connection");
    for sql in [
        "ALTER TABLE ledger_balances DISABLE TRIGGER ledger_balances_guard",
        "UPDATE ledger_balances SET posted_debits_minor = posted_debits_minor + 1
         WHERE account_id = (SELECT id FROM ledger_accounts WHERE code = 'bank:1')",
        "ALTER TABLE ledger_balances ENABLE TRIGGER ledger_balances_guard",
    ] {
        sqlx::query(sql)
            .execute(&mut *conn)
            .await
            .expect("as superuser");
    }
    drop(conn);
    owner.close().await;
    store.close().await;
}

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[tokio::test(flavor = "multi_thread")]
async fn the_ledger_commands_report_balances_holds_and_history() {
    let (_dir, data_dir) = scratch();
    let _stop = StoppedOnDrop(data_dir.clone());
    json_of(&prorata(&data_dir, &["--json", "store", "init"]));
    book_example(&data_dir).await;

    let balance = json_of(&prorata(
        &data_dir,
        &["--json", "ledger", "balance", "investor:1:payable"],
    ));
    assert_eq!(
        balance,
        json!({"account": "investor:1:payable", "currency": "USD", "balance": "312.00", "pending": "100.00", "available": "212.00"}),
        "a hold reserves 100.00 of 312.00"
    );
    let before = json_of(&prorata(
        &data_dir,
        &[
            "--json",
            "ledger",
            "balance",
            "investor:1:payable",
            "--as-of",
            "2026-11-19",
        ],
    ));
    assert_eq!(
        before["balance"], "0.00",
        "nothing was credited before the 20th"
    );

    let trial = json_of(&prorata(&data_dir, &["--json", "ledger", "trial-balance"]));
    assert_eq!(trial["total_debits"], json!({"USD": "312.00"}));
    assert_eq!(trial["total_credits"], json!({"USD": "312.00"}));
    assert_eq!(
        trial["difference"],
        json!({"USD": "0.00"}),
        "a trial balance sums to zero"
    );

    let statement = json_of(&prorata(
        &data_dir,
        &["--json", "ledger", "statement", "investor:1:payable"],
    ));
    assert_eq!(statement["lines"][0]["credit"], "312.00");
    assert_eq!(statement["lines"][0]["balance"], "312.00");
    assert_eq!(
        statement["lines"].as_array().map(Vec::len),
        Some(1),
        "a hold is not a posted line"
    );

    let text = prorata(&data_dir, &["ledger", "statement", "investor:1:payable"]);
    let text = String::from_utf8(text.stdout).expect("text");
    assert!(
        text.contains("opening balance:")
            && text.contains("closing balance:")
            && text.contains("312.00"),
        "{text}"
    );

    let text = prorata(&data_dir, &["ledger", "trial-balance"]);
    let text = String::from_utf8(text.stdout).expect("text");
    assert!(
        text.contains("investor:1:payable") && text.contains("312.00"),
        "{text}"
    );

    let check = json_of(&prorata(&data_dir, &["--json", "ledger", "verify"]));
    assert_eq!(check, json!({"accounts": 3, "intact": true}));
    tamper_with_a_balance(&data_dir).await;
    let line = failure(&prorata(&data_dir, &["ledger", "verify"]), 4);
    assert_eq!(
        line,
        "error[conflict]: the ledger is inconsistent: the stored balances of bank:1 differ from their postings"
    );

    let line = failure(
        &prorata(&data_dir, &["ledger", "balance", "investor:9:payable"]),
        2,
    );
    assert_eq!(
        line,
        "error[validation]: no ledger account has the code investor:9:payable"
    );
    let line = failure(
        &prorata(
            &data_dir,
            &["ledger", "statement", "bank:1", "--from", "20-11-2026"],
        ),
        2,
    );
    assert_eq!(
        line,
        "error[validation]: from: \"20-11-2026\" is not a date (write YYYY-MM-DD)"
    );
}

#[test]
fn a_database_url_with_a_password_is_refused_without_repeating_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_prorata"))
        .args([
            "--database-url",
            "postgres://officer:hunter2@db.example.org/books",
            "store",
            "status",
        ])
        .output()
        .expect("prorata runs");
    let line = failure(&output, 2);
    assert!(line.contains("OS keyring"), "{line}");
    assert!(
        !line.contains("hunter2"),
        "the password must never be printed: {line}"
    );
}

#[test]
fn a_command_after_a_crash_recovers_the_server_and_says_so() {
    let (_dir, data_dir) = scratch();
    let _stop = StoppedOnDrop(data_dir.clone());
    json_of(&prorata(&data_dir, &["--json", "store", "init"]));
    let pid = json_of(&prorata(&data_dir, &["--json", "store", "status"]))["server_pid"]
        .as_i64()
        .expect("a running server has a pid");
    let pid = nix::unistd::Pid::from_raw(i32::try_from(pid).expect("a pid"));
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL).expect("the server is killed");
    // Bounded: ten seconds for the killed server to be gone.
    let gone = (0..500).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(20));
        nix::sys::signal::kill(pid, None).is_err()
    });
    assert!(gone, "the killed server is still there after 10 s");

    let output = prorata(&data_dir, &["--json", "ledger", "trial-balance"]);
    assert_eq!(
        json_of(&output)["accounts"],
        json!([]),
        "the command still works"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("note: the store's server had stopped without shutting down"),
        "the user is told about the recovery: {stderr:?}"
    );
}

#[test]
fn users_programs_and_the_audit_chain_from_the_command_line() {
    let (_dir, data_dir) = scratch();
    let _stop = StoppedOnDrop(data_dir.clone());
    json_of(&prorata(&data_dir, &["--json", "store", "init"]));

    let add = command(&data_dir)
        .args([
            "--json",
            "--user",
            "admin",
            "--idempotency-key",
            "form-7",
            "user",
            "add",
            "olive",
            "--role",
            "officer",
        ])
        .env("PRORATA_NEW_USER_PASSWORD", "olive's passphrase")
        .output()
        .expect("prorata runs");
    let id = json_of(&add)["id"]
        .as_i64()
        .expect("{\"id\": ...} of the new user");
    let users = json_of(&prorata(&data_dir, &["--json", "user", "list"]));
    assert_eq!(
        users["items"][1],
        json!({
            "id": id, "name": "olive", "email": null, "status": "active", "roles": ["officer"],
            "second_factor": "not_set_up"
        })
    );

    // `--role ROLE...`: several roles after one flag, as the command-line contract writes it.
    let add = command(&data_dir)
        .args([
            "--json", "--user", "admin", "user", "add", "carol", "--role", "approver", "auditor",
        ])
        .env("PRORATA_NEW_USER_PASSWORD", "carol's passphrase")
        .output()
        .expect("prorata runs");
    json_of(&add);
    let users = json_of(&prorata(&data_dir, &["--json", "user", "list"]));
    assert_eq!(users["items"][0]["name"], "admin");
    assert_eq!(
        users["items"][1]["roles"],
        json!(["approver", "auditor"]),
        "carol got both roles"
    );

    let line = failure(&prorata(&data_dir, &["user", "grant", "olive", "root"]), 2);
    assert_eq!(
        line,
        "error[validation]: \"root\" is not a role (admin, officer, approver or auditor)"
    );
    let wrong = command(&data_dir)
        .args(["--user", "olive", "user", "list"])
        .env("PRORATA_PASSWORD", "not olive's passphrase")
        .output()
        .expect("prorata runs");
    assert_eq!(
        failure(&wrong, 3),
        "error[permission_denied]: sign-in failed: unknown user or wrong password"
    );

    let verified = json_of(&prorata(&data_dir, &["--json", "audit", "verify"]));
    assert_eq!(verified["intact"], true);
    let log = json_of(&prorata(
        &data_dir,
        &["--json", "audit", "log", "--actor", "olive"],
    ));
    assert_eq!(
        log["items"][0]["action"], "sign_in.failed",
        "the failed sign-in is on the record"
    );
}

#[test]
fn without_an_os_keyring_the_passphrase_is_asked_each_time_and_the_user_is_told() {
    let (_dir, data_dir) = scratch();
    let _stop = StoppedOnDrop(data_dir.clone());
    json_of(&prorata(&data_dir, &["--json", "store", "init"]));
    // No D-Bus session: no Secret Service, so no keyring to cache the data key in.
    let add = command(&data_dir)
        .args([
            "--json",
            "--user",
            "admin",
            "user",
            "add",
            "olive",
            "--role",
            "officer",
            "--email",
            "olive@example.org",
        ])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", "/nonexistent")
        .env("PRORATA_NEW_USER_PASSWORD", "olive's passphrase")
        .output()
        .expect("prorata runs");
    json_of(&add);
    let stderr = String::from_utf8_lossy(&add.stderr);
    assert!(
        stderr.starts_with("note: no OS keyring is available here"),
        "the user is told: {stderr:?}"
    );
    let users = json_of(&prorata(&data_dir, &["--json", "user", "list"]));
    assert_eq!(
        users["items"][1]["email"], "o•••@example.org",
        "opened with the passphrase, shown masked"
    );
}
