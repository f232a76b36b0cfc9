//! `community add | member add` and `revenue record | settle | show`: both worked examples of
//! DESIGN §8 to the paisa through the app, credits spread over members, replays, the schedule
//! version of the transaction's day, a settlement that must match to the paisa, and
//! PostgreSQL's half of the rules as the application's role.

use prorata_app::revenue::{self, NewMember, NewRevenue, NewSettlement, RevenueView};

use crate::prelude::*;

async fn record(
    book: &Book,
    new: NewRevenue<'_>,
    key: &str,
) -> Result<RevenueView, prorata_app::Error> {
    let done = revenue::record_revenue(book.store(), &book.clock, &book.officer, new, key).await?;
    Ok(revenue::show_revenue(book.store(), &book.officer, done.id)
        .await
        .expect("shown"))
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the officer's steps, kept whole"
)]
async fn both_worked_examples_split_to_the_paisa_into_role_parts_and_member_credits_once() {
    let book = Book::new().await;
    club(&book).await;
    let key = book.key();
    let event = record(&book, revenue_of("event", "10000.00", "2026-11-25"), &key)
        .await
        .expect("recorded");
    assert_eq!(
        steps(&event),
        [
            "10000.00", "1800.00", "164.00", "29.52", "800.65", "0.00", "7205.83"
        ]
    );
    let roles: Vec<String> = event
        .roles
        .iter()
        .map(|r| format!("{} {}", r.role, r.amount))
        .collect();
    assert_eq!(
        roles,
        [
            "owner 3602.91",
            "admin_team 1441.17",
            "moderator_team 720.58",
            "event_team 1441.17"
        ]
    );
    let credits: Vec<String> = event
        .credits
        .iter()
        .map(|c| format!("{} {} {} {}", c.member, c.amount, c.status, c.available_on))
        .collect();
    assert_eq!(
        credits,
        [
            "Asha 3602.91 pending 2026-12-02",
            "Ben 480.39 pending 2026-12-02",
            "Chitra 960.78 pending 2026-12-02",
            "Dev 720.58 pending 2026-12-02",
            "Esha 1441.17 pending 2026-12-02",
        ]
    );
    let replay = record(&book, revenue_of("event", "10000.00", "2026-11-25"), &key)
        .await
        .expect("replayed");
    assert_eq!(replay.id, event.id, "a replay records nothing new");
    let sponsor = record(
        &book,
        revenue_of("sponsor", "50000.00", "2026-11-25"),
        &book.key(),
    )
    .await
    .expect("recorded");
    assert_eq!(
        steps(&sponsor),
        [
            "50000.00", "9000.00", "820.00", "147.60", "4803.89", "0.00", "35228.51"
        ]
    );
    assert_eq!(book.balance("tax:gst_payable").await, "10800.00");
    assert_eq!(book.balance("gateway:razorpay:fees").await, "1161.12");
    assert_eq!(book.balance("gateway:razorpay:clearing").await, "60000.00");
    assert_eq!(book.balance("platform:fee_income").await, "5604.54");
    let club = revenue::show_community(book.store(), &book.officer, "Chess club")
        .await
        .expect("shown");
    let t = &club.totals;
    assert_eq!(
        [
            &t.gross,
            &t.gst,
            &t.gateway_fees,
            &t.platform_fees,
            &t.net,
            &t.withdrawn
        ],
        [
            "60000.00", "10800.00", "1161.12", "5604.54", "42434.34", "0.00"
        ]
    );
    assert_eq!(t.transactions, 2);
    let members = club.members;
    let chitra = members.iter().find(|m| m.name == "Chitra").expect("Chitra");
    // 960.78 of the event and two thirds of the sponsor's admin part 7,045.70: 4,697.13
    // (the paisa left over goes to Ben's larger remainder).
    assert_eq!(book.balance(&chitra.wallet).await, "5657.91");
    let tb = prorata_app::ledger::trial_balance(book.store(), &book.officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(tb.difference.get("INR").map(String::as_str), Some("0.00"));
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the officer's steps, kept whole"
)]
async fn a_transaction_uses_the_schedule_of_its_day_and_is_refused_with_none_or_a_role_without_members()
 {
    let book = Book::new().await;
    club(&book).await;
    let r = rates("0.10");
    let mut december = schedule(&r, "2026-12-01");
    december.gst_rate = "0.12";
    fees::set_fee_schedule(
        book.store(),
        &book.clock,
        &book.admin,
        december,
        &book.key(),
    )
    .await
    .expect("a later version");
    let tomorrow = record(
        &book,
        revenue_of("event", "1000.00", "2026-11-26"),
        &book.key(),
    )
    .await;
    assert_eq!(
        tomorrow.expect_err("not yet").message,
        "date: 2026-11-26 is after today (2026-11-25): revenue is recorded once it came in"
    );
    book.clock.advance(chrono::Duration::days(7));
    let late_november = record(
        &book,
        revenue_of("event", "1000.00", "2026-11-30"),
        &book.key(),
    )
    .await
    .expect("recorded");
    assert_eq!(late_november.gst, "180.00", "the first version's 18%");
    let december = record(
        &book,
        revenue_of("event", "1000.00", "2026-12-01"),
        &book.key(),
    )
    .await
    .expect("recorded");
    assert_eq!(december.gst, "120.00", "the second version's 12%");
    assert_ne!(late_november.fee_schedule_id, december.fee_schedule_id);
    let early = record(
        &book,
        revenue_of("event", "1000.00", "2026-11-24"),
        &book.key(),
    )
    .await;
    let early = early.expect_err("no schedule yet");
    assert_eq!(early.code, Code::Conflict);
    assert!(
        early
            .message
            .contains("no fee schedule is in effect on 2026-11-24"),
        "{}",
        early.message
    );

    add_community(&book, &book.officer, "Go club", &SHARES)
        .await
        .expect("added");
    let mut go = revenue_of("event", "100.00", "2026-11-25");
    go.community = "Go club";
    let refused = record(&book, go, &book.key())
        .await
        .expect_err("no members");
    assert_eq!(refused.code, Code::Conflict);
    assert_eq!(
        refused.message,
        "community: Go club: the owner role has a part of the pool and no member to credit"
    );
}

#[tokio::test]
async fn shares_must_add_up_to_100_and_members_take_a_role_the_community_shares_with() {
    let book = Book::new().await;
    let short = ["owner=0.50", "event_team=0.40"];
    let error = add_community(&book, &book.officer, "Short", &short)
        .await
        .expect_err("90%");
    assert_eq!(
        error.message,
        "role_share: the role shares add up to 90%, not 100%"
    );
    let error = add_community(&book, &book.officer, "Odd", &["owner=0.50", "chef=0.50"])
        .await
        .expect_err("no such role");
    assert!(
        error.message.contains("\"chef\" is not a community role"),
        "{}",
        error.message
    );
    let error = add_community(&book, &book.approver, "Nope", &short)
        .await
        .expect_err("an approver");
    assert_eq!(error.code, Code::PermissionDenied);
    add_community(&book, &book.admin, "Solo", &["owner=1"])
        .await
        .expect("an admin adds one");
    let new = NewMember {
        community: "Solo",
        name: "Farah",
        role: "event_team",
        weight: None,
    };
    let error = revenue::add_member(book.store(), &book.clock, &book.officer, new, &book.key())
        .await
        .expect_err("no such share");
    assert_eq!(
        error.message,
        "role: Solo shares nothing with the event_team role"
    );
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the officer's steps, kept whole"
)]
async fn a_settlement_clears_the_gateway_into_the_bank_only_for_exactly_what_it_owes() {
    let book = Book::new().await;
    club(&book).await;
    book.clock.advance(chrono::Duration::days(7));
    record(
        &book,
        revenue_of("event", "10000.00", "2026-11-25"),
        &book.key(),
    )
    .await
    .expect("recorded");
    record(
        &book,
        revenue_of("sponsor", "50000.00", "2026-11-26"),
        &book.key(),
    )
    .await
    .expect("recorded");
    record(
        &book,
        revenue_of("event", "1000.00", "2026-11-28"),
        &book.key(),
    )
    .await
    .expect("later");
    let settle = |amount: &'static str| NewSettlement {
        gateway: "razorpay",
        bank: "Rupees",
        amount,
        date: "2026-11-27",
        reference: Some("RZP-0001"),
        notation: Notation::Plain,
    };
    let short = revenue::settle_gateway(
        book.store(),
        &book.clock,
        &book.officer,
        settle("58838.00"),
        &book.key(),
    )
    .await;
    let short = short.expect_err("not what it owes");
    assert_eq!(short.code, Code::Conflict);
    assert_eq!(
        short.message,
        "amount: razorpay owes 58838.88 INR for 2 transaction(s) up to 2026-11-27 (60000.00 gross less 1161.12 of its fees), not 58838.00"
    );
    let key = book.key();
    let done = revenue::settle_gateway(
        book.store(),
        &book.clock,
        &book.officer,
        settle("58838.88"),
        &key,
    )
    .await
    .expect("settled");
    assert_eq!(done.transactions.len(), 2);
    let again = revenue::settle_gateway(
        book.store(),
        &book.clock,
        &book.officer,
        settle("58838.88"),
        &key,
    )
    .await
    .expect("replayed");
    assert_eq!(again, done, "a replay settles nothing new");
    let twice = revenue::settle_gateway(
        book.store(),
        &book.clock,
        &book.officer,
        settle("58838.88"),
        &book.key(),
    )
    .await;
    assert!(
        twice
            .expect_err("nothing left")
            .message
            .contains("has nothing unsettled")
    );
    let bank_code = format!("bank:{}", 1);
    assert_eq!(book.balance(&bank_code).await, "58838.88");
    assert_eq!(
        book.balance("gateway:razorpay:clearing").await,
        "1000.00",
        "the 28th is not settled"
    );
    let list = revenue::list_revenue(book.store(), &book.officer, Some("Chess club"))
        .await
        .expect("listed");
    let statuses: Vec<&str> = list.items.iter().map(|v| v.status.as_str()).collect();
    assert_eq!(statuses, ["recorded", "settled", "settled"]);
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("revenue.csv");
    let exported =
        prorata_app::statements::export(book.store(), &book.clock, &book.officer, "revenue", &out)
            .await
            .expect("exported");
    assert_eq!(exported.rows, 3);
    let csv = std::fs::read_to_string(&out).expect("written");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .expect("a header")
            .starts_with("id,date,community_id,community,source,gateway")
    );
    assert_eq!(
        lines.next().expect("a row"),
        "1,2026-11-25,1,Chess club,event,razorpay,,INR,10000.00,1800.00,164.00,29.52,800.65,0.00,7205.83,1,none,settled,1,olga"
    );
    let report = prorata_app::reconcile::reconcile_ledger(book.store(), &book.officer)
        .await
        .expect("reconciled");
    assert!(report.intact, "the book ties: {report:?}");
}

#[tokio::test]
async fn postgresql_refuses_shares_off_100_a_rewritten_split_a_late_credit_and_a_foreign_settlement()
 {
    let book = Book::new().await;
    club(&book).await;
    let recorded = record(
        &book,
        revenue_of("event", "10000.00", "2026-11-25"),
        &book.key(),
    )
    .await
    .expect("recorded");
    // A member added after the transaction, so a late credit to them is not a duplicate.
    add_members(&book, "Chess club", &[("Farah", "owner", None)]).await;
    let sql =
        "WITH c AS (INSERT INTO communities (program_id, name, currency, created_by, created_at)
                          VALUES (1, 'Half', 'INR', 'olga', now()) RETURNING id)
               INSERT INTO community_role_shares (program_id, community_id, role, share)
               SELECT 1, id, 'owner', 0.5 FROM c";
    let message = book.refused(sql).await;
    assert!(
        message.contains("its role shares add up to 50.0 percent, not 100"),
        "{message}"
    );
    let sql = "INSERT INTO community_role_shares (program_id, community_id, role, share) VALUES (1, 1, 'owner', 0.1)";
    let message = book.refused(sql).await;
    assert!(
        message.contains("duplicate key") || message.contains("add up to"),
        "{message}"
    );
    for (sql, says) in [
        (format!("UPDATE revenue_transactions SET net_minor = 1 WHERE id = {}", recorded.id), "permission denied"),
        (format!("UPDATE wallet_credits SET amount_minor = 1 WHERE transaction_id = {}", recorded.id), "permission denied"),
        (format!("DELETE FROM revenue_transactions WHERE id = {}", recorded.id), "permission denied"),
        (
            format!("INSERT INTO wallet_credits (program_id, transaction_id, member_id, role, amount_minor, available_on)
                     SELECT 1, {}, id, 'owner', 100, '2026-12-02' FROM community_members WHERE name = 'Farah'", recorded.id),
            "is split once, when it is recorded",
        ),

        (
            format!("UPDATE revenue_transactions SET settlement_id = 1 WHERE id = {}", recorded.id),
            "settled only with its settlement, in its transaction",
        ),
    ] {
        let message = book.refused(&sql).await;
        assert!(message.contains(says), "{sql}: {message}");
    }
    // A transaction whose steps do not add up to its gross.
    let sql = "INSERT INTO revenue_transactions (program_id, community_id, source, currency, occurred_on, gateway,
                   fee_schedule_id, gross_minor, gst_minor, gateway_fee_minor, gateway_fee_gst_minor,
                   platform_fee_minor, platform_fee_gst_minor, net_minor, gst_rate, gateway_fee_rate,
                   platform_fee_rate, entry_id, recorded_by, recorded_at)
               SELECT 1, 1, 'event', 'INR', '2026-11-25', 'razorpay', 1, 100, 18, 0, 0, 0, 0, 81,
                      0.18, 0, 0, max(id), 'olga', now() FROM ledger_entries";
    let message = book.refused(sql).await;
    assert!(
        message.contains("revenue_steps_add_up") || message.contains("duplicate key"),
        "{message}"
    );
}

/// The club with one event of 10,000.00 recorded on 2026-11-25, and the settlement of it.
async fn club_with_an_event(book: &Book) -> NewSettlement<'static> {
    club(book).await;
    record(
        book,
        revenue_of("event", "10000.00", "2026-11-25"),
        &book.key(),
    )
    .await
    .expect("recorded");
    NewSettlement {
        gateway: "razorpay",
        bank: "Rupees",
        amount: "9806.48",
        date: "2026-11-25",
        reference: None,
        notation: Notation::Plain,
    }
}

#[tokio::test]
async fn two_settlements_of_one_gateway_at_the_same_moment_never_both_take_a_transaction() {
    let book = Book::new().await;
    let settle = club_with_an_event(&book).await;
    let (k1, k2) = (book.key(), book.key());
    let (a, b) = tokio::join!(
        revenue::settle_gateway(book.store(), &book.clock, &book.officer, settle, &k1),
        revenue::settle_gateway(book.store(), &book.clock, &book.officer, settle, &k2),
    );
    let settled = [&a, &b].iter().filter(|r| r.is_ok()).count();
    assert_eq!(settled, 1, "one settles: {a:?} {b:?}");
    let refused = if a.is_ok() { b } else { a }.expect_err("the other is refused");
    assert!(
        refused.message.contains("has nothing unsettled"),
        "{}",
        refused.message
    );
    assert_eq!(book.balance("gateway:razorpay:clearing").await, "0.00");
    assert_eq!(book.balance("bank:1").await, "9806.48");
}

/// A transaction written by hand as the application's role, on the settlement's entry (one
/// that is not a revenue transaction's): steps that add up (100 gross, 18 GST, 82 net), then
/// `rest`, all in one statement.
fn forged_transaction(rest: &str) -> String {
    format!(
        "WITH t AS (
             INSERT INTO revenue_transactions (program_id, community_id, source, currency, occurred_on,
                 gateway, fee_schedule_id, gross_minor, gst_minor, gateway_fee_minor,
                 gateway_fee_gst_minor, platform_fee_minor, platform_fee_gst_minor, net_minor,
                 gst_rate, gateway_fee_rate, platform_fee_rate, entry_id, recorded_by, recorded_at)
             SELECT 1, 1, 'event', 'INR', '2026-11-25', 'razorpay', 1, 100, 18, 0, 0, 0, 0, 82,
                    0.18, 0, 0, entry_id, 'olga', now() FROM gateway_settlements LIMIT 1
             RETURNING id)
         {rest}"
    )
}

#[tokio::test]
async fn postgresql_checks_at_commit_that_a_transactions_parts_credits_and_entry_book_its_split() {
    let book = Book::new().await;
    let settle = club_with_an_event(&book).await;
    revenue::settle_gateway(
        book.store(),
        &book.clock,
        &book.officer,
        settle,
        &book.key(),
    )
    .await
    .expect("settled");
    let part = |amount: u32| {
        format!(
            ", p AS (INSERT INTO revenue_role_parts (program_id, transaction_id, role, share, amount_minor)
                     SELECT 1, id, 'owner', 1, {amount} FROM t)"
        )
    };
    let credit = |member: &str, amount: u32| {
        format!(
            "INSERT INTO wallet_credits (program_id, transaction_id, member_id, role, amount_minor, available_on)
             SELECT 1, t.id, m.id, 'owner', {amount}, '2026-12-02' FROM t, community_members m WHERE m.name = '{member}'"
        )
    };
    for (rest, says) in [
        ("SELECT 1 FROM t".to_owned(), "no role parts"),
        (
            format!("{} SELECT 1 FROM t", part(80)),
            "role parts add up to 80",
        ),
        (
            format!("{} SELECT 1 FROM t", part(82)),
            "the owner part is 82, its members' credits 0",
        ),
        (
            format!("{} {}", part(82), credit("Asha", 81)),
            "the owner part is 82, its members' credits 81",
        ),
        (
            format!("{} {}", part(82), credit("Ben", 82)),
            "who is not in the community as owner",
        ),
        (
            format!("{} {}", part(82), credit("Asha", 82)),
            "its entry does not book its split",
        ),
    ] {
        let sql = forged_transaction(&rest);
        let message = book.refused(&sql).await;
        assert!(message.contains(says), "{sql}: {message}");
    }
    let sql = "INSERT INTO revenue_transaction_checks (first_transaction_id, last_transaction_id) VALUES (1, 1);
               DELETE FROM revenue_transaction_checks";
    let message = book.refused(sql).await;
    assert!(message.contains("permission denied"), "{message}");
}
