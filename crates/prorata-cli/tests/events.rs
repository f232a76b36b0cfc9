//! LP distribution events from the command line, as DESIGN §10 names the commands: drafted,
//! calculated, approved by a second person, withdrawn against an allocation; the JSON shape
//! of `event show`, and the exit statuses of what is refused.

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
fn an_event_is_allocated_by_units_approved_by_another_person_and_withdrawn_against() {
    let (_dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    let abe = |args: &[&str]| as_user(&store, "abe", args);
    init_with_officer(&admin);
    json_of(&admin(&[
        "--json", "user", "add", "abe", "--role", "approver",
    ]));
    phones_deal(&olga, &[("Amal", "2000"), ("Bola", "4000")]);
    for (investor, units) in [("Amal", "1"), ("Bola", "2")] {
        id_of(&olga(&[
            "--json",
            "units",
            "issue",
            "--deal",
            "Phones",
            "--investor",
            investor,
            "--units",
            units,
            "--date",
            "2026-11-02",
        ]));
    }
    let create = |amount: &str, date: &str| {
        olga(&[
            "--json",
            "event",
            "create",
            "--deal",
            "Phones",
            "--type",
            "exit",
            "--title",
            "Sale of the stock",
            "--amount",
            amount,
            "--date",
            date,
        ])
    };
    let bad = failure(&create("12.345", "2026-11-20"), 2);
    assert!(bad.starts_with("error[validation]: amount"), "{bad}");
    let early = id_of(&create("100.00", "2026-11-01"));
    let none = failure(&olga(&["event", "calculate", &early]), 4);
    assert_eq!(
        none,
        "error[conflict]: event: no units of the deal are held on 2026-11-01: there is nothing to allocate by"
    );
    let id = id_of(&create("1000.00", "2026-11-20"));
    json_of(&olga(&["--json", "event", "calculate", &id]));
    let own = failure(&olga(&["event", "approve", &id]), 3);
    assert!(own.starts_with("error[permission_denied]"), "{own}");
    json_of(&abe(&["--json", "event", "approve", &id]));
    let again = failure(&abe(&["event", "approve", &id]), 4);
    assert!(
        again.contains("active events cannot be approved"),
        "{again}"
    );

    let shown = json_of(&abe(&["--json", "event", "show", &id]));
    for field in [
        "id",
        "status",
        "type",
        "title",
        "total",
        "snapshot_date",
        "total_units",
        "allocations",
    ] {
        assert!(
            shown.get(field).is_some(),
            "event show carries {field}: {shown}"
        );
    }
    assert_eq!(shown["status"], "active");
    assert_eq!(shown["type"], "exit");
    assert_eq!(shown["total"], "1000.00");
    assert_eq!(shown["total_units"], "3.0000000");
    let allocation = &shown["allocations"][0];
    for field in [
        "id",
        "investor_id",
        "units",
        "ownership",
        "amount",
        "withdrawn",
        "pending",
        "available",
        "status",
    ] {
        assert!(
            allocation.get(field).is_some(),
            "an allocation carries {field}: {allocation}"
        );
    }
    assert_eq!(allocation["ownership"], "33.3333333%");
    assert_eq!(allocation["amount"], "333.33");
    assert_eq!(shown["allocations"][1]["amount"], "666.67");
    let amal = allocation["id"].as_i64().expect("an id").to_string();

    let request = |amount: &str| {
        olga(&[
            "--json",
            "withdrawal",
            "request",
            "--investor",
            "Amal",
            "--amount",
            amount,
            "--allocation",
            &amal,
            "--bank-name",
            "First Bank",
            "--account-number",
            "3012345678",
            "--account-name",
            "Amal",
        ])
    };
    let w = id_of(&request("300.00"));
    let beyond = failure(&request("33.34"), 4);
    assert_eq!(
        beyond,
        format!(
            "error[conflict]: amount: 33.34 USD is more than allocation {amal} has available (33.33)"
        )
    );
    let shown = json_of(&abe(&["--json", "withdrawal", "show", &w]));
    assert_eq!(shown["allocation_id"].to_string(), amal);
    let cancel = failure(&olga(&["event", "cancel", &id, "--reason", "wrong"]), 4);
    assert!(
        cancel.contains(&format!("withdrawal {w} (pending)")),
        "{cancel}"
    );
    let listed = json_of(&olga(&[
        "--json",
        "event",
        "allocations",
        "--investor",
        "Amal",
    ]));
    assert_eq!(listed["items"][0]["pending"], "300.00");
    assert_eq!(listed["items"][0]["available"], "33.33");
    let events = json_of(&olga(&["--json", "event", "list", "--deal", "Phones"]));
    assert_eq!(events["items"].as_array().map(Vec::len), Some(2));
    let text = olga(&["event", "show", &id]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("allocated 1000.00 = withdrawn 0.00 + pending 300.00 + available 700.00"),
        "{text}"
    );
}
