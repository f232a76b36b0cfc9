//! Deal profit sharing through prorata-app against a real PostgreSQL: performance records,
//! verification, distributions by the high-water mark, approval, posting to the ledger, the
//! circuit breaker, the daily run, and the controls around them.

use std::collections::BTreeSet;
use std::sync::Mutex;

use chrono::{DateTime, Duration, TimeZone, Utc};
use prorata_app::clock::Clock;
use prorata_app::control::Created;
use prorata_app::deals::{
    self, DistributionView, NewDeal, NewInvestment, NewPerformance, approve_distributions,
    cancel_distribution, post_distributions, prepare_distribution, record_performance, run_daily,
    show_distribution, verify_performance,
};
use prorata_app::ledger::{account_balance, trial_balance, verify_ledger};
use prorata_app::session::{Credentials, Session};
use prorata_app::store::bootstrap;
use prorata_app::{Code, Store};
use prorata_domain::control::{Actor, Role, UserName};
use prorata_store::control::find_program;
use prorata_store::testing::TestDatabase;
use sqlx::Executor;

struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        let mut now = self.0.lock().expect("the clock");
        *now += Duration::milliseconds(1);
        *now
    }
}

fn clock() -> TestClock {
    TestClock(Mutex::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
            .single()
            .expect("an instant"),
    ))
}

/// A store with program `main`, and sessions for an officer, an approver, and one user who
/// holds both roles. Sessions are made directly: signing in is tested on its own.
struct Book {
    db: TestDatabase,
    clock: TestClock,
    officer: Session,
    approver: Session,
    both: Session,
    keys: Mutex<u32>,
}

impl Book {
    async fn new() -> Book {
        let db = TestDatabase::create().await.expect("a database");
        let clock = clock();
        let admin = Credentials {
            user: "ada".to_owned(),
            password: "admin passphrase long".to_owned(),
        };
        bootstrap(&db.store, &clock, &admin, "the organisation's passphrase")
            .await
            .expect("bootstrap");
        let mut conn = db.store.acquire().await.expect("a connection");
        let program = find_program(&mut conn, "main")
            .await
            .expect("reads")
            .expect("main");
        let session = |name: &str, roles: &[Role]| Session {
            user_id: 0,
            actor: Actor {
                user: UserName::parse(name).expect("a name"),
                roles: roles.iter().copied().collect::<BTreeSet<_>>(),
            },
            program: program.clone(),
        };
        Book {
            officer: session("olga", &[Role::Officer]),
            approver: session("abe", &[Role::Approver]),
            both: session("bo", &[Role::Officer, Role::Approver]),
            db,
            clock,
            keys: Mutex::new(0),
        }
    }

    fn store(&self) -> &Store {
        &self.db.store
    }

    fn key(&self) -> String {
        let mut n = self.keys.lock().expect("keys");
        *n += 1;
        format!("test-{n}")
    }

    /// The seed deal of DESIGN §5: partner P, investors A, B, C with 2,000, 4,000 and 4,000
    /// invested on 2026-11-02, rates 20% and 2%.
    async fn seed_deal(&self, name: &str) -> i64 {
        let s = self.store();
        let o = &self.officer;
        let partner = format!("{name} partner");
        deals::add_partner(s, &self.clock, o, &partner, &self.key())
            .await
            .expect("a partner");
        let deal = NewDeal {
            name,
            currency: "USD",
            partner: &partner,
            partner_commission_rate: "0.20",
            platform_fee_rate: "0.02",
            circuit_breaker_threshold: None,
        };
        let id = deals::create_deal(s, &self.clock, o, deal, &self.key())
            .await
            .expect("a deal")
            .id;
        for (investor, amount) in [("A", "2000"), ("B", "4000"), ("C", "4000")] {
            let investor = format!("{name} {investor}");
            deals::add_investor(s, &self.clock, o, &investor, None, None, &self.key())
                .await
                .expect("an investor");
            self.invest(name, &investor, amount, "2026-11-02").await;
        }
        id
    }

    async fn invest(&self, deal: &str, investor: &str, amount: &str, date: &str) {
        let new = NewInvestment {
            deal,
            investor,
            amount,
            date,
        };
        deals::invest(self.store(), &self.clock, &self.officer, new, &self.key())
            .await
            .expect("an investment");
    }

    async fn record(&self, deal: &str, date: &str, value: &str) -> deals::Recorded {
        let new = NewPerformance {
            deal,
            date,
            value,
            market_conditions: Some("steady"),
            notes: None,
        };
        record_performance(self.store(), &self.clock, &self.officer, new, &self.key())
            .await
            .expect("recorded")
    }

    async fn verified(&self, deal: &str, date: &str, value: &str) {
        let id = self.record(deal, date, value).await.id;
        verify_performance(self.store(), &self.clock, &self.approver, id, &self.key())
            .await
            .expect("verified");
    }

    async fn prepare(&self, deal: &str, date: &str) -> Result<Created, prorata_app::Error> {
        prepare_distribution(
            self.store(),
            &self.clock,
            &self.officer,
            deal,
            date,
            &self.key(),
        )
        .await
    }

    async fn approve_and_post(&self, id: i64) {
        approve_distributions(
            self.store(),
            &self.clock,
            &self.approver,
            &[id],
            None,
            &self.key(),
        )
        .await
        .expect("approved");
        post_distributions(self.store(), &self.clock, &self.officer, &[id], &self.key())
            .await
            .expect("posted");
    }

    async fn show(&self, id: i64) -> DistributionView {
        show_distribution(self.store(), &self.officer, id)
            .await
            .expect("shown")
    }

    async fn balance(&self, account: &str) -> String {
        account_balance(self.store(), &self.officer, account, None)
            .await
            .expect("a balance")
            .balance
    }
}

fn amounts(view: &DistributionView) -> Vec<(String, String)> {
    view.shares
        .iter()
        .map(|s| (s.investor.clone(), s.amount.clone()))
        .collect()
}

#[tokio::test]
async fn the_seed_example_runs_from_record_to_ledger_with_the_designed_figures() {
    let book = Book::new().await;
    let deal = book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let id = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let view = book.show(id).await;
    assert_eq!(
        (
            view.high_water_mark.as_str(),
            view.profit.as_str(),
            view.partner_commission.as_str(),
            view.platform_fee.as_str(),
            view.investor_pool.as_str()
        ),
        ("10000.00", "2000.00", "400.00", "40.00", "1560.00"),
        "DESIGN §5: profit 2,000 over the mark of the capital; partner 400, platform 40, pool 1,560"
    );
    assert_eq!(
        amounts(&view),
        [
            ("Phones A", "312.00"),
            ("Phones B", "624.00"),
            ("Phones C", "624.00")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned())),
        "the pool by investment amount"
    );
    assert_eq!(view.shares[0].share_percent, "20.0000%");
    book.approve_and_post(id).await;
    let posted = book.show(id).await;
    assert_eq!(posted.status, "posted");
    assert!(
        posted.journal_entry_id.is_some(),
        "a posted distribution names its journal entry"
    );

    assert_eq!(
        book.balance(&format!("deal:{deal}:profit_receivable"))
            .await,
        "2000.00"
    );
    assert_eq!(book.balance("platform:fee_income").await, "40.00");
    let partner = posted_partner_payable(&book).await;
    assert_eq!(partner, "400.00");
    let tb = trial_balance(book.store(), &book.officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(
        tb.difference.get("USD").map(String::as_str),
        Some("0.00"),
        "the trial balance is zero"
    );
    assert_eq!(
        tb.total_debits.get("USD").map(String::as_str),
        Some("2000.00")
    );
    verify_ledger(book.store(), &book.officer)
        .await
        .expect("stored balances equal their postings");
}

async fn posted_partner_payable(book: &Book) -> String {
    let tb = trial_balance(book.store(), &book.officer, None)
        .await
        .expect("a trial balance");
    let line = tb
        .accounts
        .iter()
        .find(|a| a.account.starts_with("partner:"))
        .expect("a partner account");
    line.credits.clone()
}

#[tokio::test]
async fn a_loss_day_distributes_nothing_and_profit_resumes_only_above_the_old_peak() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-23", "12000").await;
    let first = book
        .prepare("Phones", "2026-11-23")
        .await
        .expect("prepared")
        .id;
    book.approve_and_post(first).await;

    book.verified("Phones", "2026-11-24", "11000").await;
    let loss = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect_err("a loss day has no profit");
    assert_eq!(loss.code, Code::Conflict);
    assert!(
        loss.message
            .contains("not above the high-water mark 12000.00"),
        "{}",
        loss.message
    );

    book.verified("Phones", "2026-11-25", "12500").await;
    let recovery = book
        .show(
            book.prepare("Phones", "2026-11-25")
                .await
                .expect("prepared")
                .id,
        )
        .await;
    assert_eq!(
        recovery.high_water_mark, "12000.00",
        "the mark stayed at the old peak through the loss"
    );
    assert_eq!(
        recovery.profit, "500.00",
        "only what is above the old peak is profit"
    );
    assert_eq!(recovery.new_high_water_mark, "12500.00");
}

#[tokio::test]
async fn capital_added_mid_way_raises_the_mark_and_shares_in_the_next_profit() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-23", "12000").await;
    let first = book
        .prepare("Phones", "2026-11-23")
        .await
        .expect("prepared")
        .id;
    book.approve_and_post(first).await;
    deals::add_investor(
        book.store(),
        &book.clock,
        &book.officer,
        "D",
        None,
        None,
        &book.key(),
    )
    .await
    .expect("D");
    book.invest("Phones", "D", "5000", "2026-11-24").await;

    let recorded = book.record("Phones", "2026-11-24", "17500").await;
    assert!(
        !recorded.flagged,
        "new capital is not a move of the value: +500 on 17,000 is +2.94%"
    );
    assert_eq!(recorded.change.as_deref(), Some("+2.94%"));
    verify_performance(
        book.store(),
        &book.clock,
        &book.approver,
        recorded.id,
        &book.key(),
    )
    .await
    .expect("verified");
    let view = book
        .show(
            book.prepare("Phones", "2026-11-24")
                .await
                .expect("prepared")
                .id,
        )
        .await;
    assert_eq!(
        view.high_water_mark, "17000.00",
        "12,000 plus the 5,000 added that day"
    );
    assert_eq!(
        (view.profit.as_str(), view.investor_pool.as_str()),
        ("500.00", "390.00")
    );
    assert_eq!(
        amounts(&view),
        [
            ("Phones A", "52.00"),
            ("Phones B", "104.00"),
            ("Phones C", "104.00"),
            ("D", "130.00")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned())),
        "the pool over 15,000 of capital, D's 5,000 included"
    );
}

#[tokio::test]
async fn nobody_checks_what_they_made_even_holding_both_roles() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let new = NewPerformance {
        deal: "Phones",
        date: "2026-11-24",
        value: "12000",
        market_conditions: None,
        notes: None,
    };
    let own = record_performance(book.store(), &book.clock, &book.both, new, &book.key())
        .await
        .expect("recorded")
        .id;
    let refused = verify_performance(book.store(), &book.clock, &book.both, own, &book.key())
        .await
        .expect_err("self-verification");
    assert_eq!(refused.code, Code::PermissionDenied);
    assert!(
        refused.message.contains("bo made this performance record"),
        "{}",
        refused.message
    );
    verify_performance(book.store(), &book.clock, &book.approver, own, &book.key())
        .await
        .expect("a second person verifies");

    let prepared = prepare_distribution(
        book.store(),
        &book.clock,
        &book.both,
        "Phones",
        "2026-11-24",
        &book.key(),
    )
    .await
    .expect("prepared")
    .id;
    let refused = approve_distributions(
        book.store(),
        &book.clock,
        &book.both,
        &[prepared],
        None,
        &book.key(),
    )
    .await
    .expect_err("self-approval");
    assert_eq!(refused.code, Code::PermissionDenied);
    assert_eq!(
        book.show(prepared).await.status,
        "prepared",
        "a refusal changes nothing"
    );
}

#[tokio::test]
async fn a_replayed_request_is_applied_once_and_a_reused_key_for_another_is_a_conflict() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let new = NewPerformance {
        deal: "Phones",
        date: "2026-11-24",
        value: "12000",
        market_conditions: None,
        notes: None,
    };
    let first = record_performance(book.store(), &book.clock, &book.officer, new, "record-once")
        .await
        .expect("recorded");
    let again = record_performance(book.store(), &book.clock, &book.officer, new, "record-once")
        .await
        .expect("replayed");
    assert_eq!(first, again, "the replay returns the stored result");
    let other = NewPerformance {
        value: "12001",
        ..new
    };
    let clash = record_performance(
        book.store(),
        &book.clock,
        &book.officer,
        other,
        "record-once",
    )
    .await
    .expect_err("another body");
    assert_eq!(clash.code, Code::Conflict);
    verify_performance(
        book.store(),
        &book.clock,
        &book.approver,
        first.id,
        &book.key(),
    )
    .await
    .expect("verified");

    let a = prepare_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        "Phones",
        "2026-11-24",
        "prepare-once",
    )
    .await
    .expect("prepared");
    let b = prepare_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        "Phones",
        "2026-11-24",
        "prepare-once",
    )
    .await
    .expect("replayed");
    assert_eq!(a, b);
    let list = deals::list_distributions(book.store(), &book.officer, Some("Phones"))
        .await
        .expect("a list");
    assert_eq!(
        list.items.len(),
        1,
        "one distribution, however often the request came"
    );
    approve_distributions(
        book.store(),
        &book.clock,
        &book.approver,
        &[a.id],
        None,
        "approve-once",
    )
    .await
    .expect("approved");
    post_distributions(
        book.store(),
        &book.clock,
        &book.officer,
        &[a.id],
        "post-once",
    )
    .await
    .expect("posted");
    post_distributions(
        book.store(),
        &book.clock,
        &book.officer,
        &[a.id],
        "post-once",
    )
    .await
    .expect("replayed");
    let again = post_distributions(
        book.store(),
        &book.clock,
        &book.officer,
        &[a.id],
        "post-twice",
    )
    .await
    .expect_err("a second posting");
    assert_eq!(
        again.code,
        Code::Conflict,
        "a posted distribution is never posted again"
    );
    assert_eq!(
        book.balance("platform:fee_income").await,
        "40.00",
        "booked once"
    );
}

#[tokio::test]
async fn a_flagged_value_is_approved_only_with_an_override_reason_on_the_audit_log() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let recorded = book.record("Phones", "2026-11-24", "14000").await;
    assert!(
        recorded.flagged,
        "+40% in a day is beyond the 25% threshold"
    );
    assert!(recorded.warnings[0].contains("beyond the deal's circuit-breaker threshold"));
    verify_performance(
        book.store(),
        &book.clock,
        &book.approver,
        recorded.id,
        &book.key(),
    )
    .await
    .expect("verified");
    let id = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    assert!(book.show(id).await.flagged);

    let blocked = approve_distributions(
        book.store(),
        &book.clock,
        &book.approver,
        &[id],
        None,
        &book.key(),
    )
    .await
    .expect_err("no override");
    assert_eq!(blocked.code, Code::Conflict);
    assert!(
        blocked.message.contains("needs an override reason"),
        "{}",
        blocked.message
    );
    assert_eq!(book.show(id).await.status, "prepared");

    let reason = "supplier paid a one-off rebate; confirmed with the partner's bank statement";
    approve_distributions(
        book.store(),
        &book.clock,
        &book.approver,
        &[id],
        Some(reason),
        &book.key(),
    )
    .await
    .expect("overridden");
    let view = book.show(id).await;
    assert_eq!(
        (view.status.as_str(), view.override_reason.as_deref()),
        ("approved", Some(reason))
    );
    let log = prorata_app::audit::audit_log(book.store(), &admin_session(&book), None, Some("abe"))
        .await
        .expect("the log");
    let entry = log
        .items
        .iter()
        .find(|e| e.action == "distribution.approve_override")
        .expect("the override is audited");
    assert_eq!(entry.reason.as_deref(), Some(reason));
}

fn admin_session(book: &Book) -> Session {
    Session {
        actor: Actor {
            user: UserName::parse("ada").expect("a name"),
            roles: [Role::Admin].into_iter().collect(),
        },
        ..book.officer.clone()
    }
}

#[tokio::test]
async fn records_before_the_first_investment_are_refused_and_gaps_are_warned_of() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let new = NewPerformance {
        deal: "Phones",
        date: "2026-11-01",
        value: "10000",
        market_conditions: None,
        notes: None,
    };
    let early = record_performance(book.store(), &book.clock, &book.officer, new, &book.key())
        .await
        .expect_err("too early");
    assert_eq!(early.code, Code::Validation);
    assert!(
        early
            .message
            .contains("before the deal's first investment, on 2026-11-02"),
        "{}",
        early.message
    );
    book.record("Phones", "2026-11-16", "10100").await; // a Monday
    let later = book.record("Phones", "2026-11-19", "10200").await; // the Thursday
    assert_eq!(
        later.warnings,
        ["2 business days without a record before this one"]
    );
    assert!(!later.flagged, "a gap is a warning, never a block");
}

#[tokio::test]
async fn the_daily_run_prepares_what_is_verified_reports_the_rest_and_changes_nothing_twice() {
    let book = Book::new().await;
    for deal in ["Phones", "Laptops", "Tablets"] {
        book.seed_deal(deal).await;
    }
    book.verified("Phones", "2026-11-24", "12000").await;
    book.record("Laptops", "2026-11-24", "11000").await;
    let mut seen = Vec::new();
    let mut progress = |done: usize, total: usize| seen.push((done, total));
    let report = run_daily(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11-24",
        "daily-1",
        &mut progress,
    )
    .await
    .expect("ran");
    assert_eq!(seen.last(), Some(&(3, 3)), "progress reaches every deal");
    assert_eq!(
        report
            .prepared
            .iter()
            .map(|p| p.deal.as_str())
            .collect::<Vec<_>>(),
        ["Phones"]
    );
    assert_eq!(report.prepared[0].profit, "2000.00");
    let reasons: Vec<_> = report
        .skipped
        .iter()
        .map(|s| (s.deal.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2);
    assert!(reasons[0].1.contains("is not verified yet"), "{reasons:?}");
    assert_eq!(reasons[1].1, "no value is recorded for 2026-11-24");

    let replay = run_daily(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11-24",
        "daily-1",
        &mut |_, _| {},
    )
    .await
    .expect("replayed");
    assert_eq!(replay, report, "the same key returns the same report");
    let again = run_daily(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11-24",
        "daily-2",
        &mut |_, _| {},
    )
    .await
    .expect("ran again");
    assert!(again.prepared.is_empty(), "nothing is prepared twice");
    assert!(
        again.skipped[0].reason.contains("already prepared"),
        "{:?}",
        again.skipped
    );
    let all = deals::list_distributions(book.store(), &book.officer, None)
        .await
        .expect("a list");
    assert_eq!(all.items.len(), 1);
    let log =
        prorata_app::audit::audit_log(book.store(), &admin_session(&book), None, Some("olga"))
            .await
            .expect("the log");
    let runs: Vec<_> = log
        .items
        .iter()
        .filter(|e| e.action == "run.daily")
        .collect();
    assert_eq!(
        runs.len(),
        2,
        "each completed run is on the audit log, the replay is not"
    );
    let approved = approve_distributions(
        book.store(),
        &book.clock,
        &book.approver,
        &[report.prepared[0].distribution_id],
        None,
        &book.key(),
    )
    .await;
    assert!(
        approved.is_ok(),
        "approval stays a second person's act: {approved:?}"
    );
}

#[tokio::test]
async fn a_cancelled_distribution_makes_way_for_a_new_one_and_a_posted_one_never_changes() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let first = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let empty = cancel_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        first,
        "  ",
        &book.key(),
    )
    .await
    .expect_err("no reason");
    assert_eq!(empty.code, Code::Validation);
    cancel_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        first,
        "prepared before the partner's correction",
        &book.key(),
    )
    .await
    .expect("cancelled");
    let second = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared again")
        .id;
    assert_ne!(first, second);
    book.approve_and_post(second).await;
    let refused = cancel_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        second,
        "too late",
        &book.key(),
    )
    .await
    .expect_err("posted");
    assert_eq!(refused.code, Code::Conflict);
    assert_eq!(refused.message, "a posted distribution cannot be cancelled");
}

#[tokio::test]
async fn postgresql_refuses_a_checker_who_is_the_maker_and_any_change_to_a_posted_distribution() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let recorded = book.record("Phones", "2026-11-24", "12000").await.id;
    let pool = book.store().pool();
    let error = pool
        .execute(sqlx::query(
            "UPDATE performance_records SET status = 'verified', verified_by = recorded_by, verified_at = now() WHERE id = $1",
        ).bind(recorded))
        .await
        .expect_err("the maker may not verify, whatever the SQL");
    assert!(
        error
            .to_string()
            .contains("performance_checker_is_not_maker"),
        "{error}"
    );

    verify_performance(
        book.store(),
        &book.clock,
        &book.approver,
        recorded,
        &book.key(),
    )
    .await
    .expect("verified");
    let id = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let error = pool
        .execute(sqlx::query(
            "UPDATE distributions SET status = 'approved', approved_by = prepared_by, approved_at = now() WHERE id = $1",
        ).bind(id))
        .await
        .expect_err("the preparer may not approve, whatever the SQL");
    assert!(
        error
            .to_string()
            .contains("distribution_checker_is_not_maker"),
        "{error}"
    );

    book.approve_and_post(id).await;
    let error = pool
        .execute(sqlx::query("UPDATE distributions SET profit_minor = 1 WHERE id = $1").bind(id))
        .await
        .expect_err("a posted distribution is fixed");
    assert!(
        error.to_string().contains("can no longer change"),
        "{error}"
    );
    let error = pool
        .execute(sqlx::query("UPDATE distribution_shares SET amount_minor = amount_minor + 1 WHERE distribution_id = $1").bind(id))
        .await
        .expect_err("a share's amount is fixed");
    assert!(error.to_string().contains("never changes"), "{error}");
}

#[tokio::test]
async fn postgresql_refuses_shares_that_do_not_add_up_to_the_pool() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let id = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let mut tx = book.store().pool().begin().await.expect("a transaction");
    tx.execute(sqlx::query(
        "INSERT INTO distributions (program_id, deal_id, value_date, performance_record_id, status, currency, value_minor,
            high_water_mark_minor, new_high_water_mark_minor, profit_minor, partner_commission_minor, platform_fee_minor,
            investor_pool_minor, partner_commission_rate, platform_fee_rate, flagged, prepared_by, prepared_at)
         SELECT program_id, deal_id, value_date + 1, performance_record_id, 'prepared', currency, value_minor + 100,
            value_minor, value_minor + 100, 100, 20, 2, 78, 0.2, 0.02, false, 'olga', now()
         FROM distributions WHERE id = $1",
    ).bind(id))
    .await
    .expect("the row alone is accepted until commit");
    let error = tx.commit().await.expect_err("no shares for a pool of 78");
    assert!(
        error.to_string().contains("not its investor pool of 78"),
        "{error}"
    );
}

#[tokio::test]
async fn a_posted_distribution_is_corrected_by_an_approved_reversal_never_by_an_edit() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let original = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    let early = deals::reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        original,
        "typo",
        &book.key(),
    )
    .await
    .expect_err("not posted yet");
    assert_eq!(
        early.code,
        Code::Conflict,
        "a distribution not yet posted is cancelled, not reversed"
    );
    book.approve_and_post(original).await;

    let blank = deals::reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        original,
        " ",
        &book.key(),
    )
    .await
    .expect_err("no reason");
    assert_eq!(blank.code, Code::Validation);
    let reason = "the partner restated the day's value";
    let reversal = deals::reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        original,
        reason,
        &book.key(),
    )
    .await
    .expect("a reversal")
    .id;
    let twice = deals::reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        original,
        reason,
        &book.key(),
    )
    .await
    .expect_err("one reversal");
    assert_eq!(twice.code, Code::Conflict);
    let view = book.show(reversal).await;
    assert_eq!(
        (
            view.kind.as_str(),
            view.reverses_distribution_id,
            view.correction_reason.as_deref()
        ),
        ("reversal", Some(original), Some(reason))
    );
    assert_eq!(
        view.status, "prepared",
        "a reversal is approved by a second person like any distribution"
    );
    assert_eq!(
        book.balance("platform:fee_income").await,
        "40.00",
        "nothing is undone before it is posted"
    );

    book.approve_and_post(reversal).await;
    assert_eq!(
        book.balance("platform:fee_income").await,
        "0.00",
        "the mirror entry undid the fee"
    );
    let tb = trial_balance(book.store(), &book.officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(tb.difference.get("USD").map(String::as_str), Some("0.00"));
    assert_eq!(
        tb.total_debits.get("USD").map(String::as_str),
        Some("4000.00"),
        "the original and its mirror both stay on the books"
    );
    let posted = book.show(original).await;
    assert_eq!(posted.status, "posted", "the original row is never edited");
    assert!(
        posted.shares.iter().all(|s| s.payout_status == "reversed"),
        "its shares are owed no more"
    );

    let again = book
        .show(
            book.prepare("Phones", "2026-11-24")
                .await
                .expect("the date is open again")
                .id,
        )
        .await;
    assert_eq!(
        (again.high_water_mark.as_str(), again.profit.as_str()),
        ("10000.00", "2000.00"),
        "the reversed distribution's mark no longer counts"
    );
}

#[tokio::test]
async fn a_closed_deal_takes_no_capital_and_the_daily_run_passes_it_by() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    deals::close_deal(
        book.store(),
        &book.clock,
        &book.officer,
        "Phones",
        &book.key(),
    )
    .await
    .expect("closed");
    let again = deals::close_deal(
        book.store(),
        &book.clock,
        &book.officer,
        "Phones",
        &book.key(),
    )
    .await
    .expect_err("closed twice");
    assert_eq!(again.code, Code::Conflict);
    let new = NewInvestment {
        deal: "Phones",
        investor: "Phones A",
        amount: "100",
        date: "2026-11-25",
    };
    let refused = deals::invest(book.store(), &book.clock, &book.officer, new, &book.key())
        .await
        .expect_err("no new capital");
    assert_eq!(refused.code, Code::Conflict);
    let report = run_daily(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11-24",
        &book.key(),
        &mut |_, _| {},
    )
    .await
    .expect("ran");
    assert!(
        report.prepared.is_empty() && report.deals == 0,
        "only active deals are run: {report:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_postings_of_one_distribution_book_it_exactly_once() {
    let book = std::sync::Arc::new(Book::new().await);
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let id = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    approve_distributions(
        book.store(),
        &book.clock,
        &book.approver,
        &[id],
        None,
        &book.key(),
    )
    .await
    .expect("approved");
    let tasks: Vec<_> = (0..6)
        .map(|n| {
            let book = book.clone();
            tokio::spawn(async move {
                post_distributions(
                    book.store(),
                    &book.clock,
                    &book.officer,
                    &[id],
                    &format!("post-{n}"),
                )
                .await
            })
        })
        .collect();
    let mut booked = 0;
    for task in tasks {
        match task.await.expect("the task ran") {
            Ok(_) => booked += 1,
            Err(error) => assert_eq!(
                error.code,
                Code::Conflict,
                "the others see it posted: {error:?}"
            ),
        }
    }
    assert_eq!(
        booked, 1,
        "one posting, however many people press the button at once"
    );
    assert_eq!(book.balance("platform:fee_income").await, "40.00");
}

#[tokio::test]
async fn a_program_keeps_its_deals_in_one_currency() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let euro = NewDeal {
        name: "Bikes",
        currency: "EUR",
        partner: "Phones partner",
        partner_commission_rate: "0.20",
        platform_fee_rate: "0.02",
        circuit_breaker_threshold: None,
    };
    let refused = deals::create_deal(book.store(), &book.clock, &book.officer, euro, &book.key())
        .await
        .expect_err("a second currency");
    assert_eq!(refused.code, Code::Validation);
    assert_eq!(
        refused.message,
        "currency: program main keeps its deals in USD; a EUR deal belongs in a program of its own"
    );
}
