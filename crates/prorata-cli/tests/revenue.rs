//! Community revenue from the command line, as DESIGN §10 names the commands: a community
//! and its members, both worked examples of DESIGN §8 to the paisa, a replay, the JSON shapes
//! and exit statuses, and a gateway's settlement into the bank.

#[allow(dead_code)]
mod common;

use std::process::Output;

use common::{StoppedOnDrop, as_user, failure, id_of, init_with_officer, json_of, scratch};

/// A new store with its officer olga, today's fee schedule (DESIGN §8's rates) set by the
/// admin, and olga's chess club in rupees with DESIGN's shares and a member a role; today.
fn schedule_and_club(
    admin: &dyn Fn(&[&str]) -> Output,
    olga: &dyn Fn(&[&str]) -> Output,
) -> String {
    init_with_officer(&admin);
    // The schedule takes effect today, the first day a schedule may start.
    let today = chrono::Utc::now().date_naive().to_string();
    id_of(&admin(&[
        "--json",
        "fees",
        "set",
        "--gst-rate",
        "0.18",
        "--gateway-rate",
        "0.02",
        "--platform-rate",
        "event=0.10",
        "sponsor=0.12",
        "premium=0.15",
        "custom=0.10",
        "--from",
        &today,
    ]));
    id_of(&olga(&[
        "--json",
        "community",
        "add",
        "Chess club",
        "--currency",
        "INR",
        "--role-share",
        "owner=0.50",
        "admin_team=0.20",
        "moderator_team=0.10",
        "event_team=0.20",
    ]));
    for (name, role) in [
        ("Asha", "owner"),
        ("Ben", "admin_team"),
        ("Dev", "moderator_team"),
        ("Esha", "event_team"),
    ] {
        id_of(&olga(&[
            "--json",
            "community",
            "member",
            "add",
            "Chess club",
            name,
            "--role",
            role,
        ]));
    }
    today
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the officer's steps, kept whole"
)]
fn an_officer_records_both_worked_examples_to_the_paisa_and_settles_the_gateway() {
    let (_dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    let today = schedule_and_club(&admin, &olga);
    let bad = failure(
        &olga(&[
            "community",
            "add",
            "Chess club",
            "--currency",
            "INR",
            "--role-share",
            "owner=0.5",
            "event_team=0.4",
        ]),
        2,
    );
    assert!(
        bad.contains("error[validation]: role_share: the role shares add up to 90%, not 100%"),
        "{bad}"
    );
    let record = |source: &str, gross: &str| {
        olga(&[
            "--json",
            "--idempotency-key",
            &format!("rzp-{source}"),
            "revenue",
            "record",
            "--community",
            "Chess club",
            "--source",
            source,
            "--gross",
            gross,
            "--date",
            &today,
            "--gateway",
            "razorpay",
        ])
    };
    let event = id_of(&record("event", "10000.00"));
    assert_eq!(
        id_of(&record("event", "10000.00")),
        event,
        "a replay records once"
    );
    let shown = json_of(&olga(&["--json", "revenue", "show", &event]));
    for (field, amount) in [
        ("gross", "10000.00"),
        ("gst", "1800.00"),
        ("gateway_fee", "164.00"),
        ("gateway_fee_gst", "29.52"),
        ("platform_fee", "800.65"),
        ("platform_fee_gst", "0.00"),
        ("net", "7205.83"),
    ] {
        assert_eq!(shown[field], amount, "{field}");
    }
    let roles: Vec<String> = shown["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["role"].as_str().unwrap_or(""),
                r["amount"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            "owner 3602.91",
            "admin_team 1441.17",
            "moderator_team 720.58",
            "event_team 1441.17"
        ]
    );
    assert_eq!(shown["credits"][0]["status"], "pending");
    let sponsor = id_of(&record("sponsor", "50000.00"));
    let shown = json_of(&olga(&["--json", "revenue", "show", &sponsor]));
    assert_eq!(shown["platform_fee"], "4803.89");
    assert_eq!(shown["net"], "35228.51");
    let listed = json_of(&olga(&[
        "--json",
        "revenue",
        "list",
        "--community",
        "Chess club",
    ]));
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));

    json_of(&admin(&[
        "--json",
        "bank",
        "add",
        "Rupees",
        "--currency",
        "INR",
        "--account-number",
        "000123454321",
    ]));
    let settle = |amount: &str| {
        olga(&[
            "--json",
            "revenue",
            "settle",
            "--gateway",
            "razorpay",
            "--bank",
            "Rupees",
            "--amount",
            amount,
            "--date",
            &today,
        ])
    };
    let short = failure(&settle("58838.00"), 4);
    assert!(
        short.contains("razorpay owes 58838.88 INR for 2 transaction(s)"),
        "{short}"
    );
    let settled = json_of(&settle("58838.88"));
    assert_eq!(settled["fees"], "1161.12");
    let wallets = json_of(&olga(&[
        "--json",
        "wallet",
        "list",
        "--community",
        "Chess club",
    ]));
    let asha = &wallets["items"][0];
    assert_eq!(asha["member"], "Asha");
    assert_eq!(asha["status"], "open");
    assert_eq!(asha["pending"], "21217.17");
    assert_eq!(asha["available"], "0.00");
    let released = json_of(&olga(&["--json", "wallet", "release"]));
    assert_eq!(
        released["released"].as_array().map(Vec::len),
        Some(0),
        "held 7 days"
    );
    id_of(&olga(&[
        "--json",
        "wallet",
        "lock",
        "Asha",
        "--reason",
        "a disputed payment",
    ]));
    let own = failure(
        &olga(&["wallet", "unlock", "Asha", "--reason", "cleared"]),
        3,
    );
    assert!(own.contains("error[permission_denied]"), "{own}");
    let shown = json_of(&admin(&["--json", "wallet", "show", "Asha"]));
    assert_eq!(shown["status"], "locked");
    assert_eq!(shown["locks"][0]["reason"], "a disputed payment");
    let text = String::from_utf8_lossy(&olga(&["revenue", "show", &event]).stdout).to_string();
    assert!(
        text.starts_with(&format!("revenue {event} (settled) of Chess club")),
        "{text}"
    );
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the officer's steps, kept whole"
)]
fn an_officer_imports_a_gateways_file_once_a_bad_file_changes_nothing_and_the_month_is_reported() {
    let (dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    let today = schedule_and_club(&admin, &olga);
    let file = dir.path().join("razorpay.csv");
    let write = |lines: &str| {
        std::fs::write(
            &file,
            format!("key,community,source,gross,date,gateway,reference\n{lines}"),
        )
        .expect("written");
    };
    write(&format!(
        "pay_1,Chess club,event,10000.00,{today},razorpay,Spring open\n\
         pay_2,Chess club,sponsor,50000.00,{today},razorpay,\n\
         pay_3,Chess club,sponsor,-5.00,{today},razorpay,\n"
    ));
    let path = file.to_str().expect("a path");
    let bad = failure(&olga(&["revenue", "import", path]), 2);
    assert!(
        bad.contains("error[validation]: line 4: gross: \"-5.00\" is negative"),
        "{bad}"
    );
    let listed = json_of(&olga(&["--json", "revenue", "list"]));
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(0),
        "nothing written"
    );
    write(&format!(
        "pay_1,Chess club,event,10000.00,{today},razorpay,Spring open\n\
         pay_2,Chess club,sponsor,50000.00,{today},razorpay,\n"
    ));
    let done = json_of(&olga(&["--json", "revenue", "import", path]));
    assert_eq!(
        (done["lines"].as_u64(), done["recorded"].as_u64()),
        (Some(2), Some(2))
    );
    let again = olga(&["revenue", "import", path]);
    let text = String::from_utf8_lossy(&again.stdout).to_string();
    assert_eq!(
        text,
        "2 line(s) in 1 batch(es): 0 recorded, 2 recorded before\n"
    );
    let listed = json_of(&olga(&["--json", "revenue", "list"]));
    let nets: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|v| v["net"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(nets.len(), 2);
    assert!(
        nets.contains(&"7205.83") && nets.contains(&"35228.51"),
        "{nets:?}"
    );
    let pdf = dir.path().join("revenue.pdf");
    let report = json_of(&olga(&[
        "--json",
        "revenue",
        "report",
        "--pdf",
        pdf.to_str().expect("a path"),
    ]));
    let month = &report["months"][0];
    assert_eq!(month["month"], today[..7]);
    for (field, amount) in [
        ("gross", "60000.00"),
        ("gst_collected", "10800.00"),
        ("gateway_charges", "1161.12"),
        ("platform_earnings", "5604.54"),
        ("net", "42434.34"),
    ] {
        assert_eq!(month[field], amount, "{field}");
    }
    assert_eq!(report["top_communities"][0]["community"], "Chess club");
    assert!(
        std::fs::read(&pdf).expect("written").starts_with(b"%PDF-"),
        "the report as a PDF"
    );
    let bad = failure(&olga(&["revenue", "report", "--from", "2026-13"]), 2);
    assert!(
        bad.contains("error[validation]: from: \"2026-13\" is not a month such as 2026-11"),
        "{bad}"
    );
}
