//! Statements from the command line, as DESIGN §10 names the commands, on a real local store:
//! one investor's statement, a month's run, a notice, verify with one byte changed, the JSON
//! shapes and exit statuses.

#[allow(dead_code)]
mod common;

use common::{
    StoppedOnDrop, as_user, failure, init_with_officer, json_of, phones_deal, post_distribution,
    scratch,
};

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the users' steps, kept whole"
)]
fn statements_are_issued_once_verified_and_refused_when_a_byte_changes() {
    let (dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    let abe = |args: &[&str]| as_user(&store, "abe", args);
    init_with_officer(&admin);
    json_of(&admin(&[
        "--json", "user", "add", "abe", "--role", "approver",
    ]));
    phones_deal(
        &olga,
        &[("Amal", "2000"), ("Bola", "4000"), ("Chidi", "4000")],
    );
    post_distribution(&olga, &abe, "Phones", "2026-11-24", "12000");

    let out = dir.path().join("amal.pdf");
    let out_text = out.to_string_lossy().into_owned();
    let one = [
        "--json",
        "statement",
        "generate",
        "--investor",
        "Amal",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--out",
        &out_text,
    ];
    let issued = json_of(&olga(&one));
    assert_eq!(issued["issued_now"], true);
    let document = &issued["document"];
    let id = document["document_id"].as_str().expect("an id").to_owned();
    assert!(
        id.starts_with("STMT-") && id.ends_with("-USD-20261101-20261130"),
        "{id}"
    );
    assert_eq!(document["kind"], "investor_statement");
    assert_eq!(document["status"], "issued");
    assert_eq!(document["period_from"], "2026-11-01");
    let again = json_of(&olga(&one));
    assert_eq!(again["issued_now"], false, "issued once");
    assert_eq!(again["document"]["sha256"], document["sha256"]);

    let verified = json_of(&abe(&["--json", "statement", "verify", &out_text]));
    assert_eq!(verified["document_id"], id.as_str());
    let mut bytes = std::fs::read(&out).expect("the statement");
    let last = bytes.len() - 20;
    bytes[last] ^= 0x20;
    let changed = dir.path().join("changed.pdf");
    std::fs::write(&changed, &bytes).expect("written");
    let refused = failure(
        &abe(&["--json", "statement", "verify", &changed.to_string_lossy()]),
        2,
    );
    assert!(refused.starts_with("error[validation]: file:"), "{refused}");

    let month = dir.path().join("2026-11");
    std::fs::create_dir(&month).expect("a folder");
    let run = json_of(&olga(&[
        "--json",
        "statement",
        "generate",
        "--period",
        "2026-11",
        "--all",
        "--out",
        &month.to_string_lossy(),
    ]));
    assert_eq!(
        run["issued"].as_array().map(Vec::len),
        Some(2),
        "Bola and Chidi: {run}"
    );
    assert_eq!(run["reissued"][0], id.as_str(), "Amal's was issued before");
    assert_eq!(std::fs::read_dir(&month).expect("listed").count(), 3);

    let distributions = json_of(&olga(&["--json", "distribution", "list"]));
    let distribution = distributions["items"][0]["id"].to_string();
    let notice = dir.path().join("notice.pdf");
    let noticed = json_of(&olga(&[
        "--json",
        "statement",
        "notice",
        &distribution,
        "--investor",
        "Amal",
        "--out",
        &notice.to_string_lossy(),
    ]));
    assert_eq!(noticed["document"]["kind"], "distribution_notice");
    let listed = json_of(&abe(&["--json", "statement", "list"]));
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(4));

    let approver = failure(&abe(&one), 3);
    assert!(
        approver.starts_with("error[permission_denied]"),
        "{approver}"
    );
    let running = failure(
        &olga(&[
            "--json",
            "statement",
            "generate",
            "--period",
            "2999-01",
            "--all",
            "--out",
            &month.to_string_lossy(),
        ]),
        2,
    );
    assert!(running.contains("the period must have ended"), "{running}");
    let usage = failure(
        &olga(&[
            "statement",
            "generate",
            "--investor",
            "Amal",
            "--out",
            "x.pdf",
        ]),
        2,
    );
    assert!(usage.contains("--from"), "{usage}");

    let csv = dir.path().join("ledger.csv");
    let exported = json_of(&abe(&[
        "--json",
        "export",
        "ledger",
        "--out",
        &csv.to_string_lossy(),
    ]));
    assert_eq!(exported["kind"], "ledger");
    let text = std::fs::read_to_string(&csv).expect("the export");
    assert_eq!(
        text.lines().count() - 1,
        usize::try_from(exported["rows"].as_i64().expect("rows")).expect("a count")
    );
    let unknown = failure(&abe(&["export", "commissions", "--out", "r.csv"]), 2);
    assert!(unknown.starts_with("error[validation]: kind:"), "{unknown}");

    let mail = [
        "--json",
        "statement",
        "mail",
        "set",
        "--host",
        "127.0.0.1",
        "--port",
        "2525",
        "--security",
        "none",
        "--from",
        "statements@example.org",
    ];
    let not_admin = failure(&olga(&mail), 3);
    assert!(
        not_admin.starts_with("error[permission_denied]"),
        "{not_admin}"
    );
    let set = json_of(&admin(&mail));
    assert_eq!(set["security"], "none");
    let shown = json_of(&abe(&["--json", "statement", "mail", "show"]));
    assert_eq!(shown["port"], 2525);
    assert!(shown.get("password").is_none(), "never a password");
}
