//! Bank statements from the command line, as DESIGN §10 names the commands: a real bank's
//! camt.053 imported once for its account, its lines listed, a warning printed, and a file of
//! another account refused with exit status 2.

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
