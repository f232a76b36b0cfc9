//! PostgreSQL's half of the events' rules, tried with raw SQL as the application's role.

use crate::prelude::*;

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "each rule tried in turn on one event, as it moves from calculated to active"
)]
async fn postgresql_keeps_allocations_adding_up_moved_only_by_withdrawals_and_approved_by_a_second_person()
 {
    let book = Book::new().await;
    units_held(&book).await;
    let id = drafted(&book, revenue("Phones", "600.00", "2026-11-20"))
        .await
        .expect("drafted");
    // Calculated by bo, who holds both roles: bo may not approve it either.
    events::calculate_event(book.store(), &book.clock, &book.both, id, None, &book.key())
        .await
        .expect("calculated");
    let by_calculator = book.refused(&format!("UPDATE lp_events SET status = 'active', approved_by = 'bo', approved_at = now() WHERE id = {id}"),
    )
    .await;
    assert!(
        by_calculator.contains("lp_event_checker_is_not_maker"),
        "{by_calculator}"
    );
    let without_entry = book.refused(&format!("UPDATE lp_events SET status = 'active', approved_by = 'abe', approved_at = now() WHERE id = {id}"),
    )
    .await;
    assert!(
        without_entry.contains("has its entry exactly when it is approved"),
        "{without_entry}"
    );
    prorata_app::deals::add_investor(
        book.store(),
        &book.clock,
        &book.officer,
        "Zed",
        None,
        None,
        &book.key(),
    )
    .await
    .expect("an investor with no units");
    let more = book.refused(&format!("INSERT INTO lp_allocations (program_id, event_id, investor_id, units, amount_minor, available_minor, status)
                  SELECT program_id, {id}, id, 1, 100, 100, 'allocated' FROM investors WHERE name = 'Zed'"),
    )
    .await;
    assert!(more.contains("calculated once"), "{more}");
    approved(&book, id).await.expect("approved");
    for sql in [
        "UPDATE lp_allocations SET available_minor = available_minor + 100, amount_minor = amount_minor + 100",
        "UPDATE lp_allocations SET pending_minor = 0",
        "DELETE FROM lp_allocations",
        "DELETE FROM lp_events",
        "UPDATE lp_events SET total_minor = 1",
        "UPDATE lp_event_entries SET entry_id = entry_id",
    ] {
        let error = book.refused(sql).await;
        assert!(error.contains("permission denied"), "{sql}: {error}");
    }
    let back = book
        .refused(&format!(
            "UPDATE lp_events SET status = 'calculated' WHERE id = {id}"
        ))
        .await;
    assert!(back.contains("cannot become calculated"), "{back}");
    let view = shown(&book, id).await;
    let a = allocation_of(&view, "Phones A");
    let b = allocation_of(&view, "Phones B");
    // A withdrawal against an allocation, written straight: beyond what it has, or by
    // another investor, PostgreSQL refuses it.
    let w = request(&book, against("Phones A", "10.00", Some(a)))
        .await
        .expect("requested");
    let copy = |allocation: i64, amount: i64| {
        format!(
            "WITH h AS (INSERT INTO ledger_entries (program_id, idempotency_key, request_digest, kind, phase, effective_date, recorded_at, actor, description)
                        SELECT program_id, 'forged-{allocation}-{amount}', digest, 'withdrawal_held', 'pending', effective_date, now(), 'olga', 'forged'
                        FROM ledger_entries, LATERAL (SELECT sha256('x'::bytea) AS digest) d WHERE id = (SELECT hold_entry_id FROM withdrawals WHERE id = {w}) RETURNING id, program_id)
             INSERT INTO withdrawals (program_id, payee_account_id, currency, amount_minor, status, hold_entry_id, bank_name,
                 account_name_sealed, account_number_sealed, account_number_last4, is_iban, requested_by, requested_at, allocation_id)
             SELECT w.program_id, payee_account_id, currency, {amount}, 'pending', h.id, bank_name, account_name_sealed,
                 account_number_sealed, account_number_last4, is_iban, requested_by, now(), {allocation}
             FROM withdrawals w, h WHERE w.id = {w}"
        )
    };
    let beyond = book.refused(&copy(a, 9_001)).await;
    assert!(
        beyond.contains("lp_allocation_available_not_negative"),
        "{beyond}"
    );
    let other = book.refused(&copy(b, 100)).await;
    assert!(other.contains("is investor"), "{other}");
    let moved = book
        .refused(&format!(
            "UPDATE withdrawals SET allocation_id = {b} WHERE id = {w}"
        ))
        .await;
    assert!(moved.contains("permission denied"), "{moved}");
    let cancelled = book.refused(&format!("UPDATE lp_events SET status = 'cancelled', cancelled_by = 'olga', cancelled_at = now(), cancel_reason = 'x' WHERE id = {id}"),
    )
    .await;
    assert!(cancelled.contains("lp_event"), "{cancelled}");
}
