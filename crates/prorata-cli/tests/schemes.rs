//! Commission schemes from the command line, as DESIGN §10 names the commands: a root and
//! two levels below it, the chain with what each sets and resolves, a refusal naming the
//! scheme, service and role, and the JSON shapes and exit statuses.

#[allow(dead_code)]
mod common;

use common::{StoppedOnDrop, as_user, failure, id_of, init_with_officer, json_of, scratch};

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the admin's and the officer's steps, kept whole"
)]
fn an_admin_and_an_officer_build_a_scheme_tree_read_its_chain_and_add_members_below_it() {
    let (_dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    init_with_officer(&admin);
    id_of(&admin(&["--json", "scheme", "add", "root"]));
    let refused = failure(&olga(&["scheme", "add", "mine"]), 3);
    assert!(
        refused.contains("error[permission_denied]: parent: the root scheme"),
        "{refused}"
    );
    id_of(&admin(&[
        "--json",
        "scheme",
        "set",
        "root",
        "--service",
        "recharge",
        "--rate",
        "admin=0.05",
        "white_label=0.04",
        "master_distributor=0.03",
        "distributor=0.02",
        "retailer=0.015",
    ]));
    id_of(&olga(&[
        "--json", "scheme", "add", "wl", "--parent", "root",
    ]));
    id_of(&olga(&[
        "--json",
        "scheme",
        "set",
        "wl",
        "--service",
        "recharge",
        "--rate",
        "retailer=0.012",
    ]));
    let above = failure(
        &olga(&[
            "scheme",
            "set",
            "wl",
            "--service",
            "recharge",
            "--rate",
            "retailer=0.02",
        ]),
        2,
    );
    assert_eq!(
        above.trim(),
        "error[validation]: rate: scheme wl, service recharge: the retailer rate 0.02 is above its parent's 0.015"
    );
    let chain = json_of(&olga(&[
        "--json",
        "scheme",
        "chain",
        "wl",
        "--service",
        "recharge",
    ]));
    assert_eq!(chain["service"], "recharge");
    assert_eq!(chain["levels"][0]["name"], "wl");
    assert_eq!(chain["levels"][0]["rates"][4]["role"], "retailer");
    assert_eq!(chain["levels"][0]["rates"][4]["set"], "0.012");
    assert_eq!(
        chain["levels"][0]["rates"][3]["set"],
        serde_json::Value::Null
    );
    assert_eq!(chain["levels"][0]["rates"][3]["resolved"], "0.02");
    assert_eq!(chain["levels"][1]["name"], "root");
    let text =
        String::from_utf8_lossy(&olga(&["scheme", "chain", "wl", "--service", "recharge"]).stdout)
            .to_string();
    assert!(
        text.contains("  distributor         set inherit    resolved 0.02"),
        "{text}"
    );
    id_of(&olga(&[
        "--json",
        "member",
        "add",
        "Top",
        "--role",
        "admin",
        "--scheme",
        "root",
        "--currency",
        "INR",
    ]));
    id_of(&olga(&[
        "--json",
        "member",
        "add",
        "Wala",
        "--role",
        "white_label",
        "--upline",
        "Top",
        "--scheme",
        "wl",
    ]));
    let below = failure(
        &olga(&[
            "member", "add", "Dora", "--role", "admin", "--upline", "Wala", "--scheme", "wl",
        ]),
        2,
    );
    assert!(
        below.contains("error[validation]: upline: an admin is at the top"),
        "{below}"
    );
    let tree = String::from_utf8_lossy(&olga(&["scheme", "list"]).stdout).to_string();
    assert_eq!(tree, "1 root (by admin)\n  2 wl (by olga)\n");
    let schemes = json_of(&olga(&["--json", "scheme", "list"]));
    assert_eq!(schemes["items"][1]["parent"], "root");
    assert_eq!(schemes["items"][1]["depth"], 1);
    let listed = json_of(&olga(&["--json", "member", "list"]));
    assert_eq!(listed["items"][1]["name"], "Wala");
    assert_eq!(listed["items"][1]["upline"], "Top");
    assert_eq!(listed["items"][1]["scheme"], "wl");
    assert_eq!(listed["items"][1]["currency"], "INR");
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the officer's steps, kept whole"
)]
fn an_officer_records_a_network_transaction_reads_its_commissions_and_reverses_it_once() {
    let (_dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    init_with_officer(&admin);
    id_of(&admin(&["--json", "scheme", "add", "root"]));
    id_of(&admin(&[
        "--json",
        "scheme",
        "set",
        "root",
        "--service",
        "recharge",
        "--rate",
        "admin=0.05",
        "white_label=0.04",
        "master_distributor=0.03",
        "distributor=0.02",
        "retailer=0.012",
    ]));
    for (name, role, upline) in [
        ("Top", "admin", None),
        ("Wala", "white_label", Some("Top")),
        ("Rita", "retailer", Some("Wala")),
    ] {
        let mut args = vec![
            "--json", "member", "add", name, "--role", role, "--scheme", "root",
        ];
        match upline {
            Some(up) => args.extend(["--upline", up]),
            None => args.extend(["--currency", "INR"]),
        }
        id_of(&olga(&args));
    }
    let record = |member: &str, amount: &str| {
        olga(&[
            "--json",
            "txn",
            "record",
            "--member",
            member,
            "--service",
            "recharge",
            "--amount",
            amount,
            "--reference",
            "OP-1",
        ])
    };
    let by_admin = failure(&record("Top", "1000.00"), 2);
    assert_eq!(
        by_admin.trim(),
        "error[validation]: member: Top is an admin: admins do not initiate transactions"
    );
    let id = id_of(&record("Rita", "1000.00"));
    let shown = json_of(&olga(&["--json", "txn", "show", &id]));
    assert_eq!(
        (shown["status"].as_str(), shown["commission"].as_str()),
        (Some("recorded"), Some("50.00"))
    );
    let parts: Vec<String> = shown["commissions"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|c| format!("{} {} {}", c["member"], c["margin"], c["amount"]))
        .collect();
    // No distributor or master distributor between Rita and Wala: their margins are Wala's.
    assert_eq!(
        parts,
        [
            "\"Rita\" \"0.012\" \"12.00\"",
            "\"Wala\" \"0.028\" \"28.00\"",
            "\"Top\" \"0.01\" \"10.00\""
        ]
    );
    let text = String::from_utf8_lossy(&olga(&["txn", "show", &id]).stdout).to_string();
    assert!(
        text.starts_with(&format!(
            "{id} recorded recharge by Rita: 1000.00 INR, commission 50.00 (0.05), reference OP-1\n"
        )),
        "{text}"
    );
    let listed = json_of(&olga(&["--json", "txn", "list", "--member", "Wala"]));
    assert_eq!(listed["items"][0]["id"].to_string(), id);
    id_of(&olga(&[
        "--json",
        "txn",
        "reverse",
        &id,
        "--reason",
        "refunded by the operator",
    ]));
    let again = failure(&olga(&["txn", "reverse", &id, "--reason", "again"]), 4);
    assert!(again.contains("a transaction is reversed once"), "{again}");
    let balance = json_of(&olga(&[
        "--json",
        "ledger",
        "balance",
        "member:2:commission_payable",
    ]));
    assert_eq!(balance["balance"], "0.00");
}
