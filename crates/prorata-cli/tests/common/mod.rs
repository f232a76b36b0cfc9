//! What the command-line tests share: a scratch data folder, the store stopped at the end,
//! and reading a command's JSON or its one-line error.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

/// The first admin's password: `store init` creates `admin` with it.
pub const ADMIN_PASSWORD: &str = "admin passphrase long";
/// The organisation passphrase `store init` wraps the data key under.
pub const PASSPHRASE: &str = "the organisation's passphrase";

/// The command's JSON on stdout; fails the test with its stderr when it failed.
pub fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "prorata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// The command's one error line, after checking its exit status and that stdout is empty.
pub fn failure(output: &Output, status: i32) -> String {
    assert_eq!(
        output.status.code(),
        Some(status),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty(), "nothing on stdout on an error");
    String::from_utf8_lossy(&output.stderr)
        .trim_end()
        .to_owned()
}

/// A data folder inside a temporary folder the `postgres` user can enter.
pub fn scratch() -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("prorata-cli-test")
        .tempdir()
        .expect("a temporary folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("opens it");
    let data_dir = dir.path().join("store");
    (dir, data_dir)
}

/// Stops the store's server when the test ends, however it ends.
pub struct StoppedOnDrop(pub PathBuf);

impl Drop for StoppedOnDrop {
    fn drop(&mut self) {
        let _ = Command::new(env!("CARGO_BIN_EXE_prorata"))
            .arg("--data-dir")
            .arg(&self.0)
            .args(["store", "stop"])
            .env_remove("DATABASE_URL")
            .output();
    }
}

/// `prorata` on the store in `data_dir`, signed in as `user` (whose password is
/// `{user}'s passphrase`, or the admin's).
pub fn as_user(data_dir: &Path, user: &str, args: &[&str]) -> Output {
    command_as(data_dir, user, args)
        .output()
        .expect("prorata runs")
}

/// `prorata` as `user`, with `code` from their authenticator in `PRORATA_TOTP`.
pub fn with_code(data_dir: &Path, user: &str, code: &str, args: &[&str]) -> Output {
    command_as(data_dir, user, args)
        .env("PRORATA_TOTP", code)
        .output()
        .expect("prorata runs")
}

/// What an authenticator app shows now for the base32 `secret` that `user mfa enrol` gave.
pub fn code_now(secret: &str) -> String {
    code_in(secret, 0)
}

/// What it shows in the next 30-second step: accepted now (a phone's clock may run ahead),
/// and fresh however soon after the last code it is given.
pub fn code_next(secret: &str) -> String {
    code_in(secret, 30)
}

fn code_in(secret: &str, seconds: u64) -> String {
    use prorata_domain::control::second_factor::{code_at, secret_from_text};
    let secret = secret_from_text(secret).expect("a secret");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    code_at(&secret, now.as_secs() + seconds).expect("a code")
}

/// `store init`, then the rule that money leaving needs a fresh code turned off: the tests
/// that are not about it would otherwise need codes for every approval.
pub fn init_without_second_factor(admin: &User<'_>) {
    json_of(&admin(&["--json", "store", "init"]));
    json_of(&admin(&[
        "--json",
        "program",
        "set",
        "--second-factor",
        "optional",
    ]));
}

/// `init_without_second_factor`, then "olga" added as an officer: where most scenarios start.
pub fn init_with_officer(admin: &User<'_>) {
    init_without_second_factor(admin);
    json_of(&admin(&[
        "--json", "user", "add", "olga", "--role", "officer",
    ]));
}

fn command_as(data_dir: &Path, user: &str, args: &[&str]) -> Command {
    let password = if user == "admin" {
        ADMIN_PASSWORD.to_owned()
    } else {
        format!("{user}'s passphrase")
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_prorata"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--user", user])
        .args(args)
        .env_remove("DATABASE_URL")
        .env("PRORATA_PASSWORD", password)
        .env("PRORATA_PASSPHRASE", PASSPHRASE)
        // `user add NAME` gives the new user the password `{NAME}'s passphrase`.
        .env(
            "PRORATA_NEW_USER_PASSWORD",
            format!("{}'s passphrase", args.get(3).copied().unwrap_or("")),
        )
        .env_remove("PRORATA_TOTP");
    command
}

pub fn id_of(output: &Output) -> String {
    json_of(output)["id"]
        .as_i64()
        .expect("{\"id\": ...}")
        .to_string()
}

/// A user of the command line: runs `prorata` with these arguments as them.
pub type User<'a> = dyn Fn(&[&str]) -> Output + 'a;

/// The officer's deal Phones: partner Mobile Traders, USD, rates 20% and 2%, and these
/// investors (name, capital) each investing on 2026-11-02.
pub fn phones_deal(olga: &User<'_>, investors: &[(&str, &str)]) {
    json_of(&olga(&["--json", "partner", "add", "Mobile Traders"]));
    json_of(&olga(&[
        "--json",
        "deal",
        "create",
        "--name",
        "Phones",
        "--currency",
        "USD",
        "--partner",
        "Mobile Traders",
        "--partner-rate",
        "0.20",
        "--platform-rate",
        "0.02",
    ]));
    for (name, amount) in investors {
        json_of(&olga(&["--json", "investor", "add", name]));
        json_of(&olga(&[
            "--json",
            "invest",
            "--deal",
            "Phones",
            "--investor",
            name,
            "--amount",
            amount,
            "--date",
            "2026-11-02",
        ]));
    }
}

/// The officer records a value for the deal on the date, the approver verifies it, the
/// officer prepares the distribution and the approver approves and posts it.
pub fn post_distribution(olga: &User<'_>, abe: &User<'_>, deal: &str, date: &str, value: &str) {
    let record = id_of(&olga(&[
        "--json",
        "performance",
        "record",
        "--deal",
        deal,
        "--date",
        date,
        "--value",
        value,
    ]));
    json_of(&abe(&["--json", "performance", "verify", &record]));
    let distribution = id_of(&olga(&[
        "--json",
        "distribution",
        "prepare",
        "--deal",
        deal,
        "--date",
        date,
    ]));
    json_of(&abe(&["--json", "distribution", "approve", &distribution]));
    json_of(&abe(&["--json", "distribution", "post", &distribution]));
}
