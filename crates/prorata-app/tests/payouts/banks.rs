//! `bank add | list`: the organisation's bank accounts, numbers sealed and shown masked.

use crate::prelude::*;

#[tokio::test]
async fn an_admin_registers_a_bank_account_whose_number_is_sealed_and_shown_masked() {
    let book = Book::new().await;
    let id = usd_bank(&book, "Operating USD").await;
    let banks = payouts::list_bank_accounts(book.store(), &book.officer)
        .await
        .expect("listed");
    let bank = &banks.items[0];
    assert_eq!(bank.id, id);
    assert_eq!(
        bank.account_number, "•••• 6789",
        "only the last four in clear"
    );
    assert_eq!(bank.ledger_account, format!("bank:{id}"));
    assert_eq!(bank.bic.as_deref(), Some("CHASUS33"));
    let stored: Vec<u8> =
        sqlx::query_scalar("SELECT account_number_sealed FROM bank_accounts WHERE id = $1")
            .bind(id)
            .fetch_one(book.store().pool())
            .await
            .expect("reads");
    assert!(
        !stored.windows(10).any(|w| w == b"0123456789"),
        "the number is never stored in clear"
    );
}

async fn add(
    book: &Book,
    session: &prorata_app::session::Session,
    number: &str,
    bic: Option<&str>,
) -> Result<prorata_app::responses::Created, prorata_app::Error> {
    let new = NewBankAccount {
        name: "Euro",
        currency: "EUR",
        account_number: number,
        bic,
        bank_name: None,
    };
    let key = book.key();
    payouts::add_bank_account(
        book.store(),
        &book.clock,
        session,
        new,
        Some(data_key()),
        &key,
    )
    .await
}

#[tokio::test]
async fn a_bank_account_is_refused_for_a_bad_iban_bic_or_role_and_a_taken_name() {
    let book = Book::new().await;
    let bad_iban = add(&book, &book.admin, "DE44500105175407324932", None)
        .await
        .expect_err("a bad check digit");
    assert_eq!(bad_iban.code, Code::Validation);
    assert!(
        bad_iban.message.starts_with("account_number:"),
        "{}",
        bad_iban.message
    );
    let bad_bic = add(&book, &book.admin, "DE44500105175407324931", Some("DEUT"))
        .await
        .expect_err("a short BIC");
    assert!(bad_bic.message.starts_with("bic:"), "{}", bad_bic.message);
    let officer = add(&book, &book.officer, "DE44500105175407324931", None)
        .await
        .expect_err("admins only");
    assert_eq!(officer.code, Code::PermissionDenied);
    add(&book, &book.admin, "DE44500105175407324931", None)
        .await
        .expect("a valid IBAN");
    let taken = add(&book, &book.admin, "DE44500105175407324931", None)
        .await
        .expect_err("one name once");
    assert_eq!(taken.code, Code::Conflict);
    let banks = payouts::list_bank_accounts(book.store(), &book.admin)
        .await
        .expect("listed");
    assert_eq!(banks.items.len(), 1, "nothing refused was kept");
    assert!(banks.items[0].iban);
}
