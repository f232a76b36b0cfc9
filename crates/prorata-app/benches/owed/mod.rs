//! What the payout benchmarks set up: investors owed by posted distributions, and one
//! approved withdrawal request each to a bank account of their own. The investors and their
//! investments are written with bulk SQL; the distributions, the requests and their approvals
//! go through prorata-app, as an officer and an approver would make them.

use std::sync::Arc;

use prorata_app::clock::SystemClock;
use prorata_app::crypto::DataKey;
use prorata_app::deals::{self, NewDeal};
use prorata_app::input::Notation;
use prorata_app::payouts::{self, NewWithdrawal, Payee};
use prorata_app::second_factor::SecondFactor;
use prorata_app::session::Session;
use prorata_store::Store;

pub const DATE: &str = "2026-11-24";
/// Investors per deal: one distribution's entry has at most 10,000 legs.
pub const INVESTORS_PER_DEAL: i64 = 5_000;

/// `count` investors over deals of [`INVESTORS_PER_DEAL`] each, valued 10% above their
/// capital, verified; their distributions prepared, approved and posted: every investor owed.
pub async fn owe(store: &Store, officer: &Session, approver: &Session, count: i64) {
    let clock = SystemClock;
    deals::add_partner(store, &clock, officer, "Partner", "bench-partner")
        .await
        .expect("a partner");
    let deals_count = (count + INVESTORS_PER_DEAL - 1) / INVESTORS_PER_DEAL;
    let names: Vec<String> = (1..=deals_count).map(|n| format!("Payouts {n}")).collect();
    for name in &names {
        let deal = NewDeal {
            notation: Notation::Plain,
            name,
            currency: "USD",
            partner: "Partner",
            partner_commission_rate: "0.20",
            platform_fee_rate: "0.02",
            circuit_breaker_threshold: None,
        };
        let key = format!("bench-deal-{name}");
        deals::create_deal(store, &clock, officer, deal, &key)
            .await
            .expect("a deal");
    }
    let program = officer.program.id;
    for sql in [
        "INSERT INTO investors (program_id, name, created_by, created_at)
         SELECT $1, 'Investor ' || n, 'olga', now() FROM generate_series(1, $2::bigint) n",
        "INSERT INTO investments (program_id, deal_id, investor_id, amount_minor, invested_on, created_by, created_at)
         SELECT $1, d.id, v.id, 100000 + v.id % 1000 * 1000, DATE '2026-11-02', 'olga', now()
         FROM deals d JOIN investors v ON d.name = 'Payouts ' || ((v.id - 1) / $3 + 1)
         WHERE d.program_id = $1 AND v.program_id = $1 AND v.id <= $2",
        "INSERT INTO performance_records (program_id, deal_id, value_date, value_minor, previous_value_minor,
             change_ratio, flagged, missed_business_days, status, recorded_by, recorded_at, verified_by, verified_at)
         SELECT $1, deal_id, DATE '2026-11-24', sum(amount_minor) * 11 / 10, sum(amount_minor),
                0.1, false, 0, 'verified', 'olga', now(), 'abe', now()
         FROM investments WHERE program_id = $1 AND $2 > 0 AND $3 > 0 GROUP BY deal_id",
        "SELECT store_refresh_statistics(NULL) WHERE $1 > 0 AND $2 > 0 AND $3 > 0",
    ] {
        sqlx::query(sql)
            .bind(program)
            .bind(count)
            .bind(INVESTORS_PER_DEAL)
            .execute(store.pool())
            .await
            .expect("set-up");
    }
    post_distributions(store, officer, approver, &names).await;
}

async fn post_distributions(
    store: &Store,
    officer: &Session,
    approver: &Session,
    names: &[String],
) {
    let clock = SystemClock;
    for name in names {
        let key = format!("bench-p-{name}");
        let prepared = deals::prepare_distribution(store, &clock, officer, name, DATE, &key)
            .await
            .expect("prepared");
        let (id, key) = (prepared.id, format!("bench-a-{name}"));
        deals::approve_distributions(
            store,
            &clock,
            approver,
            &[id],
            None,
            SecondFactor::default(),
            &key,
        )
        .await
        .expect("approved");
        deals::post_distributions(store, &clock, officer, &[id], &format!("bench-post-{name}"))
            .await
            .expect("posted");
    }
}

/// Each investor from 1 to `count` asks for 50.00 to an account of their own, and an approver
/// approves each: `tasks` at a time (each request in its own transaction, as one by one);
/// their ids, in the investors' order.
pub async fn approved_withdrawals(
    store: &Store,
    (officer, approver): (&Session, &Session),
    key: Arc<DataKey>,
    count: i64,
    tasks: i64,
) -> Vec<i64> {
    let mut set = tokio::task::JoinSet::new();
    for task in 0..tasks {
        let (store, officer, approver, key) = (
            store.clone(),
            officer.clone(),
            approver.clone(),
            key.clone(),
        );
        set.spawn(async move {
            let mut ids = Vec::new();
            let mut n = task + 1;
            while n <= count {
                ids.push((n, request(&store, (&officer, &approver), &key, n).await));
                n += tasks;
            }
            ids
        });
    }
    let mut ids: Vec<(i64, i64)> = set.join_all().await.into_iter().flatten().collect();
    ids.sort_unstable();
    ids.into_iter().map(|(_, id)| id).collect()
}

async fn request(
    store: &Store,
    (officer, approver): (&Session, &Session),
    key: &DataKey,
    n: i64,
) -> i64 {
    let (investor, account) = (n.to_string(), format!("30{n:08}"));
    let name = format!("Investor {n} Ökonom & Söhne");
    let new = NewWithdrawal {
        payee: Payee::Investor(&investor),
        amount: "50.00",
        currency: None,
        bank_name: "First Bank",
        account_number: &account,
        account_name: &name,
        allocation: None,
        notation: Notation::Plain,
    };
    let k = format!("bench-w-{n}");
    let id = payouts::request_withdrawal(store, &SystemClock, officer, new, Some(key), &k)
        .await
        .expect("requested")
        .id;
    let k = format!("bench-wa-{n}");
    payouts::approve_withdrawal(store, &SystemClock, approver, id, &k)
        .await
        .expect("approved");
    id
}
