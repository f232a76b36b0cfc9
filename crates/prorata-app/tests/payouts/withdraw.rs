//! `withdrawal request | approve | reject | cancel | show | reveal`: a hold on the payee's
//! payable while the request is decided by someone who did not enter it.

use crate::prelude::*;

async fn investor_code(book: &Book) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM investors WHERE name = 'Phones A'")
        .fetch_one(book.store().pool())
        .await
        .expect("the investor");
    format!("investor:{id}:payable")
}

#[tokio::test]
async fn a_request_holds_its_amount_and_a_rejection_releases_it() {
    let book = Book::new().await;
    owed(&book).await;
    let code = investor_code(&book).await;
    let id = request(&book, to_investor("Phones A", "100.00"))
        .await
        .expect("requested");
    assert_eq!(
        payable(&book, &code).await,
        ("312.00".into(), "100.00".into(), "212.00".into())
    );
    let shown = payouts::show_withdrawal(book.store(), &book.approver, id)
        .await
        .expect("shown");
    assert_eq!(shown.bank_account, "•••• 5678", "masked");
    assert_eq!(
        shown.payee_available, "212.00",
        "what is left beside the request"
    );
    assert_eq!(shown.payee_name, "payable to Phones A");
    assert!(shown.permits.approve.allowed);
    let s = book.store();
    payouts::reject_withdrawal(
        s,
        &book.clock,
        &book.approver,
        id,
        "the account name does not match",
        &book.key(),
    )
    .await
    .expect("rejected");
    assert_eq!(
        payable(&book, &code).await,
        ("312.00".into(), "0.00".into(), "312.00".into())
    );
    let again = payouts::approve_withdrawal(s, &book.clock, &book.approver, id, &book.key())
        .await
        .expect_err("decided once");
    assert_eq!(again.code, Code::Conflict);
}

#[tokio::test]
async fn the_enterer_never_approves_their_own_request_even_holding_both_roles() {
    let book = Book::new().await;
    owed(&book).await;
    let s = book.store();
    let id = payouts::request_withdrawal(
        s,
        &book.clock,
        &book.both,
        to_investor("Phones A", "50.00"),
        Some(data_key()),
        &book.key(),
    )
    .await
    .expect("requested by bo")
    .id;
    let own = payouts::approve_withdrawal(s, &book.clock, &book.both, id, &book.key())
        .await
        .expect_err("maker-checker");
    assert_eq!(own.code, Code::PermissionDenied);
    let view = payouts::show_withdrawal(s, &book.both, id)
        .await
        .expect("shown");
    assert!(
        !view.permits.approve.allowed,
        "the window is told so, with the reason"
    );
    payouts::approve_withdrawal(s, &book.clock, &book.approver, id, &book.key())
        .await
        .expect("a second person approves");
    let approved = payouts::list_withdrawals(s, &book.officer, Some("approved"))
        .await
        .expect("listed");
    assert_eq!(approved.items.len(), 1);
    assert_eq!(
        approved.items[0].payee_pending, "50.00",
        "approved money stays held until paid"
    );
}

#[tokio::test]
async fn a_request_beyond_what_is_available_or_for_no_payable_changes_nothing() {
    let book = Book::new().await;
    owed(&book).await;
    let code = investor_code(&book).await;
    request(&book, to_investor("Phones A", "300.00"))
        .await
        .expect("a first request");
    let beyond = request(&book, to_investor("Phones A", "12.01"))
        .await
        .expect_err("only 12.00 is left");
    assert_eq!(beyond.code, Code::Conflict);
    assert!(beyond.message.contains("12.00"), "{}", beyond.message);
    let stranger = request(&book, to_investor("Nobody", "1.00"))
        .await
        .expect_err("unknown");
    assert!(
        stranger.message.starts_with("investor:"),
        "{}",
        stranger.message
    );
    let mut malformed = to_investor("Phones A", "1.001");
    let bad = request(&book, malformed)
        .await
        .expect_err("more decimals than cents");
    assert!(bad.message.starts_with("amount:"), "{}", bad.message);
    malformed = to_investor("Phones A", "1.00");
    malformed.account_number = "30/12";
    let bad = request(&book, malformed)
        .await
        .expect_err("not an account number");
    assert!(
        bad.message.starts_with("account_number:"),
        "{}",
        bad.message
    );
    let not_payable = NewWithdrawal {
        payee: Payee::Account("platform:fee_income"),
        ..to_investor("x", "1.00")
    };
    let bad = request(&book, not_payable)
        .await
        .expect_err("the platform is owed nothing");
    assert!(bad.message.starts_with("payee:"), "{}", bad.message);
    let approver = payouts::request_withdrawal(
        book.store(),
        &book.clock,
        &book.approver,
        to_investor("Phones A", "1.00"),
        Some(data_key()),
        &book.key(),
    )
    .await
    .expect_err("officers enter requests");
    assert_eq!(approver.code, Code::PermissionDenied);
    assert_eq!(
        payable(&book, &code).await,
        ("312.00".into(), "300.00".into(), "12.00".into())
    );
}

#[tokio::test]
async fn a_cancelled_request_releases_its_hold_and_a_replayed_request_holds_once() {
    let book = Book::new().await;
    owed(&book).await;
    let code = investor_code(&book).await;
    let s = book.store();
    let key = book.key();
    let first = payouts::request_withdrawal(
        s,
        &book.clock,
        &book.officer,
        to_investor("Phones A", "10.00"),
        Some(data_key()),
        &key,
    )
    .await
    .expect("requested");
    let replay = payouts::request_withdrawal(
        s,
        &book.clock,
        &book.officer,
        to_investor("Phones A", "10.00"),
        Some(data_key()),
        &key,
    )
    .await
    .expect("replayed");
    assert_eq!(first.id, replay.id, "the same key is the same request");
    assert_eq!(payable(&book, &code).await.1, "10.00", "held once");
    let other = payouts::request_withdrawal(
        s,
        &book.clock,
        &book.officer,
        to_investor("Phones A", "11.00"),
        Some(data_key()),
        &key,
    )
    .await
    .expect_err("another request under the same key");
    assert_eq!(other.code, Code::Conflict);
    payouts::cancel_withdrawal(s, &book.clock, &book.officer, first.id, &book.key())
        .await
        .expect("cancelled");
    assert_eq!(payable(&book, &code).await.2, "312.00", "available again");
}

#[tokio::test]
async fn bank_details_are_revealed_only_with_a_reason_and_the_reveal_is_audited() {
    let book = Book::new().await;
    owed(&book).await;
    let id = request(&book, to_investor("Phones A", "10.00"))
        .await
        .expect("requested");
    let s = book.store();
    let no_reason = payouts::reveal_withdrawal(s, &book.clock, &book.approver, id, " ", data_key())
        .await
        .expect_err("a reason is needed");
    assert_eq!(no_reason.code, Code::Validation);
    let shown = payouts::reveal_withdrawal(
        s,
        &book.clock,
        &book.approver,
        id,
        "payee called to confirm",
        data_key(),
    )
    .await
    .expect("revealed");
    assert_eq!(shown.account_number, "3012345678");
    assert_eq!(shown.account_name, "Amal Okafor");
    let reason: String = sqlx::query_scalar(
        "SELECT reason FROM audit_log WHERE action = 'withdrawal.revealed' AND object = $1",
    )
    .bind(format!("withdrawal:{id}"))
    .fetch_one(s.pool())
    .await
    .expect("the reveal is on the audit log");
    assert_eq!(reason, "payee called to confirm");
}

#[tokio::test]
async fn an_investors_page_gives_what_is_owed_held_and_available_in_each_book() {
    let book = Book::new().await;
    let s = book.store();
    let never = payouts::payee_balances(s, &book.approver, Payee::Investor("Phones A"))
        .await
        .expect_err("no such investor yet");
    assert_eq!(never.code, Code::Validation);
    owed(&book).await;
    request(&book, to_investor("Phones A", "100.00"))
        .await
        .expect("requested");
    let balances = payouts::payee_balances(s, &book.approver, Payee::Investor("Phones A"))
        .await
        .expect("read")
        .items;
    let shown: Vec<_> = balances
        .iter()
        .map(|b| {
            (
                b.currency.as_str(),
                b.balance.as_str(),
                b.pending.as_str(),
                b.available.as_str(),
            )
        })
        .collect();
    assert_eq!(shown, [("USD", "312.00", "100.00", "212.00")]);
    assert_eq!(balances[0].account, investor_code(&book).await);
    let unknown = payouts::payee_balances(s, &book.approver, Payee::Investor("Nobody"))
        .await
        .expect_err("unknown");
    assert!(unknown.message.contains("Nobody"), "{}", unknown.message);
}
