//! `export distributions|shares|withdrawals|ledger`: the program's rows as CSV, as a
//! spreadsheet or an auditor's script reads them.

use crate::prelude::*;

fn lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("the export");
    assert!(text.ends_with("\r\n"), "RFC 4180 lines end in CRLF");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn each_export_has_a_header_and_one_row_per_record_with_amounts_at_scale() {
    let book = Book::new().await;
    november(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let s = book.store();
    let mut written = Vec::new();
    for kind in ["distributions", "shares", "withdrawals", "ledger"] {
        let out = dir.path().join(format!("{kind}.csv"));
        let done = statements::export(s, &book.clock, &book.approver, kind, &out)
            .await
            .expect(kind);
        assert_eq!(done.kind, kind);
        let rows = lines(&out);
        assert_eq!(
            i64::try_from(rows.len() - 1).expect("rows"),
            done.rows,
            "{kind}: a header and its rows"
        );
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out)
                .expect("written")
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
        written.push(rows);
    }
    let [distributions, shares, withdrawals, ledger] =
        <[Vec<String>; 4]>::try_from(written).expect("four");
    assert!(distributions[0].starts_with("id,deal_id,deal,value_date,kind,status,currency,value,"));
    assert!(distributions[1].contains(",Phones,2026-11-24,distribution,posted,USD,12000.00,10000.00,2000.00,0.2,400.00,0.02,40.00,1560.00,"), "{}", distributions[1]);
    assert_eq!(shares.len(), 4, "A, B and C's shares");
    assert!(
        shares.iter().any(|r| r.contains(",Phones A,USD,312.00,")),
        "{shares:?}"
    );
    assert_eq!(withdrawals.len(), 3, "the paid and the pending request");
    assert!(
        withdrawals[1].contains(",paid,")
            && withdrawals[1].contains(",100.00,First Bank,•••• 5678,"),
        "{}",
        withdrawals[1]
    );
    assert!(
        withdrawals.iter().all(|r| !r.contains("3012345678")),
        "never the whole account number"
    );
    assert!(
        ledger[0].starts_with(
            "posting_id,entry_id,effective_date,kind,phase,account,currency,side,amount"
        )
    );
    assert!(
        ledger
            .iter()
            .any(|r| r.contains(":payable,USD,credit,312.00,")),
        "{ledger:?}"
    );
}

#[tokio::test]
async fn an_unknown_export_or_a_missing_folder_is_refused_and_writes_nothing() {
    let book = Book::new().await;
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("x.csv");
    let unknown = statements::export(
        book.store(),
        &book.clock,
        &book.officer,
        "commissions",
        &out,
    )
    .await
    .expect_err("unknown");
    assert_eq!(unknown.code, Code::Validation);
    assert!(
        unknown
            .message
            .contains("one of distributions, shares, withdrawals, ledger"),
        "{}",
        unknown.message
    );
    let nowhere = dir.path().join("missing/x.csv");
    let missing = statements::export(book.store(), &book.clock, &book.officer, "ledger", &nowhere)
        .await
        .expect_err("no folder");
    assert!(missing.message.starts_with("out:"), "{}", missing.message);
    assert_eq!(std::fs::read_dir(dir.path()).expect("listed").count(), 0);
}

#[tokio::test]
async fn the_window_s_export_names_its_file_for_the_kind_and_the_day() {
    let book = Book::new().await;
    november(&book).await;
    let dir = tempfile::tempdir().expect("a folder");
    let done = statements::export_into(
        book.store(),
        &book.clock,
        &book.approver,
        "shares",
        dir.path(),
    )
    .await
    .expect("exported by an approver");
    assert!(
        done.file.ends_with("shares-2026-12-02.csv"),
        "{}",
        done.file
    );
    assert_eq!(done.rows, 3);
}
