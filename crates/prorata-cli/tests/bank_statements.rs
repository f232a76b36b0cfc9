//! Bank statements from the command line, as DESIGN §10 names the commands: a real bank's
//! camt.053 imported once for its account, its lines listed, a warning printed, and a file of
//! another account refused with exit status 2; its open lines resolved by hand, above the
//! account's threshold only after an approver's review; a CSV statement previewed and then
//! imported through the account's saved mapping.

#[allow(dead_code)]
mod common;

use common::{StoppedOnDrop, as_user, failure, init_with_officer, json_of, scratch};

#[test]
fn an_officer_imports_a_banks_statement_once_and_lists_its_lines() {
    let (_dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    init_with_officer(&admin);
    for (name, number) in [
        ("Euro account", "NL77ABNA0574908765"),
        ("Other", "NL91ABNA0417164300"),
    ] {
        json_of(&admin(&[
            "--json",
            "bank",
            "add",
            name,
            "--currency",
            "EUR",
            "--account-number",
            number,
        ]));
    }
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/iso20022/samples/camt.053.001.02_OCA_EUR_batch-with-returns.xml"
    );
    let text =
        String::from_utf8_lossy(&olga(&["bank", "import", file, "--bank", "Euro account"]).stdout)
            .to_string();
    assert!(text.starts_with("1 statement(s) imported (0 before), 4 line(s) (0 already imported)\nwarning: statement 1234Test/1: its booked entries"), "{text}");
    let again = json_of(&olga(&[
        "--json",
        "bank",
        "import",
        file,
        "--bank",
        "Euro account",
    ]));
    assert_eq!(
        (
            again["statements"].as_u64(),
            again["already_imported"].as_u64()
        ),
        (Some(0), Some(1))
    );
    let lines = json_of(&olga(&[
        "--json",
        "bank",
        "lines",
        "--bank",
        "Euro account",
    ]));
    assert_eq!(lines["items"].as_array().map(Vec::len), Some(4));
    assert_eq!(lines["items"][1]["return_reason"], "AC06");
    let run =
        String::from_utf8_lossy(&olga(&["reconcile", "bank", "--bank", "Euro account"]).stdout)
            .to_string();
    assert_eq!(
        run,
        "0 matched, 0 suggested; 4 line(s), 0 sent item(s) and 0 remittance(s) left unmatched\n",
        "no payout of this account to match"
    );
    let refused = failure(&olga(&["bank", "import", file, "--bank", "Other"]), 2);
    assert!(
        refused.contains(
            "error[validation]: file: statement 1234Test/1 is of the account ending 8765"
        ),
        "{refused}"
    );
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a resolution from the command line, from the threshold to the review, kept whole"
)]
fn an_officer_resolves_an_open_line_by_hand_and_an_approver_reviews_it_above_the_threshold() {
    let (dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    let abe = |args: &[&str]| as_user(&store, "abe", args);
    init_with_officer(&admin);
    json_of(&admin(&[
        "--json", "user", "add", "abe", "--role", "approver",
    ]));
    let account = ["--bank", "Euro account"];
    json_of(&admin(&[
        "--json",
        "bank",
        "add",
        "Euro account",
        "--currency",
        "EUR",
        "--account-number",
        "NL77ABNA0574908765",
    ]));
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/iso20022/samples/camt.053.001.02_OCA_EUR_batch-with-returns.xml"
    );
    olga(&["bank", "import", file, account[0], account[1]]);
    let refused = failure(
        &olga(&[
            "bank",
            "threshold",
            "--bank",
            "Euro account",
            "--review-above",
            "100.00",
        ]),
        3,
    );
    assert!(refused.starts_with("error[permission_denied]"), "{refused}");
    json_of(&admin(&[
        "--json",
        "bank",
        "threshold",
        "--bank",
        "Euro account",
        "--review-above",
        "100.00",
    ]));
    let open = json_of(&olga(&[
        "--json",
        "reconcile",
        "open",
        "--bank",
        "Euro account",
    ]));
    assert_eq!(open["review_above"], "100.00");
    let lines = open["lines"].as_array().expect("lines").clone();
    assert_eq!(
        lines.len(),
        4,
        "nothing of this account was paid from the book"
    );
    // Cents, read from the amount's two decimals: no floating point near money.
    let cents = |l: &serde_json::Value| {
        let text = l["amount"].as_str().unwrap_or("").replace('.', "");
        text.parse::<i64>().unwrap_or(0)
    };
    let small = lines
        .iter()
        .find(|l| cents(l) <= 10_000)
        .expect("a line of 100.00 or less");
    let large = lines
        .iter()
        .find(|l| cents(l) > 10_000)
        .expect("a line above 100.00");
    let id = |l: &serde_json::Value| l["id"].as_i64().unwrap_or(0).to_string();
    let no_reason = failure(
        &olga(&[
            "reconcile",
            "resolve",
            &id(small),
            "--ignore",
            "--reason",
            " ",
        ]),
        2,
    );
    assert!(no_reason.contains("reason"), "{no_reason}");
    let applied = json_of(&olga(&[
        "--json",
        "reconcile",
        "resolve",
        &id(small),
        "--ignore",
        "--reason",
        "the bank's own charge",
    ]));
    assert_eq!(applied["status"], "applied");
    let held = json_of(&olga(&[
        "--json",
        "reconcile",
        "resolve",
        &id(large),
        "--ignore",
        "--reason",
        "a return of a payment made elsewhere",
    ]));
    assert_eq!(held["status"], "pending_review");
    let resolution = held["id"].as_i64().unwrap_or(0).to_string();
    let text =
        String::from_utf8_lossy(&abe(&["reconcile", "open", "--bank", "Euro account"]).stdout)
            .to_string();
    assert!(text.contains("waiting for review (1):"), "{text}");
    let no_decision = failure(&abe(&["reconcile", "review", &resolution]), 2);
    assert!(no_decision.contains("--approve"), "{no_decision}");
    let reviewed =
        String::from_utf8_lossy(&abe(&["reconcile", "review", &resolution, "--approve"]).stdout)
            .to_string();
    assert!(reviewed.ends_with("aside: applied\n"), "{reviewed}");
    let open = json_of(&olga(&[
        "--json",
        "reconcile",
        "open",
        "--bank",
        "Euro account",
    ]));
    assert_eq!(open["lines"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        open["pending_resolutions"].as_array().map(Vec::len),
        Some(0)
    );
    let pdf = dir.path().join("reconciliation.pdf");
    let csv = dir.path().join("reconciliation.csv");
    let report = String::from_utf8_lossy(
        &olga(&[
            "reconcile",
            "report",
            "--bank",
            "Euro account",
            "--pdf",
            pdf.to_str().expect("a path"),
            "--csv",
            csv.to_str().expect("a path"),
        ])
        .stdout,
    )
    .to_string();
    assert!(report.contains("matched by hand"), "{report}");
    assert!(report.contains("open: 2 line(s)"), "{report}");
    assert!(
        report.contains("wrote ") && pdf.exists() && csv.exists(),
        "{report}"
    );
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a CSV statement from its mapping to its import, kept whole"
)]
fn a_csv_statement_is_previewed_then_imported_through_the_accounts_saved_mapping() {
    let (dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    init_with_officer(&admin);
    json_of(&admin(&[
        "--json",
        "bank",
        "add",
        "Euro account",
        "--currency",
        "EUR",
        "--account-number",
        "NL77ABNA0574908765",
    ]));
    let file = dir.path().join("umsaetze.csv");
    std::fs::write(
        &file,
        "Buchungstag;Verwendungszweck;Betrag;Referenz\n\
         26.11.2026;Auszahlung 17;-1.234,56;FT-001\n\
         27.11.2026;Q3 Gewinn;90.000,00;FT-002\n",
    )
    .expect("a CSV statement");
    let path = file.to_str().expect("a path");
    let import = |extra: &[&str]| {
        let mut args = vec![
            "bank",
            "import",
            path,
            "--bank",
            "Euro account",
            "--format",
            "csv",
        ];
        args.extend_from_slice(extra);
        olga(&args)
    };
    let unmapped = failure(&import(&[]), 2);
    assert!(
        unmapped.contains("no CSV mapping is saved for Euro account"),
        "{unmapped}"
    );
    json_of(&olga(&[
        "--json",
        "bank",
        "mapping",
        "--bank",
        "Euro account",
        "--date",
        "Buchungstag",
        "--amount",
        "Betrag",
        "--reference",
        "Referenz",
        "--description",
        "Verwendungszweck",
        "--date-format",
        "%d.%m.%Y",
        "--decimal",
        ",",
        "--delimiter",
        ";",
    ]));
    let preview = String::from_utf8_lossy(&import(&["--preview"]).stdout).to_string();
    assert!(
        preview
            .starts_with("1 statement(s), 2 line(s): debits 1234.56 EUR, credits 90000.00 EUR\n"),
        "{preview}"
    );
    assert!(
        preview.ends_with("nothing was kept: run it again without --preview to import\n"),
        "{preview}"
    );
    let lines = json_of(&olga(&[
        "--json",
        "bank",
        "lines",
        "--bank",
        "Euro account",
    ]));
    assert_eq!(
        lines["items"].as_array().map(Vec::len),
        Some(0),
        "the preview kept nothing"
    );
    let done = json_of(&import(&["--json"]));
    assert_eq!(
        (done["format"].as_str(), done["lines"].as_u64()),
        (Some("csv"), Some(2))
    );
    let unknown = failure(
        &olga(&[
            "bank",
            "import",
            path,
            "--bank",
            "Euro account",
            "--format",
            "mt940",
        ]),
        2,
    );
    assert!(unknown.contains("camt053 or csv"), "{unknown}");
}
