//! `wallet release | lock | unlock | list | show`: credits released on their day and once, by
//! a release run or the daily run,
//! locks and unlocks by different people with reasons, and PostgreSQL's half as the
//! application's role.

use prorata_app::revenue::{self, NewRevenue};

use crate::prelude::*;

/// The worked example's schedule (7 days' holding), a club of two and one event of 10,000.00
/// recorded on 2026-11-25.
async fn club_with_revenue(book: &Book) {
    worked_example_schedule(book).await;
    add_community(
        book,
        &book.officer,
        "Chess club",
        &["owner=0.60", "event_team=0.40"],
    )
    .await
    .expect("a community");
    add_members(
        book,
        "Chess club",
        &[("Asha", "owner", None), ("Esha", "event_team", None)],
    )
    .await;
    let new = NewRevenue {
        community: "Chess club",
        source: "event",
        gross: "10000.00",
        date: "2026-11-25",
        gateway: None,
        reference: None,
        notation: Notation::Plain,
    };
    revenue::record_revenue(book.store(), &book.clock, &book.officer, new, &book.key())
        .await
        .expect("recorded");
}

async fn wallets(book: &Book) -> Vec<String> {
    revenue::list_wallets(book.store(), &book.officer, None)
        .await
        .expect("listed")
        .items
        .iter()
        .map(|w| format!("{} {} {} {}", w.member, w.status, w.pending, w.available))
        .collect()
}

#[tokio::test]
async fn credits_are_released_on_their_day_and_once_whoever_runs_the_release() {
    let book = Book::new().await;
    club_with_revenue(&book).await;
    let release = |as_of: Option<&'static str>| {
        let book = &book;
        async move {
            revenue::release_wallet_credits(
                book.store(),
                &book.clock,
                &book.officer,
                as_of,
                &book.key(),
            )
            .await
        }
    };
    let early = release(Some("2026-12-02")).await.expect_err("after today");
    assert_eq!(
        early.message,
        "as_of: 2026-12-02 is after today (2026-11-25): credits are released on their day"
    );
    book.clock.advance(chrono::Duration::days(6));
    let none = release(None).await.expect("ran");
    assert!(none.released.is_empty(), "nothing is due before 2026-12-02");
    assert_eq!(
        wallets(&book).await,
        ["Asha open 4323.50 0.00", "Esha open 2882.33 0.00"]
    );
    book.clock.advance(chrono::Duration::days(1));
    let (a, b) = tokio::join!(release(None), release(None));
    // Each run skips what the other holds: which run releases which credit is the race's,
    // but between them each credit is released once.
    let released: Vec<_> = [a.expect("ran"), b.expect("ran")]
        .into_iter()
        .flat_map(|r| r.released)
        .collect();
    let credits: i64 = released.iter().map(|r| r.credits).sum();
    let minor: i64 = released
        .iter()
        .map(|r| r.amount.replace('.', "").parse::<i64>().expect("an amount"))
        .sum();
    assert_eq!(
        (credits, minor),
        (2, 720_583),
        "two runs at once release each credit once: {released:?}"
    );
    assert!(
        release(None).await.expect("ran").released.is_empty(),
        "a rerun finds nothing"
    );
    assert_eq!(
        wallets(&book).await,
        ["Asha open 0.00 4323.50", "Esha open 0.00 2882.33"]
    );
}

#[tokio::test]
async fn the_daily_run_releases_the_credits_due_by_its_day_once_and_a_release_afterwards_finds_none()
 {
    let book = Book::new().await;
    club_with_revenue(&book).await;
    let run = |day: &'static str| {
        let book = &book;
        async move {
            prorata_app::deals::run_daily(
                book.store(),
                &book.clock,
                &book.officer,
                day,
                &book.key(),
                &mut |_, _| {},
            )
            .await
            .expect("ran")
        }
    };
    book.clock.advance(chrono::Duration::days(6));
    assert!(
        run("2026-12-01").await.wallets_released.is_empty(),
        "nothing is due before 2026-12-02"
    );
    book.clock.advance(chrono::Duration::days(1));
    let report = run("2026-12-02").await;
    assert_eq!(report.wallets_released.len(), 1);
    let released = &report.wallets_released[0];
    assert_eq!(
        (
            released.currency.as_str(),
            released.credits,
            released.amount.as_str()
        ),
        ("INR", 2, "7205.83")
    );
    assert_eq!(
        wallets(&book).await,
        ["Asha open 0.00 4323.50", "Esha open 0.00 2882.33"]
    );
    assert!(run("2026-12-02").await.wallets_released.is_empty(), "once");
    let after = revenue::release_wallet_credits(
        book.store(),
        &book.clock,
        &book.officer,
        None,
        &book.key(),
    )
    .await
    .expect("ran");
    assert!(after.released.is_empty(), "the daily run released them");
}

#[tokio::test]
async fn a_wallet_is_locked_with_a_reason_and_unlocked_only_by_another_approver_or_admin() {
    let book = Book::new().await;
    club_with_revenue(&book).await;
    let act = |session: &'static str, lock: bool| {
        let book = &book;
        async move {
            let who = match session {
                "officer" => &book.officer,
                "approver" => &book.approver,
                _ => &book.admin,
            };
            revenue::set_wallet_lock(
                book.store(),
                &book.clock,
                who,
                "Esha",
                lock,
                "a chargeback under review",
                &book.key(),
            )
            .await
        }
    };
    act("officer", true).await.expect("locked");
    assert_eq!(wallets(&book).await[1], "Esha locked 2882.33 0.00");
    let again = act("approver", true).await.expect_err("already locked");
    assert_eq!(
        again.message,
        "member: the wallet of member 2 is already locked"
    );
    let officer = act("officer", false).await.expect_err("an officer");
    assert_eq!(officer.code, Code::PermissionDenied);
    act("approver", false).await.expect("unlocked");
    act("admin", true).await.expect("locked again");
    let own = act("admin", false).await.expect_err("the admin's own lock");
    assert_eq!(own.code, Code::PermissionDenied);
    assert!(
        own.message.starts_with("ada locked this wallet"),
        "{}",
        own.message
    );
    let shown = revenue::show_wallet(book.store(), &book.officer, "Esha")
        .await
        .expect("shown");
    let history: Vec<String> = shown
        .locks
        .iter()
        .map(|l| format!("{} {}", l.locked, l.acted_by))
        .collect();
    assert_eq!(history, ["true olga", "false abe", "true ada"]);
}

#[tokio::test]
async fn postgresql_releases_a_credit_only_once_on_its_day_and_refuses_an_unlock_by_its_locker() {
    let book = Book::new().await;
    club_with_revenue(&book).await;
    for (sql, says) in [
        (
            "UPDATE wallet_credits SET amount_minor = 1",
            "permission denied",
        ),
        (
            "UPDATE wallet_credits SET status = 'available', released_on = '2026-11-26'",
            "wallet_credit_released_when_available",
        ),
        (
            "UPDATE wallet_credits SET status = 'available', released_on = '2026-12-02', available_on = '2026-11-26'",
            "permission denied",
        ),
        ("DELETE FROM wallet_credits", "permission denied"),
        (
            "INSERT INTO wallet_locks (program_id, member_id, locked, reason, acted_by, acted_at)
             VALUES (1, 1, false, 'never locked', 'abe', now())",
            "it is already unlocked",
        ),
        (
            "INSERT INTO wallet_locks (program_id, member_id, locked, reason, acted_by, acted_at)
             VALUES (1, 1, true, 'x', 'abe', now()), (1, 1, false, 'x', 'abe', now())",
            "abe locked it and may not unlock it",
        ),
        (
            "INSERT INTO wallet_locks (program_id, member_id, locked, reason, acted_by, acted_at)
             VALUES (1, 1, true, 'x', 'abe', now()), (1, 1, false, 'x', 'olga', now())",
            "olga may not unlock a wallet",
        ),
    ] {
        let message = book.refused(sql).await;
        assert!(message.contains(says), "{sql}: {message}");
    }
    let released = "UPDATE wallet_credits SET status = 'available', released_on = '2026-12-02'";
    book.refused(&format!("{released}; {released}"))
        .await
        .contains("only released, once")
        .then_some(())
        .expect("a credit is released once");
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the officer's steps, kept whole"
)]
async fn a_wallet_pays_out_only_its_released_credits_and_nothing_while_locked() {
    let book = Book::new().await;
    club_with_revenue(&book).await;
    let pending = withdraw(&book, "member:2:wallet", "100.00")
        .await
        .expect_err("still pending");
    assert_eq!(pending.code, Code::Conflict);
    assert_eq!(
        pending.message,
        "amount: 100.00 is more than member:2:wallet has available (0.00, with 2882.33 of credits still pending their holding period)"
    );
    book.clock.advance(chrono::Duration::days(7));
    revenue::release_wallet_credits(book.store(), &book.clock, &book.officer, None, &book.key())
        .await
        .expect("released");
    revenue::set_wallet_lock(
        book.store(),
        &book.clock,
        &book.approver,
        "Esha",
        true,
        "identity check",
        &book.key(),
    )
    .await
    .expect("locked");
    let locked = withdraw(&book, "member:2:wallet", "100.00")
        .await
        .expect_err("locked");
    assert_eq!(locked.code, Code::Conflict);
    assert!(
        locked
            .message
            .starts_with("payee: the wallet of member 2 is locked (identity check, by abe)"),
        "{}",
        locked.message
    );
    // PostgreSQL refuses it too, whatever the client: the raw row stops at the wallet's check.
    let raw = "INSERT INTO withdrawals (program_id, payee_account_id, currency, amount_minor, status,
                   hold_entry_id, bank_name, account_name_sealed, account_number_sealed,
                   account_number_last4, is_iban, requested_by, requested_by_id, requested_at)
               SELECT 1, a.id, 'INR', 100, 'pending', 1, 'First Bank', '\\x00', '\\x00', '5678', false,
                      'olga', 2, now()
               FROM ledger_accounts a WHERE a.code = 'member:2:wallet'";
    let message = book.refused(raw).await;
    assert!(
        message.contains("the wallet of member 2 is locked"),
        "{message}"
    );
    revenue::set_wallet_lock(
        book.store(),
        &book.clock,
        &book.admin,
        "Esha",
        false,
        "identity confirmed",
        &book.key(),
    )
    .await
    .expect("unlocked");
    withdraw(&book, "member:2:wallet", "2000.00")
        .await
        .expect("requested");
    let more = withdraw(&book, "member:2:wallet", "1000.00")
        .await
        .expect_err("beyond");
    assert!(
        more.message.contains("has available (882.33)"),
        "{}",
        more.message
    );
    let message = book
        .refused(&raw.replace("'INR', 100,", "'INR', 100000,"))
        .await;
    assert!(
        message.contains("the wallet of member 2 has 88233 available, not 100000"),
        "{message}"
    );
    let gst = prorata_app::payouts::NewWithdrawal {
        payee: prorata_app::payouts::Payee::Account("tax:gst_payable"),
        ..from_wallet("member:2:wallet", "1.00")
    };
    let key = data_key();
    let refused = prorata_app::payouts::request_withdrawal(
        book.store(),
        &book.clock,
        &book.officer,
        gst,
        Some(key),
        &book.key(),
    )
    .await
    .expect_err("GST is not withdrawn");
    assert_eq!(refused.code, Code::Validation);
}
