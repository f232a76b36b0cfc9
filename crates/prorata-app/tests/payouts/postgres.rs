//! PostgreSQL's half of the payout rules, tried with raw SQL as the application's role.

use crate::prelude::*;

#[tokio::test]
async fn postgresql_refuses_a_self_approval_a_forged_decision_and_any_change_of_amount_or_details()
{
    let book = Book::new().await;
    owed(&book).await;
    let s = book.store();
    let id = payouts::request_withdrawal(
        s,
        &book.clock,
        &book.both,
        to_investor("Phones A", "10.00"),
        Some(data_key()),
        &book.key(),
    )
    .await
    .expect("requested by bo, who is also an approver")
    .id;
    let own = book.refused(&format!("UPDATE withdrawals SET status = 'approved', decided_by = 'bo', decided_at = now() WHERE id = {id}")).await;
    assert!(own.contains("withdrawal_checker_is_not_maker"), "{own}");
    let officer = book.refused(&format!("UPDATE withdrawals SET status = 'approved', decided_by = 'olga', decided_at = now() WHERE id = {id}")).await;
    assert!(
        officer.contains("olga is not a user holding {approver}"),
        "{officer}"
    );
    let ghost = book.refused(&format!("UPDATE withdrawals SET status = 'approved', decided_by = 'nobody', decided_at = now() WHERE id = {id}")).await;
    assert!(ghost.contains("nobody is not a user"), "{ghost}");
    let amount = book
        .refused(&format!(
            "UPDATE withdrawals SET amount_minor = 1 WHERE id = {id}"
        ))
        .await;
    assert!(
        amount.contains("permission denied for table withdrawals"),
        "{amount}"
    );
    let details = book
        .refused(&format!(
            "UPDATE withdrawals SET account_number_last4 = '0000' WHERE id = {id}"
        ))
        .await;
    assert!(details.contains("permission denied"), "{details}");
    // Who acted is the store's to record: an id is never the client's to set.
    let forged_id = book
        .refused(&format!(
            "UPDATE withdrawals SET requested_by_id = requested_by_id + 1 WHERE id = {id}"
        ))
        .await;
    assert!(forged_id.contains("permission denied"), "{forged_id}");
    let skip = book
        .refused(&format!(
            "UPDATE withdrawals SET status = 'paid', decided_by = 'abe' WHERE id = {id}"
        ))
        .await;
    assert!(skip.contains("pending cannot become paid"), "{skip}");
    let gone = book
        .refused(&format!("DELETE FROM withdrawals WHERE id = {id}"))
        .await;
    assert!(gone.contains("permission denied"), "{gone}");
    let truncate = book
        .refused("TRUNCATE withdrawals, remittances, bank_accounts")
        .await;
    assert!(truncate.contains("permission denied"), "{truncate}");
}

#[tokio::test]
async fn postgresql_refuses_a_rejection_that_keeps_its_hold_and_a_request_without_one() {
    let book = Book::new().await;
    owed(&book).await;
    let id = request(&book, to_investor("Phones A", "10.00"))
        .await
        .expect("requested");
    let kept = book.refused(&format!(
        "UPDATE withdrawals SET status = 'rejected', decided_by = 'abe', decided_at = now(), reject_reason = 'no' WHERE id = {id}"
    ))
    .await;
    assert!(
        kept.contains("is rejected but its hold"),
        "the money would stay held: {kept}"
    );
    let copy = book.refused(&format!(
        "INSERT INTO withdrawals (program_id, payee_account_id, currency, amount_minor, status, hold_entry_id,
             bank_name, account_name_sealed, account_number_sealed, account_number_last4, is_iban,
             requested_by, requested_at)
         SELECT program_id, payee_account_id, currency, amount_minor * 100, 'pending',
                (SELECT max(id) FROM ledger_entries WHERE phase = 'posted'), bank_name,
                account_name_sealed, account_number_sealed, account_number_last4, is_iban,
                requested_by, now()
         FROM withdrawals WHERE id = {id}"
    ))
    .await;
    assert!(
        copy.contains("is not a hold"),
        "a request is its own hold: {copy}"
    );
}

#[tokio::test]
async fn postgresql_refuses_a_remittance_that_is_not_its_entry_or_exceeds_the_receivable() {
    let book = Book::new().await;
    let deal = owed(&book).await;
    let bank = usd_bank(&book, "Operating USD").await;
    let forged = book.refused(&format!(
        "INSERT INTO remittances (program_id, deal_id, bank_id, currency, kind, amount_minor, remitted_on,
             journal_entry_id, recorded_by, recorded_at)
         SELECT program_id, {deal}, {bank}, 'USD', 'profit', 100, '2026-11-25', max(id), 'olga', now()
         FROM ledger_entries GROUP BY program_id"
    ))
    .await;
    assert!(
        forged.contains("is not Dr bank"),
        "an entry of another event: {forged}"
    );
    let bank_change = book
        .refused(&format!(
            "UPDATE bank_accounts SET currency = 'NGN' WHERE id = {bank}"
        ))
        .await;
    assert!(bank_change.contains("permission denied"), "{bank_change}");
    let admin_only = book.refused("INSERT INTO bank_accounts (program_id, name, currency, account_number_sealed, account_number_last4, is_iban, created_by, created_at)
         SELECT program_id, 'Side', 'USD', account_number_sealed, '1234', false, 'olga', now() FROM bank_accounts",
    )
    .await;
    assert!(
        admin_only.contains("olga is not a user holding {admin}"),
        "{admin_only}"
    );
}
