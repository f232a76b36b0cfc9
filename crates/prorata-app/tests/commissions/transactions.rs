//! `txn record | import | show | list | reverse`: a transaction commissioned over its
//! member's upline (a missing role's margin rolled up, the parts adding up to the total to
//! the paisa), admins refused, replays recorded once, a reversal once and never of what was
//! withdrawn, races, and PostgreSQL's half as the application's role.

use std::sync::Arc;

use prorata_app::commissions::{NetworkTransactionStatus, NewNetworkTransaction};
use prorata_app::input::Notation;

use crate::prelude::*;

fn txn<'a>(member: &'a str, amount: &'a str) -> NewNetworkTransaction<'a> {
    NewNetworkTransaction {
        member,
        service: "recharge",
        amount,
        reference: None,
        notation: Notation::Plain,
    }
}

async fn record(
    book: &Book,
    new: NewNetworkTransaction<'_>,
    key: &str,
) -> Result<i64, prorata_app::Error> {
    commissions::record_network_transaction(book.store(), &book.clock, &book.officer, new, key)
        .await
        .map(|c| c.id)
}

/// Each part as `member role margin amount`, from the transacting member up.
async fn parts_of(book: &Book, id: i64) -> Vec<String> {
    commissions::show_network_transaction(book.store(), &book.officer, id)
        .await
        .expect("shown")
        .commissions
        .iter()
        .map(|c| format!("{} {} {} {}", c.member, c.role, c.margin, c.amount))
        .collect()
}

#[tokio::test]
async fn a_transaction_is_shared_by_margins_with_a_missing_roles_margin_rolled_up_to_the_member_above()
 {
    let book = network().await;
    let id = record(&book, txn("ravi", "1000.00"), "t-1")
        .await
        .expect("recorded");
    // dist resolves admin 5%, white label 4%, master distributor 3% (no member holds it: its
    // margin of 1.2% goes to wala), distributor 1.8%, retailer 1.2%.
    assert_eq!(
        parts_of(&book, id).await,
        [
            "ravi retailer 0.012 12.00",
            "dina distributor 0.006 6.00",
            "wala white_label 0.022 22.00",
            "ada's network admin 0.01 10.00",
        ]
    );
    let shown = commissions::show_network_transaction(book.store(), &book.officer, id)
        .await
        .expect("shown");
    assert_eq!(
        (shown.commission.as_str(), shown.commission_rate.as_str()),
        ("50.00", "0.05")
    );
    assert_eq!(shown.status, NetworkTransactionStatus::Recorded);
    assert!(shown.can_reverse);
    assert_eq!(
        book.balance("service:recharge:commission_pool").await,
        "50.00"
    );
    assert_eq!(book.balance("member:2:commission_payable").await, "22.00");
    // An amount whose parts do not divide evenly: 5% of 333.33 is 16.6665, 16.67 half up,
    // and the parts add up to it exactly.
    let odd = record(&book, txn("dina", "333.33"), "t-2")
        .await
        .expect("recorded");
    assert_eq!(
        parts_of(&book, odd).await,
        [
            "dina distributor 0.018 6.00",
            "wala white_label 0.022 7.34",
            "ada's network admin 0.01 3.33",
        ]
    );
    assert_eq!(
        book.balance("service:recharge:commission_pool").await,
        "66.67"
    );
    let ravis = commissions::list_network_transactions(book.store(), &book.officer, Some("ravi"))
        .await
        .expect("listed");
    assert_eq!(ravis.items.len(), 1, "ravi earned a part of its own only");
    let walas = commissions::list_network_transactions(book.store(), &book.officer, Some("wala"))
        .await
        .expect("listed");
    assert_eq!(
        walas.items.iter().map(|t| t.id).collect::<Vec<_>>(),
        [odd, id]
    );
    book.ledger_ties().await;
}

#[tokio::test]
async fn an_admin_does_not_transact_and_bad_input_is_refused_by_name_changing_nothing() {
    let book = network().await;
    let cases = [
        (
            txn("ada's network", "100.00"),
            Code::Validation,
            "member: ada's network is an admin: admins do not initiate transactions",
        ),
        (
            txn("nobody", "100.00"),
            Code::Validation,
            "member: no network member is named nobody",
        ),
        (
            txn("ravi", "12.345"),
            Code::Validation,
            "amount: \"12.345\" has more decimals than INR allows (at most 2)",
        ),
        (
            txn("ravi", "0"),
            Code::Validation,
            "amount: a transaction is more than zero",
        ),
        (
            NewNetworkTransaction {
                service: "Recharge",
                ..txn("ravi", "100.00")
            },
            Code::Validation,
            "service: \"Recharge\" is not a service code",
        ),
        (
            NewNetworkTransaction {
                service: "bills",
                ..txn("ravi", "100.00")
            },
            Code::Conflict,
            "amount: 100.00 in bills at the scheme dist's rate of 0 earns no commission",
        ),
    ];
    for (new, code, says) in cases {
        let error = record(&book, new, &book.key()).await.expect_err(says);
        assert_eq!(error.code, code, "{says}");
        assert!(error.message.starts_with(says), "{}", error.message);
    }
    let listed = commissions::list_network_transactions(book.store(), &book.officer, None)
        .await
        .expect("listed");
    assert!(listed.items.is_empty());
    let refused = commissions::record_network_transaction(
        book.store(),
        &book.clock,
        &book.approver,
        txn("ravi", "100.00"),
        &book.key(),
    )
    .await
    .expect_err("an approver does not record");
    assert_eq!(refused.code, Code::PermissionDenied);
    book.ledger_ties().await;
}

#[tokio::test]
async fn a_replayed_transaction_is_recorded_once_and_its_key_with_other_content_is_refused() {
    let book = network().await;
    let first = record(&book, txn("ravi", "1000.00"), "t-1")
        .await
        .expect("recorded");
    let again = record(&book, txn("ravi", "1000.00"), "t-1")
        .await
        .expect("replayed");
    assert_eq!(first, again);
    let other = record(&book, txn("ravi", "999.00"), "t-1")
        .await
        .expect_err("other content");
    assert_eq!(other.code, Code::Conflict);
    // Eight at once under one new key: one transaction.
    let book = Arc::new(book);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let book = Arc::clone(&book);
            tokio::spawn(async move { record(&book, txn("dina", "500.00"), "t-2").await })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        if let Ok(id) = task.await.expect("joined") {
            ids.push(id);
        }
    }
    ids.dedup();
    assert_eq!(
        ids.len(),
        1,
        "every success names the one transaction: {ids:?}"
    );
    let listed = commissions::list_network_transactions(book.store(), &book.officer, None)
        .await
        .expect("listed");
    assert_eq!(listed.items.len(), 2);
    assert_eq!(
        book.balance("service:recharge:commission_pool").await,
        "75.00"
    );
    book.ledger_ties().await;
}

#[tokio::test]
async fn a_file_is_checked_whole_recorded_in_batches_and_recorded_once_however_often_imported() {
    let book = network().await;
    let b = &book;
    let import = |file: String| async move {
        commissions::import_network_transactions(b.store(), &b.clock, &b.officer, file.as_bytes())
            .await
    };
    let bad = "key,member,service,amount\nk1,ravi,recharge,10.00\nk2,rita,recharge,10.00\n";
    let error = import(bad.to_owned()).await.expect_err("rita is unknown");
    assert_eq!(
        error.message,
        "line 3: member: no network member is named rita"
    );
    let admin = "key,member,service,amount\nk1,1,recharge,10.00\n";
    let error = import(admin.to_owned()).await.expect_err("an admin");
    assert!(
        error
            .message
            .starts_with("line 2: member: ada's network is an admin"),
        "{}",
        error.message
    );
    let lines: String = (0..1_500)
        .map(|n| {
            format!(
                "k{n},{},recharge,{}.00,ref {n}\n",
                ["ravi", "dina", "4"][n % 3],
                100 + n % 7
            )
        })
        .collect();
    let file = format!("key,member,service,amount,reference\n{lines}");
    let (one, two) = tokio::join!(import(file.clone()), import(file.clone()));
    let (one, two) = (one.expect("imported"), two.expect("imported"));
    assert_eq!(one.recorded + two.recorded, 1_500, "{one:?} {two:?}");
    assert_eq!((one.batches, one.lines), (2, 1_500));
    let again = import(file).await.expect("imported again");
    assert_eq!((again.recorded, again.already_recorded), (0, 1_500));
    let expected_minor: i64 = (0..1_500).map(|n| (100 + n % 7) * 5).sum();
    assert_eq!(
        book.balance("service:recharge:commission_pool").await,
        format!("{}.{:02}", expected_minor / 100, expected_minor % 100)
    );
    book.ledger_ties().await;
}

#[tokio::test]
async fn a_reversal_undoes_the_entry_once_with_its_reason_and_never_takes_back_what_was_withdrawn()
{
    let book = network().await;
    let id = record(&book, txn("ravi", "1000.00"), "t-1")
        .await
        .expect("recorded");
    let b = &book;
    let reverse = |id: i64, reason: &'static str, key: String| async move {
        commissions::reverse_network_transaction(b.store(), &b.clock, &b.officer, id, reason, &key)
            .await
    };
    let blank = reverse(id, " ", book.key()).await.expect_err("no reason");
    assert_eq!(blank.code, Code::Validation);
    let (one, two) = tokio::join!(
        reverse(id, "the operator refunded the customer", book.key()),
        reverse(id, "the operator refunded the customer", book.key())
    );
    let done = [one, two];
    assert_eq!(done.iter().filter(|r| r.is_ok()).count(), 1, "{done:?}");
    let refused = done
        .iter()
        .find_map(|r| r.as_ref().err())
        .expect("one refused");
    assert!(
        refused.message.contains("a transaction is reversed once"),
        "{}",
        refused.message
    );
    let shown = commissions::show_network_transaction(book.store(), &book.officer, id)
        .await
        .expect("shown");
    assert_eq!(shown.status, NetworkTransactionStatus::Reversed);
    assert_eq!(
        shown.reversal_reason.as_deref(),
        Some("the operator refunded the customer")
    );
    assert!(!shown.can_reverse);
    assert_eq!(
        book.balance("service:recharge:commission_pool").await,
        "0.00"
    );
    assert_eq!(book.balance("member:4:commission_payable").await, "0.00");
    // Ravi withdraws what a second transaction earned it: that transaction is not reversed.
    let second = record(&book, txn("ravi", "1000.00"), "t-2")
        .await
        .expect("recorded");
    withdraw_from(&book, "member:4:commission_payable", "12.00").await;
    let error = reverse(second, "refunded", book.key())
        .await
        .expect_err("withdrawn");
    assert_eq!(
        error.message,
        format!(
            "transaction {second}: ravi earned 12.00 of it and has 0.00 available: the rest was paid or is held for a withdrawal, so the reversal cannot take it back"
        )
    );
    assert_eq!(
        book.balance("service:recharge:commission_pool").await,
        "50.00"
    );
    book.ledger_ties().await;
}

#[tokio::test]
async fn transactions_recorded_while_the_root_rate_changes_are_each_commissioned_at_one_rate() {
    let book = Arc::new(network().await);
    let tasks: Vec<_> = (0..12)
        .map(|n| {
            let book = Arc::clone(&book);
            tokio::spawn(
                async move { record(&book, txn("ravi", "100.00"), &format!("race-{n}")).await },
            )
        })
        .collect();
    set(&book, &book.admin, "root", &["admin=0.06"])
        .await
        .expect("the admin's rate raised");
    for task in tasks {
        task.await.expect("joined").expect("recorded");
    }
    let listed = commissions::list_network_transactions(book.store(), &book.officer, None)
        .await
        .expect("listed");
    for t in &listed.items {
        let expected = if t.commission_rate == "0.05" {
            "5.00"
        } else {
            "6.00"
        };
        assert_eq!(t.commission, expected, "{t:?}");
    }
    book.ledger_ties().await;
}

#[tokio::test]
async fn postgresql_checks_at_commit_that_commissions_are_the_uplines_add_up_and_are_booked() {
    let book = network().await;
    let id = record(&book, txn("ravi", "1000.00"), "t-1")
        .await
        .expect("recorded");
    commissions::reverse_network_transaction(
        book.store(),
        &book.clock,
        &book.officer,
        id,
        "a reversal's entry to forge with",
        &book.key(),
    )
    .await
    .expect("reversed");
    let forged = |member: &str, commission: u32, rest: &str| {
        format!(
            "WITH t AS (
                 INSERT INTO network_transactions (program_id, member_id, service, currency,
                     amount_minor, commission_rate, commission_minor, entry_id, recorded_by, recorded_at)
                 SELECT 1, m.id, 'recharge', 'INR', 100000, 0.05, {commission},
                        (SELECT entry_id FROM network_reversals LIMIT 1), 'olga', now()
                 FROM network_members m WHERE m.name = '{member}'
                 RETURNING id)
             {rest}"
        )
    };
    let part = |name: &str, role: &str, margin: &str, amount: u32| {
        format!(
            "SELECT t.id, 1, m.id, '{role}'::network_role, {margin}, {amount} FROM t, network_members m WHERE m.name = '{name}'"
        )
    };
    let parts = |ravi: u32| {
        format!(
            ", p AS (INSERT INTO network_commissions (transaction_id, program_id, member_id, role, margin, amount_minor)
                     {} UNION ALL {} UNION ALL {} UNION ALL {}) SELECT 1",
            part("ravi", "retailer", "0.012", ravi),
            part("dina", "distributor", "0.006", 600),
            part("wala", "white_label", "0.022", 2200),
            part("ada''s network", "admin", "0.01", 1000),
        )
    };
    for (sql, says) in [
        (forged("ada's network", 5000, "SELECT 1"), "by an admin, who does not initiate transactions"),
        (forged("ravi", 4000, "SELECT 1"), "is not the recharge rate the scheme resolves"),
        (forged("ravi", 5000, "SELECT 1"), "is of the upline but has no part"),
        (forged("ravi", 5000, &parts(1199)), "its parts add up to 4999"),
        (forged("ravi", 5000, &parts(1200)), "its entry does not book its commissions"),
        (
            format!("INSERT INTO network_commissions (transaction_id, program_id, member_id, role, margin, amount_minor)
                     VALUES ({id}, 1, 99, 'retailer', 0, 0)"),
            "is commissioned once, when it is recorded",
        ),
        (format!("UPDATE network_transactions SET commission_minor = 1 WHERE id = {id}"), "permission denied"),
        (format!("DELETE FROM network_reversals WHERE transaction_id = {id}"), "permission denied"),
        (
            format!("INSERT INTO network_reversals (transaction_id, program_id, entry_id, reason, reversed_by, reversed_at)
                     SELECT {id}, 1, entry_id, 'again', 'olga', now() FROM network_transactions WHERE id = {id}"),
            "is not the reversal of its entry",
        ),
        (
            "INSERT INTO network_members (program_id, name, role, upline_id, scheme_id, currency, added_by, added_at)
             SELECT 1, 'usha', 'retailer', id, scheme_id, 'USD', 'olga', now() FROM network_members WHERE name = 'dina'".to_owned(),
            "its currency USD is not its upline's INR",
        ),
    ] {
        let message = book.refused(&sql.replace("ada's", "ada''s")).await;
        assert!(message.contains(says), "{sql}: {message}");
    }
}

#[tokio::test]
async fn a_paused_program_takes_no_network_transaction_here_or_in_postgresql() {
    let book = network().await;
    record(&book, txn("ravi", "1000.00"), "t-1")
        .await
        .expect("recorded");
    // A withdrawal's hold: an entry no transaction booked, to forge one with.
    withdraw_from(&book, "member:4:commission_payable", "12.00").await;
    prorata_app::affiliates::set_program_status(
        book.store(),
        &book.clock,
        &book.admin,
        "paused",
        "the network's contract is renegotiated",
        &book.key(),
    )
    .await
    .expect("paused");
    let refused = record(&book, txn("ravi", "1000.00"), "t-2")
        .await
        .expect_err("paused");
    assert_eq!(
        refused.message,
        "program: it is paused (the network's contract is renegotiated): it takes no new business until an admin resumes it"
    );
    let sql =
        "INSERT INTO network_transactions (program_id, member_id, service, currency, amount_minor,
                   commission_rate, commission_minor, entry_id, recorded_by, recorded_at)
               SELECT 1, 4, 'recharge', 'INR', 100000, 0.05, 5000, max(hold_entry_id), 'olga', now()
               FROM withdrawals";
    let message = book.refused(sql).await;
    assert!(
        message.contains("program 1 is paused: it takes no new business"),
        "{message}"
    );
    book.ledger_ties().await;
}
