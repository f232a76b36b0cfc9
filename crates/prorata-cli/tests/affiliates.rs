//! Affiliates from the command line, as DESIGN §10 names the commands: the rates, affiliates
//! below a parent, a sale with both commissions, the tree, the program paused and resumed,
//! and the JSON shapes and exit statuses.

#[allow(dead_code)]
mod common;

use common::{StoppedOnDrop, as_user, failure, id_of, init_with_officer, json_of, scratch};

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the admin's and the officer's steps, kept whole"
)]
fn an_officer_records_affiliates_sales_and_an_admin_pauses_and_resumes_the_program() {
    let (_dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    init_with_officer(&admin);
    let by_officer = failure(
        &olga(&[
            "affiliate",
            "rates",
            "--direct",
            "0.10",
            "--override",
            "0.025",
        ]),
        3,
    );
    assert!(
        by_officer.starts_with("error[permission_denied]"),
        "{by_officer}"
    );
    id_of(&admin(&[
        "--json",
        "affiliate",
        "rates",
        "--direct",
        "0.10",
        "--override",
        "0.025",
    ]));
    id_of(&olga(&[
        "--json",
        "affiliate",
        "add",
        "Ana",
        "--code",
        "ana",
        "--currency",
        "USD",
    ]));
    id_of(&olga(&[
        "--json",
        "affiliate",
        "add",
        "Ben",
        "--parent",
        "ANA",
    ]));
    let sale = |code: &str, key: &str| {
        olga(&[
            "--json",
            "--idempotency-key",
            key,
            "sale",
            "record",
            "--affiliate",
            code,
            "--amount",
            "199.90",
            "--reference",
            "order 7",
        ])
    };
    let id = id_of(&sale("BEN-2", "s-1"));
    assert_eq!(id_of(&sale("BEN-2", "s-1")), id, "replayed: the same sale");
    let ben = json_of(&olga(&["--json", "affiliate", "show", "BEN-2"]));
    assert_eq!(ben["affiliate"]["direct_earned"], "19.99");
    assert_eq!(ben["payable"], "19.99");
    assert_eq!(ben["commissions"][0]["kind"], "direct");
    let tree = String::from_utf8_lossy(&olga(&["affiliate", "tree"]).stdout).to_string();
    assert_eq!(
        tree,
        "1 Ana [ANA]: 0 sale(s) of 0.00 USD, earned 0.00 direct and 5.00 override\n  2 Ben [BEN-2]: 1 sale(s) of 199.90 USD, earned 19.99 direct and 0.00 override\n"
    );
    let paused = json_of(&admin(&[
        "--json",
        "program",
        "status",
        "paused",
        "--reason",
        "the annual audit",
    ]));
    assert_eq!(paused["status"], "paused");
    assert_eq!(paused["takes_new_business"], false);
    let refused = failure(&sale("BEN-2", "s-2"), 4);
    assert_eq!(
        refused.trim(),
        "error[conflict]: program: it is paused (the annual audit): it takes no new business until an admin resumes it"
    );
    let status = String::from_utf8_lossy(&olga(&["program", "status"]).stdout).to_string();
    assert_eq!(status, "program main: paused: the annual audit\n");
    json_of(&admin(&[
        "--json",
        "program",
        "status",
        "active",
        "--reason",
        "audit done",
    ]));
    id_of(&sale("BEN-2", "s-2"));
    let rates = json_of(&olga(&["--json", "affiliate", "rates"]));
    assert_eq!(rates["items"][0]["direct_rate"], "0.1");
}
