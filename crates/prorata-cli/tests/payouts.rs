//! Paying people from the command line, as DESIGN §10 names the commands, on a real local
//! store: bank accounts, withdrawal requests and their decisions, a payout batch under two
//! people, its files, confirmations, the JSON shapes and exit statuses; and `batch execute`
//! killed with SIGKILL at points across its run, which leaves all of its files recorded or
//! none, and a rerun that completes.

#[allow(dead_code)]
mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{
    PASSPHRASE, StoppedOnDrop, User, as_user, code_next, code_now, failure, id_of,
    init_without_second_factor, json_of, phones_deal, post_distribution, scratch, with_code,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A store where investors A, B and C are owed 312.00, 624.00 and 624.00 USD, and the
/// organisation has a USD bank account `Operating`.
fn owed(admin: &User<'_>, olga: &User<'_>, abe: &User<'_>) {
    init_without_second_factor(&admin);
    json_of(&admin(&[
        "--json", "user", "add", "olga", "--role", "officer", "approver",
    ]));
    json_of(&admin(&[
        "--json", "user", "add", "abe", "--role", "approver",
    ]));
    phones_deal(olga, &[("A", "2000"), ("B", "4000"), ("C", "4000")]);
    post_distribution(olga, abe, "Phones", "2026-11-24", "12000");
    json_of(&admin(&[
        "--json",
        "bank",
        "add",
        "Operating",
        "--currency",
        "USD",
        "--account-number",
        "000123454321",
        "--bic",
        "CHASUS33",
        "--bank-name",
        "Chase",
    ]));
}

fn request(olga: &User<'_>, investor: &str, amount: &str, account: &str) -> String {
    id_of(&olga(&[
        "--json",
        "withdrawal",
        "request",
        "--investor",
        investor,
        "--amount",
        amount,
        "--bank-name",
        "First Bank",
        "--account-number",
        account,
        "--account-name",
        "Amal Okafor",
    ]))
}

/// `user mfa enrol` and `user mfa confirm` with the first code, as someone with an
/// authenticator app does; the secret.
fn set_up_authenticator(store: &Path, user: &str) -> String {
    let enrolment = json_of(&as_user(
        store,
        user,
        &["--json", "user", "mfa", "enrol", user],
    ));
    let uri = enrolment["otpauth_uri"].as_str().expect("a URI");
    assert!(
        uri.starts_with(&format!("otpauth://totp/Prorata:{user}?")),
        "{uri}"
    );
    let secret = enrolment["secret"].as_str().expect("the secret").to_owned();
    let confirm = ["--json", "user", "mfa", "confirm"];
    let view = json_of(&with_code(store, user, &code_now(&secret), &confirm));
    assert_eq!(view["state"], "set_up");
    secret
}

fn hex_sha256(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("the file");
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[test]
fn withdrawals_and_a_batch_from_request_to_paid_with_two_people() {
    let (dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    let abe = |args: &[&str]| as_user(&store, "abe", args);
    owed(&admin, &olga, &abe);
    let banks = json_of(&admin(&["--json", "bank", "list"]));
    assert_eq!(banks["items"][0]["account_number"], "•••• 4321", "masked");

    let over = failure(
        &olga(&[
            "withdrawal",
            "request",
            "--investor",
            "A",
            "--amount",
            "312.01",
            "--bank-name",
            "First Bank",
            "--account-number",
            "3012345678",
            "--account-name",
            "A",
        ]),
        4,
    );
    assert!(
        over.starts_with("error[conflict]: amount: 312.01 is more than"),
        "{over}"
    );
    let malformed = failure(
        &olga(&[
            "withdrawal",
            "request",
            "--investor",
            "A",
            "--amount",
            "1,00.0",
            "--bank-name",
            "First Bank",
            "--account-number",
            "3012345678",
            "--account-name",
            "A",
        ]),
        2,
    );
    assert!(
        malformed.starts_with("error[validation]: amount"),
        "{malformed}"
    );
    let a = request(&olga, "A", "100.00", "3012345678");
    let b = request(&olga, "B", "200.00", "3099998888");
    let shown = json_of(&abe(&["--json", "withdrawal", "show", &a]));
    for field in [
        "id",
        "status",
        "payee",
        "currency",
        "amount",
        "bank_account",
        "allocation_id",
    ] {
        assert!(
            shown.get(field).is_some(),
            "withdrawal show carries {field}: {shown}"
        );
    }
    assert_eq!(shown["status"], "pending");
    assert_eq!(shown["bank_account"], "•••• 5678");
    assert_eq!(shown["payee_available"], "212.00");
    let own = failure(&olga(&["withdrawal", "approve", &a]), 3);
    assert!(own.starts_with("error[permission_denied]"), "{own}");
    json_of(&abe(&["--json", "withdrawal", "approve", &a]));
    json_of(&abe(&["--json", "withdrawal", "approve", &b]));
    let unknown = failure(&abe(&["withdrawal", "approve", "999"]), 2);
    assert!(unknown.contains("999"), "{unknown}");

    let batch = id_of(&olga(&["--json", "batch", "create", "--bank", "Operating"]));
    json_of(&olga(&["--json", "batch", "add", &batch, &a, &b]));
    json_of(&olga(&["--json", "batch", "submit", &batch]));
    let own = failure(&olga(&["batch", "approve", &batch]), 3);
    assert!(own.contains(&format!("payout batch {batch}")), "{own}");
    // Money leaves on fresh codes: the rule on, abe and olga set up authenticators.
    json_of(&admin(&[
        "--json",
        "program",
        "set",
        "--second-factor",
        "required",
    ]));
    let unset = failure(&abe(&["batch", "approve", &batch]), 3);
    assert!(unset.contains("no authenticator set up"), "{unset}");
    let abe_secret = set_up_authenticator(&store, "abe");
    let olga_secret = set_up_authenticator(&store, "olga");
    let wrong = failure(
        &with_code(&store, "abe", "00000x", &["batch", "approve", &batch]),
        2,
    );
    assert!(wrong.contains("6 digits"), "{wrong}");
    let code = code_next(&abe_secret);
    json_of(&with_code(
        &store,
        "abe",
        &code,
        &["--json", "batch", "approve", &batch],
    ));
    let out = dir.path().join("files");
    std::fs::create_dir(&out).expect("a folder");
    let out_text = out.to_str().expect("a path");
    let execute = ["--json", "batch", "execute", &batch, "--out", out_text];
    let replayed = failure(&with_code(&store, "abe", &code, &execute), 3);
    assert!(replayed.contains("used already"), "{replayed}");
    let executed = json_of(&with_code(
        &store,
        "olga",
        &code_next(&olga_secret),
        &execute,
    ));
    assert_eq!(executed["written"], true);
    let again = json_of(&abe(&[
        "--json", "batch", "execute", &batch, "--out", out_text,
    ]));
    assert_eq!(again["written"], false, "money leaves once");
    assert_eq!(again["files"], executed["files"]);
    let shown = json_of(&abe(&["--json", "batch", "show", &batch]));
    for field in [
        "id", "status", "currency", "bank_id", "total", "items", "files",
    ] {
        assert!(shown.get(field).is_some(), "batch show carries {field}");
    }
    assert_eq!(shown["total"], "300.00");
    assert_eq!(
        shown["bank_account"], "•••• 4321",
        "the debtor account, masked"
    );
    let text = abe(&["batch", "show", &batch]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("from Operating •••• 4321  built by olga"),
        "{text}"
    );
    for file in shown["files"].as_array().expect("files") {
        let name = file["name"].as_str().expect("a name");
        assert_eq!(
            file["sha256"].as_str(),
            Some(hex_sha256(&out.join(name)).as_str())
        );
    }
    let items: Vec<String> = shown["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].to_string())
        .collect();
    json_of(&abe(&[
        "--json",
        "batch",
        "confirm",
        &items[0],
        "--paid",
        "--reference",
        "FT001",
    ]));
    json_of(&abe(&[
        "--json",
        "batch",
        "confirm",
        &items[1],
        "--failed",
        "--reason",
        "account closed",
    ]));
    let twice = failure(
        &abe(&[
            "batch", "confirm", &items[0], "--failed", "--reason", "late",
        ]),
        4,
    );
    assert!(
        twice.contains("only an item sent to the bank is confirmed"),
        "{twice}"
    );
    let a_after = json_of(&abe(&["--json", "withdrawal", "show", &a]));
    assert_eq!(a_after["status"], "paid");
    assert_eq!(a_after["payee_balance"], "212.00");
    let b_after = json_of(&abe(&["--json", "withdrawal", "show", &b]));
    assert_eq!(b_after["status"], "failed");
    assert_eq!(b_after["payee_available"], "624.00", "available again");
    json_of(&admin(&["--json", "ledger", "verify"]));
}

/// `batch execute` as abe, killed with SIGKILL after `after`; whether it finished first.
fn execute_killed_after(store: &Path, batch: &str, out: &Path, after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prorata"))
        .arg("--data-dir")
        .arg(store)
        .args([
            "--user", "abe", "--json", "batch", "execute", batch, "--out",
        ])
        .arg(out)
        .env_remove("DATABASE_URL")
        .env("PRORATA_PASSWORD", "abe's passphrase")
        .env("PRORATA_PASSPHRASE", PASSPHRASE)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prorata runs");
    let started = Instant::now();
    let mut finished = false;
    // Bounded by `after`: polled every 5 ms until it ends or its time is up.
    while started.elapsed() < after {
        if child.try_wait().expect("its status").is_some() {
            finished = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("a pid"));
    if !finished {
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
    }
    let _ = child.wait();
    finished
}

/// Every file the batch recorded is on disk with the recorded hash, and its items are all
/// sent if it recorded files and all queued if not.
fn all_or_nothing(batch: &Value, out: &Path) -> bool {
    let files = batch["files"].as_array().expect("files");
    let statuses: Vec<&str> = batch["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["status"].as_str().expect("a status"))
        .collect();
    match files.len() {
        0 => {
            assert_eq!(batch["status"], "approved", "{batch}");
            assert!(statuses.iter().all(|s| *s == "queued"), "{statuses:?}");
            false
        }
        2 => {
            assert_eq!(batch["status"], "executed", "{batch}");
            assert!(statuses.iter().all(|s| *s == "sent"), "{statuses:?}");
            for file in files {
                let name = file["name"].as_str().expect("a name");
                let on_disk = hex_sha256(&out.join(name));
                assert_eq!(file["sha256"].as_str(), Some(on_disk.as_str()), "{name}");
            }
            true
        }
        n => panic!("{n} files recorded: all or none, never some"),
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[test]
fn execute_killed_at_any_point_records_all_files_or_none_and_a_rerun_completes() {
    let (dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    let abe = |args: &[&str]| as_user(&store, "abe", args);
    owed(&admin, &olga, &abe);
    // Eight batches of three withdrawals each, approved and ready to execute.
    let mut batches = Vec::new();
    for n in 0..8 {
        let ids: Vec<String> = (0..3)
            .map(|k| {
                request(
                    &olga,
                    ["B", "C"][k % 2],
                    "10.00",
                    &format!("30{n}{k}000000"),
                )
            })
            .collect();
        for id in &ids {
            json_of(&abe(&["--json", "withdrawal", "approve", id]));
        }
        let batch = id_of(&olga(&["--json", "batch", "create", "--bank", "Operating"]));
        let mut add = vec!["--json", "batch", "add", batch.as_str()];
        add.extend(ids.iter().map(String::as_str));
        json_of(&olga(&add));
        json_of(&olga(&["--json", "batch", "submit", &batch]));
        json_of(&abe(&["--json", "batch", "approve", &batch]));
        batches.push(batch);
    }
    // How long one whole run takes here, start-up and sign-in included.
    let out = dir.path().join("files-0");
    std::fs::create_dir(&out).expect("a folder");
    let started = Instant::now();
    assert!(execute_killed_after(
        &store,
        &batches[0],
        &out,
        Duration::from_secs(60)
    ));
    let whole = started.elapsed();
    assert!(all_or_nothing(
        &json_of(&abe(&["--json", "batch", "show", &batches[0]])),
        &out
    ));

    // The others killed at points spread across such a run.
    let mut outcomes = Vec::new();
    for (n, batch) in batches.iter().enumerate().skip(1) {
        let out = dir.path().join(format!("files-{n}"));
        std::fs::create_dir(&out).expect("a folder");
        let after = whole.mul_f64(f64::from(u32::try_from(n).expect("small")) / 8.0);
        execute_killed_after(&store, batch, &out, after);
        let recorded = all_or_nothing(&json_of(&abe(&["--json", "batch", "show", batch])), &out);
        outcomes.push(recorded);
        let rerun = json_of(&abe(&[
            "--json",
            "batch",
            "execute",
            batch,
            "--out",
            out.to_str().expect("a path"),
        ]));
        assert_eq!(
            rerun["written"], !recorded,
            "a rerun writes only what was not recorded"
        );
        assert!(all_or_nothing(
            &json_of(&abe(&["--json", "batch", "show", batch])),
            &out
        ));
    }
    assert!(
        outcomes.iter().any(|recorded| !recorded),
        "at least one kill landed before the files were recorded: {outcomes:?}"
    );
    json_of(&admin(&["--json", "ledger", "verify"]));
}
