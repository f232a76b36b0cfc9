//! Money paid out in tests: a data key of the tests' own, and withdrawals approved, batched,
//! executed and confirmed by the bank through the payouts flow, as its people would.

use prorata_app::payouts::{self, Confirmation};
use prorata_app::second_factor::SecondFactor;
use prorata_store::crypto::DataKey;

use super::Book;

/// A data key of the tests' own: sealing and opening need one, not a particular one.
pub fn data_key() -> &'static DataKey {
    static KEY: std::sync::OnceLock<DataKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| DataKey::generate().expect("a key"))
}

/// The officer asks to pay `amount` from a payable (an investor's, a member's wallet, a
/// network member's or an affiliate's commissions) to a bank account; the request's id.
pub async fn withdraw_from(book: &Book, payable: &str, amount: &str) -> i64 {
    let withdrawal = payouts::NewWithdrawal {
        payee: payouts::Payee::Account(payable),
        amount,
        currency: None,
        bank_name: "First Bank",
        account_number: "3012345678",
        account_name: "A payee",
        allocation: None,
        notation: prorata_app::input::Notation::Plain,
    };
    payouts::request_withdrawal(
        book.store(),
        &book.clock,
        &book.officer,
        withdrawal,
        Some(data_key()),
        &book.key(),
    )
    .await
    .expect("a withdrawal requested")
    .id
}

/// Approves the withdrawals, sends them in one batch of a new bank account in `currency` and
/// confirms each as the bank says: paid (`true`) or failed.
pub async fn paid_out(book: &Book, currency: &str, withdrawals: &[(i64, bool)]) {
    let ids: Vec<i64> = withdrawals.iter().map(|(id, _)| *id).collect();
    let (batch, _) = executed_batch(book, currency, &ids).await;
    let s = book.store();
    let items = payouts::show_batch(s, &book.officer, batch)
        .await
        .expect("shown")
        .items;
    for (item, (_, paid)) in items.iter().zip(withdrawals) {
        let said = if *paid {
            Confirmation::Paid {
                reference: "BANK-REF",
            }
        } else {
            Confirmation::Failed {
                reason: "account closed",
            }
        };
        payouts::confirm_item(s, &book.clock, &book.officer, item.id, said, &book.key())
            .await
            .expect("confirmed");
    }
}

/// The withdrawals approved and sent in one executed batch of a new bank account (number
/// 0123456789) in `currency`: the batch's id and the account's name.
pub async fn executed_batch(book: &Book, currency: &str, ids: &[i64]) -> (i64, String) {
    let s = book.store();
    let bank = format!("Operating {}", book.key());
    let new = payouts::NewBankAccount {
        name: &bank,
        currency,
        account_number: "0123456789",
        bic: Some("CHASUS33"),
        bank_name: Some("Chase"),
    };
    payouts::add_bank_account(
        s,
        &book.clock,
        &book.admin,
        new,
        Some(data_key()),
        &book.key(),
    )
    .await
    .expect("a bank account");
    for id in ids {
        payouts::approve_withdrawal(s, &book.clock, &book.approver, *id, &book.key())
            .await
            .expect("approved");
    }
    let batch = payouts::create_batch(s, &book.clock, &book.officer, &bank, &book.key())
        .await
        .expect("a batch")
        .id;
    payouts::add_to_batch(s, &book.clock, &book.officer, batch, ids, &book.key())
        .await
        .expect("added");
    payouts::submit_batch(s, &book.clock, &book.officer, batch, &book.key())
        .await
        .expect("submitted");
    let factor = SecondFactor {
        data_key: Some(data_key()),
        code: None,
    };
    payouts::approve_batch(s, &book.clock, &book.approver, batch, factor, &book.key())
        .await
        .expect("batch approved");
    let dir = tempfile::tempdir().expect("a folder");
    payouts::execute_batch(
        s,
        &book.clock,
        &book.approver,
        batch,
        dir.path(),
        factor,
        &book.key(),
    )
    .await
    .expect("executed");
    (batch, bank)
}
