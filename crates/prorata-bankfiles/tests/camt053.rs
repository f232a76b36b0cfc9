//! camt.053 statements read from real banks' files (../shared/iso20022/samples, read where
//! they are): batched entries a line per detail with each detail's own amount, returns and
//! reversals, the .001.02 and .001.08 versions, balances that do not add up or are in another
//! currency reported, and malformed files refused by name.

use std::path::PathBuf;

use prorata_bankfiles::{CamtError, read_camt053};

fn sample(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/iso20022/samples")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_batched_return_is_a_line_per_detail_with_its_own_amount_and_reason_never_the_total_twice() {
    let file =
        read_camt053(&sample("camt.053.001.02_OCA_EUR_batch-with-returns.xml")).expect("read");
    assert_eq!(file.version, "camt.053.001.02");
    assert_eq!(file.message_id, "TESTBANK/NL/1420561226673");
    let [statement] = file.statements.as_slice() else {
        panic!("one statement")
    };
    assert_eq!(statement.account, "NL77ABNA0574908765");
    assert_eq!(statement.currency.code(), "EUR");
    let lines: Vec<String> = statement
        .lines
        .iter()
        .map(|l| {
            format!(
                "{} {} {}{} {} {} {}",
                l.origin,
                if l.credit { "CRDT" } else { "DBIT" },
                l.amount,
                if l.reversal { " reversal" } else { "" },
                l.end_to_end_id.as_deref().unwrap_or("-"),
                l.payment_information_id.as_deref().unwrap_or("-"),
                l.return_reason.as_deref().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "entry 1 DBIT 754.25 435005714488-ABNO33052620 - -",
            "entry 2, detail 1 DBIT 564.05 reversal TESTBANK/NL/20141229/01206408 2018/125-20141229-NORM AC06",
            "entry 2, detail 2 DBIT 100.00 reversal TESTBANK/NL/20141229/01206407 2018/125-20141229-NORM AC06",
            "entry 3 CRDT 1405.31 115 - -",
        ]
    );
    let first = &statement.lines[0];
    assert_eq!(
        first.bank_transaction_code.as_deref(),
        Some("PMNT/RDDT/ESDD")
    );
    assert_eq!(
        first.booking_date.map(|d| d.to_string()).as_deref(),
        Some("2014-01-05")
    );
    assert_eq!(
        first.counterparty.as_deref(),
        Some("INSURANCE COMPANY TESTX")
    );
    assert_eq!(
        statement.opening_booked.map(|m| m.to_string()).as_deref(),
        Some("15568.27")
    );
    // 15,568.27 - 754.25 - 664.05 + 1,405.31 = 15,555.28 against a closing 15,121.12.
    assert_eq!(
        statement.warnings,
        [
            "its booked entries take the opening balance 15568.27 to 15555.28, not the closing 15121.12: they are 434.16 EUR over"
        ]
    );
}

#[test]
fn the_001_08_version_reads_its_status_code_booking_date_time_and_structured_reference_and_reports_foreign_balances()
 {
    let file = read_camt053(&sample("camt.053.001.08_genkgo_multi-ccy.xml")).expect("read");
    assert_eq!(file.version, "camt.053.001.08");
    let statement = &file.statements[0];
    assert_eq!(statement.account, "NL26VAYB8060476890");
    let [line] = statement.lines.as_slice() else {
        panic!("one line")
    };
    assert_eq!(
        line.amount.to_string(),
        "8.85",
        "the entry's amount: its one detail says SEK 0"
    );
    assert!(line.credit);
    assert_eq!(line.status, "BOOK");
    assert_eq!(
        line.booking_date.map(|d| d.to_string()).as_deref(),
        Some("2014-12-31")
    );
    assert_eq!(
        line.value_date.map(|d| d.to_string()).as_deref(),
        Some("2015-01-02")
    );
    assert_eq!(
        line.bank_reference.as_deref(),
        Some("AAAASESS-FP-CN_98765/01")
    );
    assert_eq!(line.end_to_end_id.as_deref(), Some("MUELL/FINP/RA12345"));
    assert_eq!(line.remittance.as_deref(), Some("4654654654654654"));
    assert_eq!(line.counterparty.as_deref(), Some("Company Name"));
    assert_eq!(
        statement.closing_booked, None,
        "its closing balance is in SEK"
    );
    assert_eq!(
        statement.warnings,
        [
            "its CLBD balance is in SEK, not the statement's EUR: it is not used",
            "its OPAV balance is in CHF, not the statement's EUR: it is not used",
            "its CLAV balance is in JPY, not the statement's EUR: it is not used",
        ]
    );
}

#[test]
fn a_file_of_another_message_or_with_a_bad_amount_or_a_batch_that_does_not_add_up_is_refused_by_name()
 {
    let pain = r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>"#;
    assert_eq!(
        read_camt053(pain),
        Err(CamtError::NotCamt053("pain.001.001.09".to_owned()))
    );
    let base = sample("camt.053.001.02_OCA_EUR_batch-with-returns.xml");
    // The .001.04 version keeps these elements' names: the same file under its namespace.
    let v4 = read_camt053(&base.replace("camt.053.001.02", "camt.053.001.04")).expect("read");
    assert_eq!(
        (v4.version.as_str(), v4.statements[0].lines.len()),
        ("camt.053.001.04", 4)
    );
    let bad = base.replacen(
        r#"<Amt Ccy="EUR">754.25</Amt>"#,
        r#"<Amt Ccy="EUR">754.255</Amt>"#,
        1,
    );
    let error = read_camt053(&bad).expect_err("three decimals");
    assert!(
        error
            .to_string()
            .starts_with("statement 1234Test/1: entry 1: \"754.255\""),
        "{error}"
    );
    let short = base.replacen(
        r#"<Amt Ccy="EUR">100.00</Amt>"#,
        r#"<Amt Ccy="EUR">99.00</Amt>"#,
        1,
    );
    assert_eq!(
        read_camt053(&short).expect_err("short").to_string(),
        "statement 1234Test/1: entry 2's 2 details add up to 663.05, not its amount 664.05"
    );
    let foreign = base.replacen(
        r#"<Amt Ccy="EUR">1405.31</Amt>"#,
        r#"<Amt Ccy="USD">1405.31</Amt>"#,
        1,
    );
    assert_eq!(
        read_camt053(&foreign).expect_err("USD").to_string(),
        "statement 1234Test/1: entry 3 is in USD, not the statement's EUR"
    );
    assert!(matches!(
        read_camt053(
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.04\"><BkToCstmrStmt>"
        ),
        Err(CamtError::Malformed(_))
    ));
}
