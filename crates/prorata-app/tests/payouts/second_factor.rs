//! `user mfa enrol | confirm | disable` and the program rule that money leaving needs a fresh
//! code: approving distributions, approving a batch, executing one. Codes are made from the
//! secret the enrolment shows, as an authenticator app makes them.

use prorata_app::audit::audit_log;
use prorata_app::clock::Clock;
use prorata_app::deals::approve_distributions;
use prorata_app::second_factor::{
    Enrolment, confirm_second_factor, disable_second_factor, enrol_second_factor,
    second_factor_status, set_second_factor_rule,
};
use prorata_app::session::Session;
use prorata_domain::control::second_factor::{
    SecondFactorState, WRONG_CODES_BEFORE_PAUSE, code_at, secret_from_text,
};

use crate::prelude::*;

/// The book with the rule on, as a program made now has it.
async fn requiring(book: &Book) {
    let on = set_second_factor_rule(
        book.store(),
        &book.clock,
        &book.admin,
        true,
        SecondFactor::default(),
        &book.key(),
    )
    .await;
    assert!(on.expect("the rule is on").changed);
}

/// The code `user`'s authenticator shows at the book's time, `steps` steps on.
fn code(book: &Book, enrolment: &Enrolment, steps: i64) -> String {
    let secret = secret_from_text(&enrolment.secret).expect("the secret");
    let at = book.clock.now().timestamp() + steps * 30;
    code_at(&secret, u64::try_from(at).expect("after 1970")).expect("a code")
}

fn with(code: &str) -> SecondFactor<'_> {
    SecondFactor {
        code: Some(code),
        data_key: Some(data_key()),
    }
}

/// `user` enrols and confirms with a first code; the enrolment.
async fn set_up(book: &Book, user: &Session) -> Enrolment {
    let s = book.store();
    let name = user.user();
    let enrolment = enrol_second_factor(s, &book.clock, user, name, Some(data_key()))
        .await
        .expect("enrolled");
    assert_eq!(enrolment.state, SecondFactorState::AwaitingFirstCode);
    let first = code(book, &enrolment, 0);
    let view = confirm_second_factor(s, &book.clock, user, with(&first))
        .await
        .expect("confirmed");
    assert_eq!(view.state, SecondFactorState::SetUp);
    // The first code is spent: the next act waits for the next step.
    book.clock.advance(Duration::seconds(30));
    enrolment
}

/// A prepared distribution of a fresh seed deal: its id.
async fn prepared(book: &Book, deal: &str) -> i64 {
    book.seed_deal(deal).await;
    book.verified(deal, "2026-11-24", "12000").await;
    book.prepare(deal, "2026-11-24").await.expect("prepared").id
}

async fn approve(book: &Book, id: i64, factor: SecondFactor<'_>) -> Result<(), prorata_app::Error> {
    let s = book.store();
    approve_distributions(
        s,
        &book.clock,
        &book.approver,
        &[id],
        None,
        factor,
        &book.key(),
    )
    .await
    .map(|_| ())
}

async fn refusals(book: &Book) -> Vec<String> {
    let log = audit_log(book.store(), &book.admin, None, None)
        .await
        .expect("the log");
    log.items
        .into_iter()
        .filter(|e| e.action == "second_factor.refused")
        .map(|e| e.after.map(|a| a["code"].to_string()).unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn a_program_with_the_rule_asks_for_an_authenticator_then_for_a_fresh_code() {
    let book = Book::new().await;
    requiring(&book).await;
    let id = prepared(&book, "Phones").await;
    let none = approve(&book, id, with("123456"))
        .await
        .expect_err("no authenticator");
    assert_eq!(none.code, Code::PermissionDenied);
    assert!(
        none.message.contains("abe has no authenticator set up"),
        "{}",
        none.message
    );
    let enrolment = set_up(&book, &book.approver).await;
    assert!(
        enrolment
            .otpauth_uri
            .starts_with("otpauth://totp/Prorata:abe?")
    );
    assert!(enrolment.qr_svg.contains("<svg"), "a QR code to scan");
    let missing = approve(&book, id, SecondFactor::default())
        .await
        .expect_err("no code");
    assert_eq!(
        missing.code,
        Code::SecondFactorRequired,
        "the caller asks for one"
    );
    assert!(
        missing.message.contains("fresh code"),
        "{}",
        missing.message
    );
    let malformed = approve(&book, id, with("12 34"))
        .await
        .expect_err("malformed");
    assert_eq!(malformed.code, Code::Validation);
    let right = code(&book, &enrolment, 0);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let refused = approve(&book, id, with(wrong)).await.expect_err("wrong");
    assert_eq!(refused.code, Code::PermissionDenied);
    assert_eq!(
        book.show(id).await.status.as_str(),
        "prepared",
        "nothing changed"
    );
    approve(&book, id, with(&right))
        .await
        .expect("the fresh code");
    assert_eq!(book.show(id).await.status.as_str(), "approved");
    assert_eq!(
        refusals(&book).await,
        ["\"wrong\""],
        "the wrong code is on the record"
    );
}

#[tokio::test]
async fn a_code_is_accepted_once_even_by_two_approvals_at_the_same_moment() {
    let book = Book::new().await;
    requiring(&book).await;
    let enrolment = set_up(&book, &book.approver).await;
    let (one, two) = (
        prepared(&book, "Phones").await,
        prepared(&book, "Tablets").await,
    );
    let shared = code(&book, &enrolment, 0);
    let (first, second) = tokio::join!(
        approve(&book, one, with(&shared)),
        approve(&book, two, with(&shared))
    );
    assert!(
        first.is_ok() != second.is_ok(),
        "one wins: {first:?} {second:?}"
    );
    let pending = if first.is_ok() { two } else { one };
    let loser = first.err().or(second.err()).expect("one refused");
    assert!(loser.message.contains("used already"), "{}", loser.message);
    assert_eq!(refusals(&book).await, ["\"replayed\""]);
    let again = approve(&book, pending, with(&shared)).await;
    assert!(again.is_err(), "and not later either");
    book.clock.advance(Duration::seconds(30));
    let next = code(&book, &enrolment, 0);
    approve(&book, pending, with(&next))
        .await
        .expect("the next step's code");
}

#[tokio::test]
async fn five_wrong_codes_pause_codes_even_the_right_one() {
    let book = Book::new().await;
    requiring(&book).await;
    let enrolment = set_up(&book, &book.approver).await;
    let id = prepared(&book, "Phones").await;
    let right = code(&book, &enrolment, 0);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    for _ in 0..WRONG_CODES_BEFORE_PAUSE {
        approve(&book, id, with(wrong)).await.expect_err("wrong");
    }
    let paused = approve(&book, id, with(&right)).await.expect_err("paused");
    assert!(
        paused.message.contains("too many wrong codes"),
        "{}",
        paused.message
    );
    book.clock.advance(Duration::minutes(15));
    let later = code(&book, &enrolment, 0);
    approve(&book, id, with(&later))
        .await
        .expect("after the pause");
}

#[tokio::test]
async fn a_batch_is_approved_and_executed_each_with_its_own_fresh_code() {
    let book = Book::new().await;
    owed(&book).await;
    usd_bank(&book, "Operating USD").await;
    let s = book.store();
    let id = request(&book, to_investor("Phones A", "100.00"))
        .await
        .expect("requested");
    payouts::approve_withdrawal(s, &book.clock, &book.approver, id, &book.key())
        .await
        .expect("approved");
    let batch = payouts::create_batch(s, &book.clock, &book.officer, "Operating USD", &book.key())
        .await
        .expect("a batch")
        .id;
    payouts::add_to_batch(s, &book.clock, &book.officer, batch, &[id], &book.key())
        .await
        .expect("added");
    payouts::submit_batch(s, &book.clock, &book.officer, batch, &book.key())
        .await
        .expect("submitted");
    requiring(&book).await;
    let enrolment = set_up(&book, &book.approver).await;
    let first = code(&book, &enrolment, 0);
    payouts::approve_batch(
        s,
        &book.clock,
        &book.approver,
        batch,
        with(&first),
        &book.key(),
    )
    .await
    .expect("approved with a code");
    let dir = tempfile::tempdir().expect("a folder");
    let reused = payouts::execute_batch(
        s,
        &book.clock,
        &book.approver,
        batch,
        dir.path(),
        with(&first),
        &book.key(),
    )
    .await
    .expect_err("the approval's code");
    assert_eq!(reused.code, Code::PermissionDenied);
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("the folder").count(),
        0,
        "nothing written"
    );
    book.clock.advance(Duration::seconds(30));
    let next = code(&book, &enrolment, 0);
    let executed = payouts::execute_batch(
        s,
        &book.clock,
        &book.approver,
        batch,
        dir.path(),
        with(&next),
        &book.key(),
    )
    .await
    .expect("executed with the next code");
    assert!(executed.written);
}

#[tokio::test]
async fn only_the_user_enrols_and_removing_ones_own_authenticator_takes_a_code_of_it() {
    let book = Book::new().await;
    let s = book.store();
    let theirs = enrol_second_factor(s, &book.clock, &book.admin, "abe", Some(data_key())).await;
    assert_eq!(theirs.expect_err("not ada's").code, Code::PermissionDenied);
    let enrolment = set_up(&book, &book.approver).await;
    let again = enrol_second_factor(s, &book.clock, &book.approver, "abe", Some(data_key())).await;
    assert_eq!(again.expect_err("set up already").code, Code::Conflict);
    let bare = disable_second_factor(
        s,
        &book.clock,
        &book.approver,
        "abe",
        SecondFactor::default(),
        &book.key(),
    )
    .await;
    assert_eq!(bare.expect_err("no code").code, Code::SecondFactorRequired);
    let fresh = code(&book, &enrolment, 0);
    let removed = disable_second_factor(
        s,
        &book.clock,
        &book.approver,
        "abe",
        with(&fresh),
        &book.key(),
    )
    .await
    .expect("removed with a code");
    assert!(removed.changed);
    let view = second_factor_status(s, &book.approver)
        .await
        .expect("a view");
    assert_eq!(view.state, SecondFactorState::NotSetUp);
    set_up(&book, &book.approver).await;
    let lost_phone = disable_second_factor(
        s,
        &book.clock,
        &book.admin,
        "abe",
        SecondFactor::default(),
        &book.key(),
    )
    .await
    .expect("an admin removes it");
    assert!(lost_phone.changed);
    let by_officer = disable_second_factor(
        s,
        &book.clock,
        &book.officer,
        "abe",
        SecondFactor::default(),
        &book.key(),
    )
    .await;
    assert_eq!(
        by_officer.expect_err("not an admin").code,
        Code::PermissionDenied
    );
}

#[tokio::test]
async fn turning_the_rule_off_takes_the_admins_code_once_the_admin_has_an_authenticator() {
    let book = Book::new().await;
    requiring(&book).await;
    let enrolment = set_up(&book, &book.admin).await;
    let s = book.store();
    let bare = set_second_factor_rule(
        s,
        &book.clock,
        &book.admin,
        false,
        SecondFactor::default(),
        &book.key(),
    )
    .await;
    assert_eq!(bare.expect_err("no code").code, Code::SecondFactorRequired);
    let fresh = code(&book, &enrolment, 0);
    let off = set_second_factor_rule(
        s,
        &book.clock,
        &book.admin,
        false,
        with(&fresh),
        &book.key(),
    )
    .await
    .expect("off with a code");
    assert!(!off.required && off.changed);
}

#[tokio::test]
async fn postgresql_keeps_the_step_moving_forward_and_the_secret_unwritten_for_the_application() {
    let book = Book::new().await;
    set_up(&book, &book.approver).await;
    let pool = book.store().pool();
    let user = book.approver.user_id;
    let back = pool
        .execute(sqlx::AssertSqlSafe(format!(
            "UPDATE user_second_factors SET last_step = last_step - 1 WHERE user_id = {user}"
        )))
        .await
        .expect_err("backwards");
    assert!(back.to_string().contains("only moves forward"), "{back}");
    let unconfirm = pool
        .execute(sqlx::AssertSqlSafe(format!(
            "UPDATE user_second_factors SET confirmed_at = NULL WHERE user_id = {user}"
        )))
        .await
        .expect_err("unconfirmed");
    assert!(
        unconfirm.to_string().contains("stays confirmed"),
        "{unconfirm}"
    );
    let rewrite = pool
        .execute(sqlx::AssertSqlSafe(format!(
            "UPDATE user_second_factors SET secret_sealed = '\\x00' WHERE user_id = {user}"
        )))
        .await
        .expect_err("rewritten");
    assert!(
        rewrite.to_string().contains("permission denied"),
        "{rewrite}"
    );
}
