//! `program status`: an admin pauses, resumes and closes the program; a paused or closed one
//! refuses sales (and a network's transactions) by name while reads and payouts go on; a
//! closed one stays closed; a pause and sales at once never let a sale in after the pause.

use std::sync::Arc;

use crate::prelude::*;

async fn set(book: &Book, status: &str) -> Result<i64, prorata_app::Error> {
    affiliates::set_program_status(
        book.store(),
        &book.clock,
        &book.admin,
        status,
        "the annual audit",
        &book.key(),
    )
    .await
    .map(|c| c.id)
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the admin's and the officer's steps"
)]
async fn a_paused_program_takes_no_sale_while_reads_and_payouts_go_on_and_a_closed_one_stays_closed()
 {
    let book = downline().await;
    sale(&book, "BEN-2", "100.00", "s-1").await.expect("a sale");
    let by_officer = affiliates::set_program_status(
        book.store(),
        &book.clock,
        &book.officer,
        "paused",
        "no",
        &book.key(),
    )
    .await
    .expect_err("an officer does not pause");
    assert_eq!(by_officer.code, Code::PermissionDenied);
    set(&book, "paused").await.expect("paused");
    let refused = sale(&book, "BEN-2", "100.00", "s-2")
        .await
        .expect_err("paused");
    assert_eq!(refused.code, Code::Conflict);
    assert_eq!(
        refused.message,
        "program: it is paused (the annual audit): it takes no new business until an admin resumes it"
    );
    let status = affiliates::program_status(book.store(), &book.officer)
        .await
        .expect("read");
    assert!(!status.takes_new_business);
    // Reads and payouts go on: Ben withdraws what he earned, paid through a batch.
    let ben = affiliates::show_affiliate(book.store(), &book.officer, "Ben")
        .await
        .expect("read");
    assert_eq!(ben.available, "10.00");
    let withdrawal = withdraw_from(&book, "affiliate:2:payable", "10.00").await;
    paid_out(&book, "USD", &[(withdrawal, true)]).await;
    let ben = affiliates::show_affiliate(book.store(), &book.officer, "Ben")
        .await
        .expect("read");
    assert_eq!(
        (ben.payable.as_str(), ben.available.as_str()),
        ("0.00", "0.00")
    );
    set(&book, "active").await.expect("resumed");
    sale(&book, "BEN-2", "100.00", "s-2")
        .await
        .expect("taken again");
    set(&book, "closed").await.expect("closed");
    let reopen = set(&book, "active").await.expect_err("closed stays closed");
    assert_eq!(
        reopen.message,
        "status: the program is closed and cannot become active: a closed program stays closed"
    );
    let refused = sale(&book, "BEN-2", "100.00", "s-3")
        .await
        .expect_err("closed");
    assert_eq!(
        refused.message,
        "program: it is closed (the annual audit): it takes no new business"
    );
    let sql =
        "INSERT INTO program_status_changes (program_id, status, reason, changed_by, changed_at)
               VALUES (1, 'active', 'reopen', 'ada', now())";
    assert!(
        book.refused(sql)
            .await
            .contains("a closed program stays closed")
    );
    book.ledger_ties().await;
}

#[tokio::test]
async fn sales_and_a_pause_at_once_never_record_a_sale_after_the_pause() {
    let book = Arc::new(downline().await);
    let tasks: Vec<_> = (0..10)
        .map(|n| {
            let book = Arc::clone(&book);
            tokio::spawn(async move { sale(&book, "CY-1", "10.00", &format!("race-{n}")).await })
        })
        .collect();
    set(&book, "paused").await.expect("paused");
    let mut recorded = 0;
    for task in tasks {
        match task.await.expect("joined") {
            Ok(_) => recorded += 1,
            Err(e) => assert!(
                e.message.contains("it takes no new business"),
                "{}",
                e.message
            ),
        }
    }
    // Every sale recorded committed before the pause: the tree counts exactly them.
    let tree = affiliates::affiliate_tree(book.store(), &book.officer, Some("CY-1"))
        .await
        .expect("read");
    assert_eq!(tree.items[0].sales, recorded);
    let late = sale(&book, "CY-1", "10.00", "late")
        .await
        .expect_err("after the pause");
    assert_eq!(late.code, Code::Conflict);
    book.ledger_ties().await;
}
