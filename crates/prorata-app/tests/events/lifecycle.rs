//! An event from draft to completion: allocations by units at the snapshot, a second
//! person's approval posting its entry, withdrawals against allocations through the payouts
//! flow, and every step on the audit chain with before and after.

use crate::prelude::*;

async fn payable(book: &Book, investor: &str) -> (String, String, String) {
    let code: String =
        sqlx::query_scalar("SELECT 'investor:' || id || ':payable' FROM investors WHERE name = $1")
            .bind(investor)
            .fetch_one(book.store().pool())
            .await
            .expect("the code");
    let b = prorata_app::ledger::account_balance(book.store(), &book.officer, &code, None, None)
        .await
        .expect("a balance");
    (b.balance, b.pending, b.available)
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the users' steps, kept whole"
)]
async fn proceeds_are_allocated_by_units_approved_by_a_second_person_and_withdrawn_allocation_by_allocation()
 {
    let book = Book::new().await;
    units_held(&book).await;
    let id = drafted(&book, revenue("Phones", "1000.00", "2026-11-20"))
        .await
        .expect("drafted");
    calculated(&book, id, None).await.expect("calculated");
    let view = shown(&book, id).await;
    assert_eq!(view.status.as_str(), "calculated");
    assert_eq!(view.snapshot_date.as_deref(), Some("2026-11-20"));
    assert_eq!(view.total_units.as_deref(), Some("600.0000000"));
    assert_eq!(view.amount_per_unit.as_deref(), Some("1.6666667"));
    let by_units =
        |i: &str, u: &str, o: &str, a: &str| [i, u, o, a, "0.00", "0.00", a].map(str::to_owned);
    assert_eq!(
        positions(&view),
        [
            by_units("Phones A", "100.0000000", "16.6666667%", "166.67"),
            by_units("Phones B", "200.0000000", "33.3333333%", "333.33"),
            by_units("Phones C", "300.0000000", "50.0000000%", "500.00"),
        ]
    );
    // The officer who calculated it holds no approver role; an approver who calculated
    // nothing approves, and the entry is posted in the same transaction.
    let factor = SecondFactor::default();
    let officer = events::approve_event(
        book.store(),
        &book.clock,
        &book.officer,
        id,
        factor,
        &book.key(),
    )
    .await;
    assert_eq!(
        officer.expect_err("not an approver").code,
        Code::PermissionDenied
    );
    approved(&book, id).await.expect("approved");
    let deal: i64 = sqlx::query_scalar("SELECT id FROM deals WHERE name = 'Phones'")
        .fetch_one(book.store().pool())
        .await
        .expect("deal");
    assert_eq!(
        book.balance(&format!("deal:{deal}:proceeds_receivable"))
            .await,
        "1000.00"
    );
    assert_eq!(
        payable(&book, "Phones A").await,
        ("166.67".into(), "0.00".into(), "166.67".into())
    );
    let view = shown(&book, id).await;
    assert_eq!(view.status.as_str(), "active");
    assert_eq!(view.journal_entry_ids.len(), 1);

    // Withdrawals draw on one allocation each, never beyond what it has available.
    let a = allocation_of(&view, "Phones A");
    let first = request(&book, against("Phones A", "100.00", Some(a)))
        .await
        .expect("requested");
    let beyond = request(&book, against("Phones A", "66.68", Some(a)))
        .await
        .expect_err("beyond");
    assert_eq!(beyond.code, Code::Conflict);
    assert!(
        beyond
            .message
            .contains(&format!("more than allocation {a} has available (66.67)")),
        "{}",
        beyond.message
    );
    let b = allocation_of(&view, "Phones B");
    let not_theirs = request(&book, against("Phones A", "1.00", Some(b)))
        .await
        .expect_err("B's");
    assert!(
        not_theirs.message.contains("is Phones B's"),
        "{}",
        not_theirs.message
    );
    // What the allocations still have available is kept from withdrawals that name none.
    let plain = request(&book, against("Phones A", "0.01", None))
        .await
        .expect_err("kept");
    assert!(
        plain.message.contains("kept for its LP allocations"),
        "{}",
        plain.message
    );

    // A cancel is refused once anything is pending against the event, naming the withdrawal.
    let cancel = events::cancel_event(
        book.store(),
        &book.clock,
        &book.officer,
        id,
        "wrong total",
        &book.key(),
    )
    .await;
    let cancel = cancel.expect_err("drawn on");
    assert_eq!(cancel.code, Code::Conflict);
    assert!(
        cancel.message.contains(&format!(
            "withdrawal {first} (pending) draws on its allocation {a}"
        )),
        "{}",
        cancel.message
    );

    let rest_a = request(&book, against("Phones A", "66.67", Some(a)))
        .await
        .expect("the rest of A");
    let all_b = request(&book, against("Phones B", "333.33", Some(b)))
        .await
        .expect("all of B");
    paid_out(
        &book,
        "USD",
        &[(first, true), (rest_a, false), (all_b, true)],
    )
    .await;
    let view = shown(&book, id).await;
    assert_eq!(view.allocations[0].withdrawn, "100.00");
    assert_eq!(
        view.allocations[0].available, "66.67",
        "a failed payment makes it available again"
    );
    assert_eq!(view.allocations[0].status.as_str(), "partially_withdrawn");
    assert_eq!(view.allocations[1].status.as_str(), "fully_withdrawn");
    assert_eq!(view.totals.allocated, "1000.00");
    assert_eq!(
        (
            view.totals.withdrawn.as_str(),
            view.totals.pending.as_str(),
            view.totals.available.as_str()
        ),
        ("433.33", "0.00", "566.67")
    );
    assert_eq!(view.status.as_str(), "active");

    // The last of it paid: the event completes by itself.
    let again_a = request(&book, against("Phones A", "66.67", Some(a)))
        .await
        .expect("A again");
    let c = allocation_of(&view, "Phones C");
    let all_c = request(&book, against("Phones C", "500.00", Some(c)))
        .await
        .expect("all of C");
    paid_out(&book, "USD", &[(again_a, true), (all_c, true)]).await;
    let view = shown(&book, id).await;
    assert_eq!(view.status.as_str(), "completed");
    assert_eq!(view.totals.withdrawn, "1000.00");
    assert_eq!(
        payable(&book, "Phones A").await,
        ("0.00".into(), "0.00".into(), "0.00".into())
    );

    // Every step is on the audit chain, with before and after.
    let actions: Vec<(String, Option<serde_json::Value>, Option<serde_json::Value>)> = sqlx::query_as(
        "SELECT action, before, after FROM audit_log WHERE object = $1 OR object = $2 ORDER BY id",
    )
    .bind(format!("event:{id}"))
    .bind(format!("allocation:{a}"))
    .fetch_all(book.store().pool())
    .await
    .expect("the log");
    let names: Vec<&str> = actions.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        names,
        [
            "event.created",
            "event.calculated",
            "event.approved",
            "allocation.moved", // 100.00 requested
            "allocation.moved", // 66.67 requested
            "allocation.moved", // 100.00 paid
            "allocation.moved", // 66.67 failed
            "allocation.moved", // 66.67 requested again
            "allocation.moved", // paid
            "event.completed",
        ]
    );
    let (_, before, after) = &actions[5];
    assert_eq!(before.as_ref().expect("before")["pending_minor"], 16_667);
    assert_eq!(after.as_ref().expect("after")["withdrawn_minor"], 10_000);
    let (_, _, after) = &actions[6];
    assert_eq!(after.as_ref().expect("after")["available_minor"], 6_667);
    assert_eq!(
        after.as_ref().expect("after")["status"],
        "partially_withdrawn"
    );
    let verified = prorata_app::audit::verify_audit(book.store(), &book.admin)
        .await
        .expect("verified");
    assert!(verified.intact, "{verified:?}");
}

#[tokio::test]
async fn the_events_history_and_every_allocation_export_as_csv_with_their_payment_positions() {
    let book = Book::new().await;
    units_held(&book).await;
    let id = active(&book, "Phones", "1000.00", "2026-11-20").await;
    let a = allocation_of(&shown(&book, id).await, "Phones A");
    request(&book, against("Phones A", "66.67", Some(a)))
        .await
        .expect("requested");
    let history = events::list_events(book.store(), &book.officer, Some("Phones"))
        .await
        .expect("listed");
    let t = &history.items[0].totals;
    assert_eq!(
        (
            t.allocated.as_str(),
            t.withdrawn.as_str(),
            t.pending.as_str(),
            t.available.as_str()
        ),
        ("1000.00", "0.00", "66.67", "933.33")
    );
    let dir = tempfile::tempdir().expect("a folder");
    let export = |kind: &'static str| {
        let out = dir.path().join(format!("{kind}.csv"));
        let book = &book;
        async move {
            prorata_app::statements::export(book.store(), &book.clock, &book.officer, kind, &out)
                .await
                .expect("exported");
            std::fs::read_to_string(&out).expect("the file")
        }
    };
    let allocations = export("allocations").await;
    let lines: Vec<&str> = allocations.lines().collect();
    assert_eq!(
        lines[0],
        "id,event_id,event,event_status,deal,investor_id,investor,currency,units,ownership,allocated,withdrawn,pending,available,status"
    );
    assert!(
        lines[1]
            .ends_with(",Phones A,USD,100.0000000,16.6666667%,166.67,0.00,66.67,100.00,allocated"),
        "{}",
        lines[1]
    );
    assert_eq!(lines.len(), 4);
    let events_csv = export("events").await;
    let lines: Vec<&str> = events_csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,deal,type,title,status,currency,distribution_date,snapshot_date,total_units,allocated,withdrawn,pending,available"
    );
    assert_eq!(
        lines[1],
        format!(
            "{id},Phones,revenue,November revenue,active,USD,2026-11-20,2026-11-20,600.0000000,1000.00,0.00,66.67,933.33"
        )
    );
}
