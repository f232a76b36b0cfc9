//! LP units from the command line, as DESIGN §10 names the commands: the register's
//! movements, holdings as of a date, the JSON shapes and exit statuses.

#[allow(dead_code)]
mod common;

use common::{
    StoppedOnDrop, as_user, failure, id_of, init_with_officer, json_of, phones_deal, scratch,
};

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the users' steps, kept whole"
)]
fn units_are_issued_transferred_and_redeemed_and_never_taken_below_zero() {
    let (_dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    init_with_officer(&admin);
    phones_deal(&olga, &[("Amal", "2000"), ("Bola", "4000")]);
    let move_units = |args: &[&str]| {
        let mut all = vec!["--json", "units"];
        all.extend_from_slice(args);
        olga(&all)
    };
    id_of(&move_units(&[
        "issue",
        "--deal",
        "Phones",
        "--investor",
        "Amal",
        "--units",
        "100",
        "--date",
        "2026-11-02",
    ]));
    id_of(&move_units(&[
        "transfer",
        "--deal",
        "Phones",
        "--from",
        "Amal",
        "--to",
        "Bola",
        "--units",
        "25.5",
        "--date",
        "2026-11-10",
    ]));
    let beyond = failure(
        &move_units(&[
            "redeem",
            "--deal",
            "Phones",
            "--investor",
            "Bola",
            "--units",
            "26",
            "--date",
            "2026-11-11",
        ]),
        4,
    );
    assert_eq!(
        beyond,
        "error[conflict]: units: Bola holds 25.5000000 units of the deal, fewer than the 26.0000000 asked"
    );
    let bad = failure(
        &move_units(&[
            "issue",
            "--deal",
            "Phones",
            "--investor",
            "Amal",
            "--units",
            "1.00000001",
            "--date",
            "2026-11-11",
        ]),
        2,
    );
    assert!(bad.starts_with("error[validation]: units:"), "{bad}");
    let now = json_of(&move_units(&["holdings", "--deal", "Phones"]));
    assert_eq!(now["total_units"], "100.0000000");
    assert_eq!(now["as_of"], serde_json::Value::Null);
    assert_eq!(now["items"][0]["investor"], "Amal");
    assert_eq!(now["items"][0]["units"], "74.5000000");
    assert_eq!(now["items"][0]["ownership_percent"], "74.5000000%");
    assert_eq!(now["items"][1]["units"], "25.5000000");
    let before = json_of(&move_units(&[
        "holdings",
        "--deal",
        "Phones",
        "--as-of",
        "2026-11-05",
    ]));
    assert_eq!(
        before["items"].as_array().map(Vec::len),
        Some(1),
        "{before}"
    );
    assert_eq!(before["items"][0]["units"], "100.0000000");
}
