//! The one harness of prorata-app's tests: a real PostgreSQL database per test, one
//! [`TestClock`], real users with real roles (the operations read them from the database),
//! and the seeded deal of DESIGN §5.
#![allow(dead_code, unreachable_pub)]

mod paid;
mod pdf;
#[allow(
    unused_imports,
    reason = "a harness shared by every test binary, each using some"
)]
pub use paid::{data_key, executed_batch, paid_out, withdraw_from};
#[allow(
    unused_imports,
    reason = "a harness shared by every test binary, each using some"
)]
pub use pdf::text_of;

use std::sync::Mutex;

use chrono::{DateTime, Duration, TimeZone, Utc};
use prorata_app::clock::Clock;
use prorata_app::control::{NewUser, add_user};
use prorata_app::deals::{
    self, DistributionView, NewDeal, NewInvestment, NewPerformance, approve_distributions,
    post_distributions, prepare_distribution, record_performance, show_distribution,
    verify_performance,
};
use prorata_app::ledger::account_balance;
use prorata_app::responses::Created;
use prorata_app::second_factor::{SecondFactor, set_second_factor_rule};
use prorata_app::session::{Credentials, Session};
use prorata_app::store::bootstrap;
use prorata_app::{Error, FrontEnd, Store};
use prorata_domain::control::{Actor, Role, UserName};
use prorata_store::control::{find_program, find_user, roles_of};
use prorata_store::testing::TestDatabase;

pub const ADMIN: &str = "ada";
pub const ADMIN_PASSWORD: &str = "admin passphrase long";
pub const USER_PASSWORD: &str = "a user's passphrase";
pub const PASSPHRASE: &str = "the organisation's passphrase";

/// The time of a test: it starts on 2026-11-25 09:00 UTC and moves only when the test says,
/// or, when ticking, by a millisecond at every reading, so that records keep their order.
#[derive(Debug)]
pub struct TestClock {
    now: Mutex<DateTime<Utc>>,
    tick: Duration,
}

impl TestClock {
    pub fn new() -> TestClock {
        TestClock::starting(Duration::zero())
    }

    pub fn ticking() -> TestClock {
        TestClock::starting(Duration::milliseconds(1))
    }

    fn starting(tick: Duration) -> TestClock {
        let start = Utc
            .with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
            .single()
            .expect("an instant");
        TestClock {
            now: Mutex::new(start),
            tick,
        }
    }

    pub fn advance(&self, by: Duration) {
        *self.now.lock().expect("the clock") += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        let mut now = self.now.lock().expect("the clock");
        *now += self.tick;
        *now
    }
}

pub fn credentials(user: &str, password: &str) -> Credentials {
    Credentials {
        user: user.to_owned(),
        password: password.to_owned(),
    }
}

/// A store whose first admin, `ada`, made program `main`.
pub async fn store_with_admin(clock: &TestClock) -> TestDatabase {
    let db = TestDatabase::create().await.expect("a database");
    // The tests drive the use cases as the command line does.
    db.store.audit_signing().name_front_end(FrontEnd::Cli);
    bootstrap(
        &db.store,
        clock,
        &credentials(ADMIN, ADMIN_PASSWORD),
        PASSPHRASE,
    )
    .await
    .expect("the first admin");
    db
}

/// The session of a user as it stands in the store, made without signing in (signing in
/// is tested on its own).
pub async fn session_of(store: &Store, program: &str, name: &str) -> Session {
    let mut conn = store.acquire().await.expect("a connection");
    let program = find_program(&mut conn, program)
        .await
        .expect("reads")
        .expect("the program");
    let user = find_user(&mut conn, name)
        .await
        .expect("reads")
        .expect("the user");
    let roles = roles_of(&mut conn, program.id, user.id)
        .await
        .expect("reads");
    Session {
        user_id: user.id,
        actor: Actor {
            user: UserName::parse(name).expect("a name"),
            roles,
        },
        program,
    }
}

/// Adds a user with roles in the admin's program, and returns their session.
pub async fn user_with_roles(
    store: &Store,
    clock: &TestClock,
    admin: &Session,
    name: &str,
    roles: &[Role],
) -> Session {
    let roles: Vec<String> = roles.iter().map(ToString::to_string).collect();
    let new = NewUser {
        name,
        password: USER_PASSWORD,
        roles: &roles,
        email: None,
    };
    add_user(store, clock, admin, new, None, &format!("add-{name}"))
        .await
        .expect("the user is added");
    session_of(store, &admin.program.slug, name).await
}

/// A store with program `main`, its admin, an officer, an approver, and one user who holds
/// both roles.
pub struct Book {
    pub db: TestDatabase,
    pub clock: TestClock,
    pub admin: Session,
    pub officer: Session,
    pub approver: Session,
    pub both: Session,
    keys: Mutex<u32>,
}

impl Book {
    pub async fn new() -> Book {
        let clock = TestClock::ticking();
        let db = store_with_admin(&clock).await;
        let store = &db.store;
        let admin = session_of(store, "main", ADMIN).await;
        let officer = user_with_roles(store, &clock, &admin, "olga", &[Role::Officer]).await;
        let approver = user_with_roles(store, &clock, &admin, "abe", &[Role::Approver]).await;
        let both = [Role::Officer, Role::Approver];
        let both = user_with_roles(store, &clock, &admin, "bo", &both).await;
        // The rule that money leaving needs a fresh code is tested on its own
        // (`second_factor.rs`); here it would only ask every test for codes.
        let off =
            set_second_factor_rule(store, &clock, &admin, false, SecondFactor::default(), "off");
        off.await.expect("the rule is off");
        Book {
            db,
            clock,
            admin,
            officer,
            approver,
            both,
            keys: Mutex::new(0),
        }
    }

    pub fn store(&self) -> &Store {
        &self.db.store
    }

    /// A fresh idempotency key.
    pub fn key(&self) -> String {
        let mut n = self.keys.lock().expect("keys");
        *n += 1;
        format!("test-{n}")
    }

    /// The seed deal of DESIGN §5: partner P, investors A, B, C with 2,000, 4,000 and 4,000
    /// invested on 2026-11-02, rates 20% and 2%.
    pub async fn seed_deal(&self, name: &str) -> i64 {
        self.seed_deal_in(name, "USD").await
    }

    /// The seed deal in another currency's book.
    pub async fn seed_deal_in(&self, name: &str, currency: &str) -> i64 {
        let s = self.store();
        let o = &self.officer;
        let partner = format!("{name} partner");
        deals::add_partner(s, &self.clock, o, &partner, &self.key())
            .await
            .expect("a partner");
        let deal = NewDeal {
            notation: prorata_app::input::Notation::Plain,
            name,
            currency,
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

    pub async fn invest(&self, deal: &str, investor: &str, amount: &str, date: &str) {
        let new = NewInvestment {
            notation: prorata_app::input::Notation::Plain,
            deal,
            investor,
            amount,
            date,
        };
        deals::invest(self.store(), &self.clock, &self.officer, new, &self.key())
            .await
            .expect("an investment");
    }

    pub async fn record(&self, deal: &str, date: &str, value: &str) -> deals::Recorded {
        let new = NewPerformance {
            notation: prorata_app::input::Notation::Plain,
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

    pub async fn verified(&self, deal: &str, date: &str, value: &str) {
        let id = self.record(deal, date, value).await.id;
        verify_performance(self.store(), &self.clock, &self.approver, id, &self.key())
            .await
            .expect("verified");
    }

    pub async fn prepare(&self, deal: &str, date: &str) -> Result<Created, Error> {
        let s = self.store();
        prepare_distribution(s, &self.clock, &self.officer, deal, date, &self.key()).await
    }

    /// A verified value, its distribution prepared, approved and posted: the distribution's id.
    pub async fn posted(&self, deal: &str, date: &str, value: &str) -> i64 {
        self.verified(deal, date, value).await;
        let id = self.prepare(deal, date).await.expect("prepared").id;
        self.approve_and_post(id).await;
        id
    }

    pub async fn approve_and_post(&self, id: i64) {
        let s = self.store();
        approve_distributions(
            s,
            &self.clock,
            &self.approver,
            &[id],
            None,
            SecondFactor::default(),
            &self.key(),
        )
        .await
        .expect("approved");
        post_distributions(s, &self.clock, &self.officer, &[id], &self.key())
            .await
            .expect("posted");
    }

    pub async fn show(&self, id: i64) -> DistributionView {
        show_distribution(self.store(), &self.officer, id)
            .await
            .expect("shown")
    }

    /// Runs raw SQL as the application's role and answers PostgreSQL's refusal: at once, or,
    /// for deferred checks, at commit. Fails the test if PostgreSQL takes it.
    pub async fn refused(&self, sql: &str) -> String {
        use sqlx::Executor;
        let mut tx = self.store().pool().begin().await.expect("a transaction");
        let error = match tx.execute(sqlx::AssertSqlSafe(sql.to_owned())).await {
            Err(error) => error,
            Ok(_) => tx.commit().await.expect_err(sql),
        };
        error.to_string()
    }

    /// The trial balance is zero in every currency and `reconcile ledger` ties: asserted.
    pub async fn ledger_ties(&self) {
        let tb = prorata_app::ledger::trial_balance(self.store(), &self.officer, None)
            .await
            .expect("a trial balance");
        assert!(tb.difference.values().all(|d| d == "0.00"), "{tb:?}");
        let tied = prorata_app::reconcile::reconcile_ledger(self.store(), &self.officer)
            .await
            .expect("reconciled");
        assert!(tied.intact, "{tied:?}");
    }

    pub async fn balance(&self, account: &str) -> String {
        account_balance(self.store(), &self.officer, account, None, None)
            .await
            .expect("a balance")
            .balance
    }
}

/// A value to record for a deal on a date, with no notes.
pub fn value<'a>(deal: &'a str, date: &'a str, value: &'a str) -> NewPerformance<'a> {
    NewPerformance {
        notation: prorata_app::input::Notation::Plain,
        deal,
        date,
        value,
        market_conditions: None,
        notes: None,
    }
}

/// Each share's investor and amount, in the distribution's order.
pub fn amounts(view: &DistributionView) -> Vec<(String, String)> {
    view.shares
        .iter()
        .map(|s| (s.investor.clone(), s.amount.clone()))
        .collect()
}
