//! `prorata store backup | restore` on real local stores: a backup shows nothing in clear,
//! and restored into a new data folder it gives back the same trial balance, audit chain and
//! sealed fields; a wrong passphrase or a used folder changes nothing.

#[allow(dead_code)]
mod common;

use std::path::Path;

use common::{StoppedOnDrop, as_user, failure, init_without_second_factor, json_of, scratch};
use serde_json::Value;
use sha2::{Digest, Sha256};

const EMAIL: &str = "olive.quetzal@example.org";
const INVESTOR: &str = "Amalthea Quetzalcoatl";
const PARTNER: &str = "Zanzibar Phone Traders";

/// A store with a sealed e-mail, a partner, an investor, and a posted distribution.
fn booked_store(store: &Path) {
    let admin = |args: &[&str]| as_user(store, "admin", args);
    let olga = |args: &[&str]| as_user(store, "olga", args);
    let abe = |args: &[&str]| as_user(store, "abe", args);
    init_without_second_factor(&admin);
    json_of(&admin(&[
        "--json", "user", "add", "olga", "--role", "officer", "--email", EMAIL,
    ]));
    json_of(&admin(&[
        "--json", "user", "add", "abe", "--role", "approver",
    ]));
    json_of(&olga(&["--json", "partner", "add", PARTNER]));
    json_of(&olga(&[
        "--json",
        "deal",
        "create",
        "--name",
        "Phones",
        "--currency",
        "USD",
        "--partner",
        PARTNER,
        "--partner-rate",
        "0.20",
        "--platform-rate",
        "0.02",
    ]));
    json_of(&olga(&["--json", "investor", "add", INVESTOR]));
    json_of(&olga(&[
        "--json",
        "invest",
        "--deal",
        "Phones",
        "--investor",
        INVESTOR,
        "--amount",
        "10000",
        "--date",
        "2026-11-02",
    ]));
    let record = json_of(&olga(&[
        "--json",
        "performance",
        "record",
        "--deal",
        "Phones",
        "--date",
        "2026-11-24",
        "--value",
        "12000",
    ]));
    let record = record["id"].as_i64().expect("an id").to_string();
    json_of(&abe(&["--json", "performance", "verify", &record]));
    let prepared = json_of(&olga(&[
        "--json",
        "distribution",
        "prepare",
        "--deal",
        "Phones",
        "--date",
        "2026-11-24",
    ]));
    let distribution = prepared["id"].as_i64().expect("an id").to_string();
    json_of(&abe(&["--json", "distribution", "approve", &distribution]));
    json_of(&abe(&["--json", "distribution", "post", &distribution]));
}

fn audit_of(store: &Path) -> Vec<Value> {
    json_of(&as_user(store, "admin", &["--json", "audit", "log"]))["items"]
        .as_array()
        .expect("records")
        .clone()
}

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[test]
fn a_backup_restored_into_a_new_folder_gives_back_the_same_book_chain_and_sealed_fields() {
    let (dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    booked_store(&store);
    let trial_balance = json_of(&as_user(
        &store,
        "admin",
        &["--json", "ledger", "trial-balance"],
    ));
    let chain_before = audit_of(&store);
    let file = dir.path().join("prorata.backup");
    let file_arg = file.to_str().expect("a path");

    let refused = failure(
        &as_user(&store, "olga", &["store", "backup", "--out", file_arg]),
        3,
    );
    assert!(refused.contains("needs the admin role"), "{refused}");
    assert!(!file.exists(), "a refused backup writes nothing");
    let made = json_of(&as_user(
        &store,
        "admin",
        &["--json", "store", "backup", "--out", file_arg],
    ));
    let bytes = std::fs::read(&file).expect("the backup");
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        made["sha256"],
        sha256.as_str(),
        "the SHA-256 shown is the file's"
    );
    assert_eq!(made["bytes"], bytes.len());
    // Names, the sealed e-mail, and amounts as the dump writes them (minor units).
    for secret in [
        EMAIL, INVESTOR, PARTNER, "olga", "Phones", "1200000", "156000",
    ] {
        let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(!found, "{secret} is in the backup in clear");
    }
    let again = failure(
        &as_user(&store, "admin", &["store", "backup", "--out", file_arg]),
        2,
    );
    assert!(
        again.contains("already exists"),
        "a backup never overwrites: {again}"
    );
    let logged = audit_of(&store);
    let record = logged
        .iter()
        .find(|r| r["action"] == "store.backup")
        .expect("the backup is on the audit log");
    assert_eq!(record["after"]["sha256"], sha256.as_str());

    // A wrong passphrase, or a folder in use, is refused and leaves nothing behind.
    let (_other, restored) = scratch();
    let wrong = std::process::Command::new(env!("CARGO_BIN_EXE_prorata"))
        .arg("--data-dir")
        .arg(&restored)
        .args(["store", "restore", file_arg])
        .env_remove("DATABASE_URL")
        .env("PRORATA_PASSPHRASE", "not the organisation passphrase")
        .output()
        .expect("runs");
    let wrong = failure(&wrong, 3);
    assert!(wrong.contains("passphrase is wrong"), "{wrong}");
    assert!(!restored.exists(), "nothing was made");
    let used = failure(
        &as_user(&store, "admin", &["store", "restore", file_arg]),
        2,
    );
    assert!(used.contains("already holds files"), "{used}");

    let _stop_restored = StoppedOnDrop(restored.clone());
    let done = json_of(&as_user(
        &restored,
        "admin",
        &["--json", "store", "restore", file_arg],
    ));
    assert_eq!(done["backup_sha256"], sha256.as_str());

    let restored_balance = json_of(&as_user(
        &restored,
        "admin",
        &["--json", "ledger", "trial-balance"],
    ));
    assert_eq!(restored_balance, trial_balance, "the same trial balance");
    let verified = json_of(&as_user(&restored, "admin", &["--json", "audit", "verify"]));
    assert_eq!(verified["intact"], true);
    let chain_after = audit_of(&restored);
    for record in &chain_before {
        let same = chain_after
            .iter()
            .find(|r| r["id"] == record["id"])
            .unwrap_or_else(|| panic!("record {} is restored", record["id"]));
        assert_eq!(
            same["hash"], record["hash"],
            "record {} unchanged",
            record["id"]
        );
    }
    assert!(
        chain_after.iter().any(|r| r["action"] == "store.restored"),
        "the restore is on the restored store's record"
    );
    let revealed = json_of(&as_user(
        &restored,
        "admin",
        &[
            "--json",
            "user",
            "reveal",
            "olga",
            "--reason",
            "checking the restore",
        ],
    ));
    assert_eq!(
        revealed["email"], EMAIL,
        "sealed fields open with the same data key"
    );
}
