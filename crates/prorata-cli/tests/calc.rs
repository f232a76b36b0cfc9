//! `prorata calc` as a user runs it: JSON on stdin, JSON on stdout, one error line on stderr.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use prorata_scenarios::{expected_allocation_output, load_cases};
use serde_json::{Value, json};

fn prorata(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prorata"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the prorata binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("the input is written");
    child.wait_with_output().expect("prorata finishes")
}

fn stdout_json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "prorata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// Runs a request that must be refused and returns its one stderr line.
fn refused(args: &[&str], stdin: &str) -> String {
    let output = prorata(args, stdin);
    assert_eq!(
        output.status.code(),
        Some(2),
        "bad input exits with status 2"
    );
    assert!(
        output.stdout.is_empty(),
        "nothing may reach stdout on an error"
    );
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    assert_eq!(
        stderr.lines().count(),
        1,
        "an error is one line: {stderr:?}"
    );
    stderr.trim_end().to_owned()
}

fn seed() -> Value {
    json!({
        "currency": "USD",
        "partner_commission_rate": "0.20",
        "platform_fee_rate": "0.02",
        "high_water_mark": "10000.00",
        "current_value": "12000.00",
        "investments": [
            {"id": "A", "amount": "2000.00"},
            {"id": "B", "amount": "4000.00"},
            {"id": "C", "amount": "4000.00"}
        ]
    })
}

#[test]
fn every_allocation_vector_prints_its_expected_output() {
    for case in load_cases("allocation.json") {
        let output = prorata(&["calc", "allocate"], &case.input.to_string());
        assert_eq!(
            stdout_json(&output),
            expected_allocation_output(&case),
            "{}",
            case.name
        );
    }
}

#[test]
fn every_profit_share_vector_prints_its_expected_output() {
    for case in load_cases("profit_share.json") {
        let output = prorata(&["calc", "profit-share"], &case.input.to_string());
        assert_eq!(stdout_json(&output), case.expected, "{}", case.name);
    }
}

#[test]
fn the_seed_example_prints_312_624_624() {
    let output = stdout_json(&prorata(&["calc", "profit-share"], &seed().to_string()));
    assert_eq!(
        output["shares"],
        json!([
            {"id": "A", "amount": "312.00"},
            {"id": "B", "amount": "624.00"},
            {"id": "C", "amount": "624.00"}
        ]),
        "the worked example of the profit-sharing design"
    );
}

#[test]
fn each_bad_input_exits_2_with_one_line_naming_the_field() {
    let spoilt = |pointer: &str, value: Value| {
        let mut input = seed();
        *input.pointer_mut(pointer).expect("the field exists") = value;
        input.to_string()
    };
    let cases = [
        (
            spoilt("/current_value", json!("12k")),
            "error[validation]: current_value: \"12k\" is not a number",
        ),
        (
            spoilt("/investments/0/amount", json!("2000.001")),
            "error[validation]: investments[0].amount: \"2000.001\" has more decimals than USD allows",
        ),
        (
            spoilt("/investments/1/amount", json!("-1")),
            "error[validation]: investments[1].amount: \"-1\" is negative",
        ),
        (
            spoilt("/partner_commission_rate", json!("1.5")),
            "error[validation]: partner_commission_rate: rate \"1.5\" is outside 0-100%",
        ),
        (
            spoilt("/currency", json!("ABC")),
            "error[validation]: currency: \"ABC\" is not a currency",
        ),
        (
            spoilt("/high_water_mark", json!("10000000000000000")),
            "error[validation]: high_water_mark: \"10000000000000000\" is too large",
        ),
        (
            spoilt("/platform_fee_rate", json!("0.9")),
            "error[validation]: partner_commission_rate + platform_fee_rate:",
        ),
        (
            spoilt("/current_value", json!(12000.5)),
            "error[validation]: current_value: invalid type: floating point",
        ),
        (
            "{\"currency\": \"USD\"".to_owned(),
            "error[validation]: input: EOF while parsing",
        ),
        ("".to_owned(), "error[validation]: input: EOF while parsing"),
    ];
    for (input, expected) in cases {
        let line = refused(&["calc", "profit-share"], &input);
        assert!(
            line.starts_with(expected),
            "expected {expected:?}, got {line:?}"
        );
    }
}

#[test]
fn a_repeated_id_or_an_empty_list_is_refused_by_allocate() {
    let input = json!({"currency": "NGN", "total": "1.00", "weights": [
        {"id": "A", "weight": "1"}, {"id": "A", "weight": "2"}
    ]});
    let line = refused(&["calc", "allocate"], &input.to_string());
    assert_eq!(
        line,
        "error[validation]: weights[1].id: \"A\" already appears at weights[0]"
    );
    let input = json!({"currency": "NGN", "total": "1.00", "weights": []});
    let line = refused(&["calc", "allocate"], &input.to_string());
    assert!(
        line.starts_with("error[validation]: weights: the list is empty"),
        "{line}"
    );
}

#[test]
fn a_usage_error_exits_2() {
    let output = prorata(&["calc", "divide"], "");
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unknown subcommand is a usage error"
    );
    assert!(output.stdout.is_empty());
}

fn community_revenue(gross: &str, platform_fee_rate: &str) -> Value {
    serde_json::json!({
        "currency": "INR", "gross": gross, "gst_rate": "0.18", "gateway_fee_rate": "0.02",
        "gateway_fixed_fee": "0.00", "gateway_fee_gst": true, "platform_fee_rate": platform_fee_rate,
        "platform_fee_gst": false,
        "roles": [
            {"id": "owner", "share": "0.50"}, {"id": "admin", "share": "0.20"},
            {"id": "moderator", "share": "0.10"}, {"id": "event", "share": "0.20"}
        ]
    })
}

#[test]
fn both_worked_revenue_splits_of_the_design_print_to_the_paisa() {
    let event = stdout_json(&prorata(
        &["calc", "revenue-split"],
        &community_revenue("10000.00", "0.10").to_string(),
    ));
    assert_eq!(
        event,
        serde_json::json!({
            "gross": "10000.00", "gst": "1800.00", "gateway_fee": "164.00", "gateway_fee_gst": "29.52",
            "platform_fee": "800.65", "platform_fee_gst": "0.00", "net": "7205.83",
            "roles": [
                {"id": "owner", "amount": "3602.91"}, {"id": "admin", "amount": "1441.17"},
                {"id": "moderator", "amount": "720.58"}, {"id": "event", "amount": "1441.17"}
            ]
        })
    );
    let sponsor = stdout_json(&prorata(
        &["calc", "revenue-split"],
        &community_revenue("50000.00", "0.12").to_string(),
    ));
    assert_eq!(sponsor["gst"], "9000.00");
    assert_eq!(sponsor["gateway_fee"], "820.00");
    assert_eq!(sponsor["gateway_fee_gst"], "147.60");
    assert_eq!(sponsor["platform_fee"], "4803.89");
    assert_eq!(sponsor["net"], "35228.51");
    let mut over = community_revenue("100.00", "0.10");
    over["roles"][0]["share"] = serde_json::json!("0.60");
    assert_eq!(
        refused(&["calc", "revenue-split"], &over.to_string()),
        "error[validation]: roles: the roles' shares add up to 110%, not 100%"
    );
    let mut rate = community_revenue("100.00", "1.5");
    rate["gst_rate"] = serde_json::json!("1.5");
    assert!(
        refused(&["calc", "revenue-split"], &rate.to_string())
            .starts_with("error[validation]: gst_rate"),
        "a rate over 100% names its field"
    );
}

#[test]
fn a_network_commission_resolves_the_schemes_and_rolls_a_missing_roles_margin_up() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/network-commission.json"
    ))
    .expect("the example");
    let done = stdout_json(&prorata(&["calc", "commission"], &example));
    assert_eq!(
        done,
        serde_json::json!({
            "resolved": {
                "admin": "0.05", "white_label": "0.04", "master_distributor": "0.03",
                "distributor": "0.018", "retailer": "0.012", "customer": "0"
            },
            "total": "500.00",
            "commissions": [
                {"member": "ravi", "role": "retailer", "margin": "0.012", "amount": "120.00"},
                {"member": "dina", "role": "distributor", "margin": "0.006", "amount": "60.00"},
                {"member": "wala", "role": "white_label", "margin": "0.022", "amount": "220.00"},
                {"member": "ada", "role": "admin", "margin": "0.01", "amount": "100.00"}
            ]
        })
    );
    let mut above: Value = serde_json::from_str(&example).expect("json");
    above["schemes"][2]["rates"]["retailer"] = serde_json::json!("0.013");
    assert_eq!(
        refused(&["calc", "commission"], &above.to_string()),
        "error[validation]: schemes: scheme dist, service recharge: the retailer rate 0.013 is above its parent's 0.012"
    );
    let mut negative: Value = serde_json::from_str(&example).expect("json");
    negative["schemes"][1]["rates"]["distributor"] = serde_json::json!("0.01");
    negative["scheme"] = serde_json::json!("wl");
    assert_eq!(
        refused(&["calc", "commission"], &negative.to_string()),
        "error[validation]: schemes: scheme wl, service recharge: the retailer rate 0.012 is above the distributor rate 0.01, a negative margin"
    );
    let mut admin: Value = serde_json::from_str(&example).expect("json");
    admin["upline"] = serde_json::json!([{"member": "ada", "role": "admin"}]);
    assert_eq!(
        refused(&["calc", "commission"], &admin.to_string()),
        "error[validation]: upline: an admin does not initiate transactions"
    );
}
