//! The documents as a reader and an archive see them: the text poppler extracts, the fonts it
//! finds embedded, qpdf's structural check, and the bytes, the same in two processes.

mod samples;

use std::path::Path;
use std::process::Command;

use prorata_statements::{
    StatementError, WithdrawalLine, distribution_notice, document_id_in, investor_statement,
};
use samples::{day, money, notice, statement};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} (poppler-utils / qpdf, installed by scripts/setup): {e}")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the PDF");
    path.to_string_lossy().into_owned()
}

/// pdftotext's layout text with runs of spaces made one, so that a test can look for a row.
fn text_of(path: &str) -> String {
    let text = tool("pdftotext", &["-layout", path, "-"]);
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_statement_shows_its_figures_names_and_symbols_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rendered = investor_statement(&statement()).expect("the sample ties");
    let path = write(dir.path(), "statement.pdf", &rendered.bytes);
    let text = text_of(&path);
    for expected in [
        "Lagos Growth Partners",
        "Investor statement",
        "Adéọlá Nwosu",
        "NGN (₦)",
        "1 Nov 2026 – 30 Nov 2026",
        "Opening balance at 31 Oct 2026 ₦ 100,000.00",
        "Profit credited ₦ 39,000.00",
        "LP allocations credited ₦ 0.00",
        "Withdrawals paid ₦ (50,000.00)",
        "Closing balance at 30 Nov 2026 ₦ 89,000.00",
        "Memo: withdrawals pending ₦ 20,000.00",
        "Memo: available to withdraw ₦ 69,000.00",
        "2 Nov 2026 Phones Ikeja 200,000.00 156,000.00 20.0000% 31,200.00",
        "Subtotal Phones Ikeja 31,200.00",
        "Subtotal Solar Kano 7,800.00",
        "Total profit credited 39,000.00",
        "W-7 5 Nov 2026 12 Nov 2026 First Bank •••• 3344 50,000.00",
        "Pending",
        "STMT-1-17-NGN-20261101-20261130",
        "Page 1 of 1",
    ] {
        assert!(
            text.contains(expected),
            "the statement should read {expected:?}:\n{text}"
        );
    }
    let digest = prorata_statements::short_digest(&rendered.content_digest);
    assert!(
        text.contains(&format!("content digest {digest}")),
        "every page names its content digest"
    );
}

#[test]
fn every_font_is_embedded_and_subset_and_qpdf_finds_the_file_sound() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rendered = investor_statement(&statement()).expect("the sample ties");
    let path = write(dir.path(), "statement.pdf", &rendered.bytes);
    let fonts = tool("pdffonts", &[&path]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "the statement uses fonts:\n{fonts}");
    for row in rows {
        let fields: Vec<&str> = row.split_whitespace().collect();
        let name = fields[0];
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "{name} should be a subset (ABCDEF+Name)"
        );
        let (emb, sub) = (fields[fields.len() - 5], fields[fields.len() - 4]);
        assert_eq!(
            (emb, sub),
            ("yes", "yes"),
            "{name} should be embedded and subset:\n{fonts}"
        );
    }
    let check = tool("qpdf", &["--check", &path]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let info = tool("pdfinfo", &["-meta", &path]);
    assert!(
        info.contains("pdfaid:part>2") || info.contains("pdfaid:part=\"2\""),
        "PDF/A-2 is declared:\n{info}"
    );
    assert!(
        info.contains("pdfaid:conformance>B") || info.contains("pdfaid:conformance=\"B\""),
        "conformance B:\n{info}"
    );
}

#[test]
fn a_long_statement_breaks_across_pages_and_repeats_its_table_header() {
    let mut long = statement();
    let template = long.profit[0].clone();
    long.profit = (0..120)
        .map(|i| {
            let mut line = template.clone();
            line.distribution_id = 1000 + i;
            line.amount = money("325.00");
            line
        })
        .collect();
    long.closing_balance = money("89000.00");
    // 120 × 325.00 = 39,000.00: the same total as the sample, so it still ties.
    let rendered = investor_statement(&long).expect("ties");
    assert!(
        rendered.pages >= 3,
        "120 lines take several pages, not {}",
        rendered.pages
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "long.pdf", &rendered.bytes);
    for page in 1..=rendered.pages {
        let p = page.to_string();
        let text = tool("pdftotext", &["-layout", "-f", &p, "-l", &p, &path, "-"]);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&format!("Page {page} of {}", rendered.pages)),
            "page {page}: {flat}"
        );
        if page > 1 && flat.contains("325.00") {
            assert!(
                flat.contains("Date Deal Deal profit Investor pool Share % Amount"),
                "page {page} repeats the table's header: {flat}"
            );
        }
    }
}

#[test]
fn a_statement_that_does_not_tie_to_the_ledger_is_refused() {
    let mut off = statement();
    off.closing_balance = money("89000.01");
    match investor_statement(&off) {
        Err(StatementError::DoesNotTie { made, ledger, .. }) => {
            assert_eq!((made.as_str(), ledger.as_str()), ("89000.00", "89000.01"));
        }
        other => panic!("a statement one kobo off must be refused, got {other:?}"),
    }
    let mut outside = statement();
    outside.profit[0].value_date = day(2026, 12, 1);
    let err = investor_statement(&outside).expect_err("a line after the period");
    assert!(err.to_string().contains("2026-12-01"), "{err}");
}

#[test]
fn a_name_the_font_cannot_show_is_refused_by_name() {
    let mut s = statement();
    s.recipient.name = "李华".to_owned();
    let err = investor_statement(&s).expect_err("no CJK in the shipped font");
    assert!(err.to_string().contains("U+674E"), "{err}");
}

#[test]
fn the_same_statement_gives_the_same_bytes_and_names_itself() {
    let one = investor_statement(&statement()).expect("ties");
    let two = investor_statement(&statement()).expect("ties");
    assert_eq!(one.bytes, two.bytes, "no clock, no random id, no map order");
    assert_eq!(
        document_id_in(&one.bytes).as_deref(),
        Some("STMT-1-17-NGN-20261101-20261130")
    );
    let mut other = statement();
    other.withdrawals_pending.push(WithdrawalLine {
        withdrawal_id: 9,
        requested_on: day(2026, 11, 29),
        paid_on: None,
        bank_account: "Zenith •••• 0001".to_owned(),
        amount: money("1.00"),
    });
    let three = investor_statement(&other).expect("ties");
    assert_ne!(three.sha256, one.sha256);
    assert_ne!(three.content_digest, one.content_digest);
}

/// Renders the sample in a child process (this test binary, run for one test) and compares
/// its bytes with this process's.
#[test]
fn two_processes_write_the_same_bytes() {
    if let Ok(out) = std::env::var("PRORATA_STATEMENT_CHILD_OUT") {
        let bytes = investor_statement(&statement()).expect("ties").bytes;
        std::fs::write(out, bytes).expect("child writes");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("child.pdf");
    let status = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "two_processes_write_the_same_bytes",
            "--test-threads=1",
        ])
        .env("PRORATA_STATEMENT_CHILD_OUT", &out)
        .status()
        .expect("run the child");
    assert!(status.success());
    let child = std::fs::read(&out).expect("the child's PDF");
    let ours = investor_statement(&statement()).expect("ties").bytes;
    assert_eq!(child, ours, "another process writes the same bytes");
}

#[test]
fn a_notice_restates_the_whole_calculation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rendered = distribution_notice(&notice()).expect("adds up");
    let path = write(dir.path(), "notice.pdf", &rendered.bytes);
    let text = text_of(&path);
    for expected in [
        "Distribution notice",
        "NOTE-1-42-17",
        "Deal value on 2 Nov 2026 12,000.00",
        "High-water mark before 10,000.00",
        "Profit above the mark 2,000.00",
        "Partner commission 20% (400.00)",
        "Platform fee 2% (40.00)",
        "Investor pool 1,560.00",
        "Your capital in the deal 2,000.00",
        "All capital sharing in the pool 10,000.00",
        "Your share of the pool 20.0000% 312.00",
        "Balance before this distribution 100.00",
        "Balance after 412.00",
        "USD ($)",
    ] {
        assert!(
            text.contains(expected),
            "the notice should read {expected:?}:\n{text}"
        );
    }
    let mut wrong = notice();
    wrong.balance_after = money_usd("412.01");
    assert!(matches!(
        distribution_notice(&wrong),
        Err(StatementError::DoesNotTie { .. })
    ));
}

fn money_usd(text: &str) -> prorata_domain::Money {
    samples::usd(text)
}

/// Writes the sample statement and notice, and their first pages as PNG, where
/// `PRORATA_STATEMENT_SAMPLES` says (the README's picture is made so).
#[test]
fn samples_are_written_where_asked() {
    let Ok(dir) = std::env::var("PRORATA_STATEMENT_SAMPLES") else {
        return;
    };
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).expect("samples folder");
    for (name, bytes) in [
        (
            "statement",
            investor_statement(&statement()).expect("ties").bytes,
        ),
        (
            "notice",
            distribution_notice(&notice()).expect("adds up").bytes,
        ),
        (
            "reconciliation",
            prorata_statements::bank_reconciliation_report(&reconciliation())
                .expect("rendered")
                .bytes,
        ),
    ] {
        let pdf = write(dir, &format!("{name}.pdf"), &bytes);
        let png = dir.join(name).to_string_lossy().into_owned();
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                &pdf,
                &png,
            ],
        );
    }
}

fn reconciliation() -> prorata_statements::BankReconciliationReport {
    use prorata_statements::{
        BankReconciliationReport, Issuer, MatchedByRule, OpenEntry, WaitingResolution,
    };
    let entry = |id, kind: &str, reference: &str, amount: &str| OpenEntry {
        id,
        date: Some(day(2026, 11, 26)),
        kind: kind.to_owned(),
        reference: reference.to_owned(),
        amount: money_usd(amount),
    };
    BankReconciliationReport {
        report_id: "BANKREC-1-3-20261207".to_owned(),
        issuer: Issuer {
            name: "Lagos Growth Partners".to_owned(),
        },
        bank: "Operating USD".to_owned(),
        account_number: "•••• 4321".to_owned(),
        ledger_account: "bank:3".to_owned(),
        issued_on: day(2026, 12, 7),
        ledger_balance: money_usd("1830.00"),
        statement: Some(("S-11".to_owned(), Some(money_usd("1810.01")))),
        matched: vec![
            MatchedByRule {
                rule: "EndToEndId".to_owned(),
                outcome: "paid".to_owned(),
                matches: 2,
                lines: 2,
                amount: money_usd("150.00"),
            },
            MatchedByRule {
                rule: "by hand".to_owned(),
                outcome: "ignored".to_owned(),
                matches: 1,
                lines: 1,
                amount: money_usd("4.90"),
            },
        ],
        open_lines: vec![entry(41, "debit", "FT-0041", "19.99")],
        open_items: vec![entry(7, "sent", "PRORATA-1-ITEM-7", "20.00")],
        open_remittances: vec![],
        waiting: vec![WaitingResolution {
            id: 2,
            line_id: 42,
            resolved_as: "payout item 9".to_owned(),
            amount: money_usd("600.00"),
            resolved_by: "olga".to_owned(),
            reason: "booked without its reference".to_owned(),
        }],
    }
}

#[test]
fn a_reconciliation_report_sets_the_statement_against_the_ledger_and_lists_what_is_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rendered =
        prorata_statements::bank_reconciliation_report(&reconciliation()).expect("rendered");
    let path = write(dir.path(), "reconciliation.pdf", &rendered.bytes);
    let text = text_of(&path);
    for expected in [
        "Bank reconciliation",
        "BANKREC-1-3-20261207",
        "Operating USD (•••• 4321)",
        "Ledger bank:3 1,830.00",
        "Closing booked balance of statement S-11 1,810.01",
        "Statement less ledger (19.99)",
        "EndToEndId paid 2 2 150.00",
        "by hand ignored 1 1 4.90",
        "41 26 Nov 2026 debit FT-0041 19.99",
        "7 26 Nov 2026 sent PRORATA-1-ITEM-7 20.00",
        "Every remittance is settled by a credit.",
        "42 payout item 9 olga booked without its reference 600.00",
    ] {
        assert!(
            text.contains(expected),
            "the report should read {expected:?}:\n{text}"
        );
    }
    let again =
        prorata_statements::bank_reconciliation_report(&reconciliation()).expect("rendered");
    assert_eq!(
        again.bytes, rendered.bytes,
        "the same report gives the same bytes"
    );
    let png = dir.path().join("page").to_string_lossy().into_owned();
    tool(
        "pdftoppm",
        &["-png", "-r", "60", "-f", "1", "-l", "1", &path, &png],
    );
    assert!(
        dir.path().join("page-1.png").exists(),
        "its first page renders"
    );
}
