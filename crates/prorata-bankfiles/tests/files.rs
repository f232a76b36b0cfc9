//! The payment files as a bank reads them: each pain.001 validated against the ISO 20022
//! schema by xmllint (in USD, NGN, INR and EUR), names with `&`, `<` and accents escaped, the
//! counts and sums stated right, and the CSV read back row by row.

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use prorata_bankfiles::{Debtor, Payment, PaymentBatch, credit_transfer_xml, payment_list_csv};
use prorata_domain::payout::{AccountNumber, Bic};
use prorata_domain::{Currency, Money};

fn schema() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/iso20022/pain.001.001.09.xsd")
}

fn batch(currency: &str, debtor: &str, payees: &[(&str, &str, &str)]) -> PaymentBatch {
    let currency = Currency::from_code(currency).expect("a currency");
    PaymentBatch {
        message_id: "PRORATA-1-BATCH-7".to_owned(),
        created_at: "2026-12-03T09:30:00".to_owned(),
        execution_date: NaiveDate::from_ymd_opt(2026, 12, 4).expect("a date"),
        initiating_party: "Prorata Capital & Partners".to_owned(),
        debtor: Debtor {
            name: "Operating account".to_owned(),
            account: AccountNumber::parse(debtor).expect("an account"),
            bic: Some(Bic::parse("DEUTDEFF").expect("a BIC")),
            bank_name: Some("Deutsche Bank".to_owned()),
        },
        currency,
        payments: payees
            .iter()
            .enumerate()
            .map(|(i, (name, account, amount))| Payment {
                end_to_end_id: format!("PRORATA-1-ITEM-{}", i + 1),
                amount: Money::parse(amount, currency).expect("an amount"),
                creditor_name: (*name).to_owned(),
                creditor_account: AccountNumber::parse(account).expect("an account"),
                creditor_bank: "First Bank <Lagos>".to_owned(),
                remittance: format!("Withdrawal {}", i + 1),
            })
            .collect(),
    }
}

fn validate(xml: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("batch.pain.001.xml");
    std::fs::write(&file, xml).expect("written");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema())
        .arg(&file)
        .output()
        .expect("xmllint runs (Debian's libxml2-utils, installed by scripts/setup)");
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "the schema refuses the file: {said}\n{}",
        String::from_utf8_lossy(xml)
    );
    said
}

#[test]
fn a_pain_001_in_each_currency_is_valid_against_the_iso_20022_schema() {
    let payees = [
        ("Amal O'Neil & Sons", "3012345678", "312.00"),
        ("Zoë <Lagos> Ltd", "0123456789", "1000.50"),
    ];
    for currency in ["USD", "NGN", "INR"] {
        let xml = credit_transfer_xml(&batch(currency, "9876543210", &payees)).expect("written");
        assert!(validate(&xml).contains("validates"));
        let text = String::from_utf8(xml).expect("UTF-8");
        assert!(
            text.contains("<NbOfTxs>2</NbOfTxs>") && text.contains("<CtrlSum>1312.50</CtrlSum>"),
            "{text}"
        );
        assert!(
            text.contains(&format!("<InstdAmt Ccy=\"{currency}\">312.00</InstdAmt>")),
            "{text}"
        );
        assert!(
            text.contains("<Othr>") && text.contains("<Id>3012345678</Id>"),
            "non-IBAN as Othr/Id: {text}"
        );
        assert!(
            text.contains("<Cd>NURG</Cd>") && text.contains("<ChrgBr>SHAR</ChrgBr>"),
            "not SEPA: {text}"
        );
        assert!(
            text.contains("Amal O&apos;Neil &amp; Sons") || text.contains("Amal O'Neil &amp; Sons"),
            "{text}"
        );
        assert!(
            text.contains("Zoë &lt;Lagos&gt; Ltd"),
            "escaped, accents kept: {text}"
        );
        assert!(
            text.contains("<EndToEndId>PRORATA-1-ITEM-1</EndToEndId>"),
            "{text}"
        );
    }
}

#[test]
fn euros_between_ibans_go_as_sepa_and_are_valid() {
    let payees = [("Jörg Müller", "DE89370400440532013000", "250.00")];
    let xml =
        credit_transfer_xml(&batch("EUR", "DE44500105175407324931", &payees)).expect("written");
    validate(&xml);
    let text = String::from_utf8(xml).expect("UTF-8");
    assert!(
        text.contains("<Cd>SEPA</Cd>") && text.contains("<ChrgBr>SLEV</ChrgBr>"),
        "{text}"
    );
    assert!(
        text.contains("<IBAN>DE89370400440532013000</IBAN>"),
        "{text}"
    );
    let domestic = [("Jörg Müller", "12345678", "250.00")];
    let xml =
        credit_transfer_xml(&batch("EUR", "DE44500105175407324931", &domestic)).expect("written");
    validate(&xml);
    assert!(
        String::from_utf8(xml)
            .expect("UTF-8")
            .contains("<Cd>NURG</Cd>"),
        "SEPA needs IBANs"
    );
}

#[test]
fn the_same_batch_gives_the_same_bytes() {
    let payees = [("A", "1", "1.00")];
    let one = credit_transfer_xml(&batch("USD", "2", &payees)).expect("written");
    let two = credit_transfer_xml(&batch("USD", "2", &payees)).expect("written");
    assert_eq!(one, two);
    assert_eq!(
        payment_list_csv(&batch("USD", "2", &payees)),
        payment_list_csv(&batch("USD", "2", &payees))
    );
}

#[test]
fn the_csv_lists_every_payment_with_the_full_bank_details() {
    let payees = [
        ("Amal, \"Jr\"", "3012345678", "312.00"),
        ("Bo", "DE89370400440532013000", "1.00"),
    ];
    let csv = payment_list_csv(&batch("USD", "9876543210", &payees)).expect("written");
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "reference");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        &rows[0][3], "Amal, \"Jr\"",
        "quoted and read back as written"
    );
    assert_eq!(
        &rows[0][4], "3012345678",
        "the full number: the bank needs it"
    );
    assert_eq!(&rows[1][5], "IBAN");
    assert_eq!(&rows[1][1], "1.00");
}

#[test]
fn a_file_with_no_payment_or_a_zero_amount_is_refused() {
    let mut empty = batch("USD", "1", &[("A", "1", "1.00")]);
    empty.payments.clear();
    assert!(credit_transfer_xml(&empty).is_err());
    let zero = batch("USD", "1", &[("A", "1", "0.00")]);
    assert!(matches!(
        credit_transfer_xml(&zero),
        Err(prorata_bankfiles::BankFileError::Payment { index: 0, .. })
    ));
    assert!(payment_list_csv(&zero).is_err());
}
