//! `remittance record`: Dr the bank / Cr the deal's receivable, never beyond what it holds.

use crate::prelude::*;

fn remittance<'a>(bank: &'a str, amount: &'a str) -> NewRemittance<'a> {
    NewRemittance {
        deal: "Phones",
        bank,
        amount,
        date: "2026-11-25",
        of: None,
        reference: Some("TRF-0042"),
        notation: Notation::Plain,
    }
}

#[tokio::test]
async fn a_remittance_moves_the_receivable_into_the_bank_and_never_beyond_it() {
    let book = Book::new().await;
    let deal_id = owed(&book).await;
    let bank = usd_bank(&book, "Operating USD").await;
    let s = book.store();
    let first = payouts::record_remittance(
        s,
        &book.clock,
        &book.officer,
        remittance("Operating USD", "1500.00"),
        &book.key(),
    )
    .await
    .expect("recorded");
    assert_eq!(book.balance(&format!("bank:{bank}")).await, "1500.00");
    let deal = book
        .balance(&format!("deal:{deal_id}:profit_receivable"))
        .await;
    assert_eq!(deal, "500.00", "the receivable is settled by what came in");
    let beyond = payouts::record_remittance(
        s,
        &book.clock,
        &book.officer,
        remittance("Operating USD", "500.01"),
        &book.key(),
    )
    .await
    .expect_err("more than is receivable");
    assert_eq!(beyond.code, Code::Conflict);
    assert!(
        beyond.message.contains("500.00"),
        "says what it holds: {}",
        beyond.message
    );
    let listed = payouts::list_remittances(s, &book.officer, Some("Phones"))
        .await
        .expect("listed");
    assert_eq!(listed.items.len(), 1, "the refused one changed nothing");
    assert_eq!(listed.items[0].id, first.id);
    assert_eq!(listed.items[0].reference.as_deref(), Some("TRF-0042"));
    let tb = prorata_app::ledger::trial_balance(s, &book.officer, None)
        .await
        .expect("tb");
    assert!(
        tb.difference.values().all(|d| d == "0.00"),
        "the book balances"
    );
    let reconciled = prorata_app::reconcile::reconcile_ledger(s, &book.officer)
        .await
        .expect("reconciled");
    assert!(
        reconciled.intact,
        "a remittance settles the receivable the reconciliation expects: {reconciled:?}"
    );
}

#[tokio::test]
async fn a_remittance_is_refused_into_a_bank_of_another_currency_or_by_a_non_officer() {
    let book = Book::new().await;
    owed(&book).await;
    let new = NewBankAccount {
        name: "Naira",
        currency: "NGN",
        account_number: "3012345678",
        bic: None,
        bank_name: None,
    };
    payouts::add_bank_account(
        book.store(),
        &book.clock,
        &book.admin,
        new,
        Some(data_key()),
        &book.key(),
    )
    .await
    .expect("an NGN bank");
    let s = book.store();
    let other = payouts::record_remittance(
        s,
        &book.clock,
        &book.officer,
        remittance("Naira", "10.00"),
        &book.key(),
    )
    .await
    .expect_err("nothing converts");
    assert!(other.message.contains("keeps NGN"), "{}", other.message);
    usd_bank(&book, "Operating USD").await;
    let approver = payouts::record_remittance(
        s,
        &book.clock,
        &book.approver,
        remittance("Operating USD", "10.00"),
        &book.key(),
    )
    .await
    .expect_err("officers record remittances");
    assert_eq!(approver.code, Code::PermissionDenied);
    let zero = payouts::record_remittance(
        s,
        &book.clock,
        &book.officer,
        remittance("Operating USD", "0"),
        &book.key(),
    )
    .await
    .expect_err("nothing to record");
    assert_eq!(zero.code, Code::Validation);
}
