//! `fees set | show`: versions set by an admin, each from a day after the last, shown as in
//! effect on a day; PostgreSQL's half of the rules, and two versions set at once.

use std::sync::Arc;

use crate::prelude::*;

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the admin's steps, kept whole"
)]
async fn an_admin_sets_versions_that_take_effect_in_order_and_each_day_reads_its_own() {
    let book = Book::new().await;
    let s = book.store();
    let r = rates("0.25");
    let officer = fees::set_fee_schedule(
        s,
        &book.clock,
        &book.officer,
        schedule(&r, "2026-11-25"),
        &book.key(),
    )
    .await;
    assert_eq!(
        officer.expect_err("an officer").code,
        Code::PermissionDenied
    );
    let key = book.key();
    let first = fees::set_fee_schedule(
        s,
        &book.clock,
        &book.admin,
        schedule(&r, "2026-11-25"),
        &key,
    )
    .await
    .expect("set");
    assert_eq!(
        first.warnings,
        ["the platform fee on custom revenue, 25%, is outside the usual 5% to 20%"],
        "set, with a warning"
    );
    let replayed = fees::set_fee_schedule(
        s,
        &book.clock,
        &book.admin,
        schedule(&r, "2026-11-25"),
        &key,
    )
    .await
    .expect("replayed");
    assert_eq!(replayed, first, "a replay sets nothing new");
    let r2 = rates("0.10");
    let mut december = schedule(&r2, "2026-12-01");
    december.gst_rate = "0.12";
    let second = fees::set_fee_schedule(s, &book.clock, &book.admin, december, &book.key())
        .await
        .expect("set");
    assert!(second.warnings.is_empty());
    let again = fees::set_fee_schedule(
        s,
        &book.clock,
        &book.admin,
        schedule(&r2, "2026-12-01"),
        &book.key(),
    )
    .await;
    let again = again.expect_err("not after the latest");
    assert_eq!(again.code, Code::Conflict);
    assert_eq!(
        again.message,
        "from: the latest version takes effect on 2026-12-01; a new one must start after it"
    );
    let shown = |day: &'static str| {
        let book = &book;
        async move {
            fees::show_fee_schedules(book.store(), &book.clock, &book.officer, Some(day))
                .await
                .expect("shown")
        }
    };
    let november = shown("2026-11-30").await;
    let in_effect = november.in_effect.expect("one in effect");
    assert_eq!(
        (in_effect.id, in_effect.gst_rate.as_str()),
        (first.id, "0.18")
    );
    assert_eq!(in_effect.platform_fee_rates.custom, "0.25");
    assert_eq!(
        shown("2026-12-01")
            .await
            .in_effect
            .expect("in effect")
            .gst_rate,
        "0.12"
    );
    assert!(
        shown("2026-11-24").await.in_effect.is_none(),
        "nothing before the first version"
    );
    assert_eq!(shown("2026-12-01").await.versions.len(), 2);
}

/// Sets `new` as the admin, with a fresh key.
async fn set(
    book: &Book,
    new: NewFeeSchedule<'_>,
) -> Result<fees::ScheduleSet, prorata_app::Error> {
    fees::set_fee_schedule(book.store(), &book.clock, &book.admin, new, &book.key()).await
}

#[tokio::test]
async fn bad_schedules_are_refused_naming_the_field_and_change_nothing() {
    let book = Book::new().await;
    let s = book.store();
    let r = rates("0.10");
    let past = set(&book, schedule(&r, "2026-11-24"))
        .await
        .expect_err("the past");
    assert!(
        past.message
            .starts_with("from: 2026-11-24 is before today (2026-11-25)"),
        "{}",
        past.message
    );
    let mut over = schedule(&r, "2026-11-25");
    over.gst_rate = "1.5";
    let over = set(&book, over).await.expect_err("over 100%");
    assert!(over.message.starts_with("gst_rate:"), "{}", over.message);
    let three: Vec<String> = r[..3].to_vec();
    let missing = set(&book, schedule(&three, "2026-11-25"))
        .await
        .expect_err("custom missing");
    assert_eq!(
        missing.message,
        "platform_rate: give the platform's rate for custom too"
    );
    let mut twice = r.clone();
    twice.push("event=0.11".to_owned());
    let twice = set(&book, schedule(&twice, "2026-11-25"))
        .await
        .expect_err("event twice");
    assert_eq!(
        twice.message,
        "platform_rate: the rate for event is given twice"
    );
    let odd = ["bonus=0.1".to_owned()];
    let odd = set(&book, schedule(&odd, "2026-11-25"))
        .await
        .expect_err("no such source");
    assert!(
        odd.message.contains("not a revenue source"),
        "{}",
        odd.message
    );
    let mut fixed = schedule(&r, "2026-11-25");
    fixed.gateway_fixed_fee = Some("-3");
    assert!(
        set(&book, fixed)
            .await
            .expect_err("negative")
            .message
            .starts_with("gateway_fixed_fee:")
    );
    let mut held = schedule(&r, "2026-11-25");
    held.holding_days = Some(400);
    assert_eq!(
        set(&book, held).await.expect_err("too long").message,
        "holding_days: at most 365 days"
    );
    let none = fees::show_fee_schedules(s, &book.clock, &book.admin, None)
        .await
        .expect("shown");
    assert!(none.versions.is_empty(), "nothing was set");
}

#[tokio::test]
async fn postgresql_refuses_a_schedule_rewritten_backdated_or_set_by_a_non_admin() {
    let book = Book::new().await;
    let r = rates("0.10");
    fees::set_fee_schedule(
        book.store(),
        &book.clock,
        &book.admin,
        schedule(&r, "2026-12-01"),
        &book.key(),
    )
    .await
    .expect("set");
    let insert = |date: &str, who: &str| {
        format!(
            "INSERT INTO fee_schedules (program_id, effective_from, gst_rate, gateway_fee_rate, gateway_fixed_fee,
                 gateway_fee_gst, platform_fee_rate_event, platform_fee_rate_sponsor, platform_fee_rate_premium,
                 platform_fee_rate_custom, platform_fee_gst, holding_days, set_by, set_at)
             SELECT id, DATE '{date}', 0.18, 0.02, 0, true, 0.1, 0.1, 0.1, 0.1, false, 7, '{who}', now() FROM programs LIMIT 1"
        )
    };
    let early = book.refused(&insert("2026-11-30", "ada")).await;
    assert!(early.contains("must start after it"), "{early}");
    let officer = book.refused(&insert("2026-12-02", "olga")).await;
    assert!(
        officer.contains("olga is not a user holding admin"),
        "{officer}"
    );
    let over = book
        .refused(&insert("2026-12-02", "ada").replace("0.18", "1.18"))
        .await;
    assert!(over.contains("fee_schedules_gst_rate_check"), "{over}");
    for sql in [
        "UPDATE fee_schedules SET gst_rate = 0",
        "DELETE FROM fee_schedules",
    ] {
        let error = book.refused(sql).await;
        assert!(error.contains("permission denied"), "{sql}: {error}");
    }
}

#[tokio::test]
async fn two_versions_set_at_the_same_moment_still_take_effect_in_the_order_they_were_set() {
    for round in 0..4 {
        let book = Arc::new(Book::new().await);
        let tasks: Vec<_> = ["2026-12-05", "2026-12-03"]
            .into_iter()
            .map(|from| {
                let book = Arc::clone(&book);
                tokio::spawn(async move {
                    let r = rates("0.10");
                    let key = book.key();
                    fees::set_fee_schedule(
                        book.store(),
                        &book.clock,
                        &book.admin,
                        schedule(&r, from),
                        &key,
                    )
                    .await
                })
            })
            .collect();
        for task in tasks {
            if let Err(e) = task.await.expect("joined") {
                assert_eq!(e.code, Code::Conflict, "round {round}: {}", e.message);
            }
        }
        let versions = fees::show_fee_schedules(book.store(), &book.clock, &book.admin, None)
            .await
            .expect("shown")
            .versions;
        // Newest first: ids and days fall together.
        let pairs: Vec<(i64, String)> = versions
            .into_iter()
            .map(|v| (v.id, v.effective_from))
            .collect();
        let mut sorted = pairs.clone();
        sorted.sort_by_key(|pair| std::cmp::Reverse(pair.0));
        assert_eq!(
            pairs, sorted,
            "round {round}: a later id never starts earlier"
        );
    }
}
