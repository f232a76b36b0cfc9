//! Random sequences of ledger operations against a simple model: after every step the trial
//! balance is zero, stored balances equal the postings, no protected account is negative,
//! and each investor's available amount is what the model says.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use prorata_domain::ledger::AccountType;
use prorata_store::ledger::{
    EntryOutcome, LedgerStoreError, NewEntry, account_balance, balance_mismatches, post_entries,
    post_hold, reverse_entry, trial_balance, void_hold,
};
use prorata_store::testing::TestDatabase;

const INVESTORS: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Fund { investor: usize, cents: i64 },
    Transfer { from: usize, to: usize, cents: i64 },
    Hold { investor: usize, cents: i64 },
    PostHold { pick: usize },
    VoidHold { pick: usize },
    Reverse { pick: usize },
    Replay { pick: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let investor = 0..INVESTORS;
    // Funding is larger than what moves out, so most transfers and holds fit and the ones
    // that do not still come up.
    let cents = 1i64..50_000;
    prop_oneof![
        (investor.clone(), 1i64..200_000)
            .prop_map(|(investor, cents)| Op::Fund { investor, cents }),
        (investor.clone(), investor.clone(), cents.clone())
            .prop_filter("two investors", |(a, b, _)| a != b)
            .prop_map(|(from, to, cents)| Op::Transfer { from, to, cents }),
        (investor, cents).prop_map(|(investor, cents)| Op::Hold { investor, cents }),
        any::<usize>().prop_map(|pick| Op::PostHold { pick }),
        any::<usize>().prop_map(|pick| Op::VoidHold { pick }),
        any::<usize>().prop_map(|pick| Op::Reverse { pick }),
        any::<usize>().prop_map(|pick| Op::Replay { pick }),
    ]
}

fn payable(investor: usize) -> String {
    format!("investor:{investor}:payable")
}

fn amount(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// What the model knows: each investor's available cents, open holds, booked entries.
#[derive(Default)]
struct Model {
    available: [i64; INVESTORS],
    holds: Vec<(i64, usize, i64)>,
    /// Posted entries not yet reversed: id, the entry, and its effect on available cents.
    posted: Vec<(i64, NewEntry, [i64; INVESTORS])>,
    booked: Vec<(NewEntry, i64)>,
    next_key: usize,
}

impl Model {
    fn key(&mut self) -> String {
        self.next_key += 1;
        format!("op-{}", self.next_key)
    }

    fn allows(&self, effect: &[i64; INVESTORS]) -> bool {
        (0..INVESTORS).all(|i| self.available[i] + effect[i] >= 0)
    }

    fn apply(&mut self, effect: &[i64; INVESTORS]) {
        for (available, change) in self.available.iter_mut().zip(effect) {
            *available += change;
        }
    }
}

async fn book(db: &TestDatabase, entry: &NewEntry) -> Result<EntryOutcome, LedgerStoreError> {
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    let outcome = post_entries(&mut tx, std::slice::from_ref(entry), at()).await?;
    tx.commit().await.expect("commits");
    Ok(outcome[0])
}

/// Runs one operation against the store and the model; both must agree on whether it is
/// allowed.
#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
async fn step(db: &TestDatabase, model: &mut Model, op: &Op) {
    match *op {
        Op::Fund { investor, cents } => {
            let entry = transfer(&model.key(), "bank:1", &payable(investor), &amount(cents));
            let id = book(db, &entry)
                .await
                .expect("funding always books")
                .entry_id();
            let mut effect = [0; INVESTORS];
            effect[investor] = cents;
            model.apply(&effect);
            model.booked.push((entry.clone(), id));
            model.posted.push((id, entry, effect));
        }
        Op::Transfer { from, to, cents } => {
            let entry = transfer(&model.key(), &payable(from), &payable(to), &amount(cents));
            let mut effect = [0; INVESTORS];
            effect[from] = -cents;
            effect[to] = cents;
            match book(db, &entry).await {
                Ok(outcome) => {
                    assert!(
                        model.allows(&effect),
                        "the store allowed an overdraft: {op:?}"
                    );
                    model.apply(&effect);
                    model.booked.push((entry.clone(), outcome.entry_id()));
                    model.posted.push((outcome.entry_id(), entry, effect));
                }
                Err(LedgerStoreError::WouldGoNegative { .. }) => {
                    assert!(!model.allows(&effect), "refused wrongly: {op:?}")
                }
                Err(other) => panic!("unexpected refusal of {op:?}: {other}"),
            }
        }
        Op::Hold { investor, cents } => {
            let entry = hold(&model.key(), &payable(investor), "bank:1", &amount(cents));
            let mut effect = [0; INVESTORS];
            effect[investor] = -cents;
            match book(db, &entry).await {
                Ok(outcome) => {
                    assert!(
                        model.allows(&effect),
                        "the store allowed an over-hold: {op:?}"
                    );
                    model.apply(&effect);
                    model.booked.push((entry, outcome.entry_id()));
                    model.holds.push((outcome.entry_id(), investor, cents));
                }
                Err(LedgerStoreError::WouldGoNegative { .. }) => {
                    assert!(!model.allows(&effect), "refused wrongly: {op:?}")
                }
                Err(other) => panic!("unexpected refusal of {op:?}: {other}"),
            }
        }
        Op::PostHold { pick } | Op::VoidHold { pick } if !model.holds.is_empty() => {
            let (id, investor, cents) = model.holds.remove(pick % model.holds.len());
            let key = model.key();
            let mut tx = db.store.pool().begin().await.expect("a transaction");
            if matches!(op, Op::PostHold { .. }) {
                post_hold(&mut tx, id, &key, "officer", day(21), at())
                    .await
                    .expect("posts");
            } else {
                void_hold(&mut tx, id, "approver", at())
                    .await
                    .expect("voids");
                model.available[investor] += cents;
            }
            tx.commit().await.expect("commits");
        }
        Op::Reverse { pick } if !model.posted.is_empty() => {
            let index = pick % model.posted.len();
            let (id, _, effect) = model.posted[index].clone();
            let undo = effect.map(|e| -e);
            let key = model.key();
            let mut tx = db.store.pool().begin().await.expect("a transaction");
            match reverse_entry(&mut tx, id, &key, "officer", day(22), "property test", at()).await
            {
                Ok(_) => {
                    tx.commit().await.expect("commits");
                    assert!(model.allows(&undo), "a reversal overdrew: {op:?}");
                    model.apply(&undo);
                    model.posted.remove(index);
                }
                Err(LedgerStoreError::WouldGoNegative { .. }) => {
                    assert!(!model.allows(&undo), "refused wrongly")
                }
                Err(other) => panic!("unexpected refusal of {op:?}: {other}"),
            }
        }
        Op::Replay { pick } if !model.booked.is_empty() => {
            let (entry, id) = model.booked[pick % model.booked.len()].clone();
            assert_eq!(
                book(db, &entry).await.expect("replays"),
                EntryOutcome::Replayed(id)
            );
        }
        _ => {}
    }
}

async fn check_invariants(db: &TestDatabase, model: &Model) {
    let mut conn = db.store.pool().acquire().await.expect("a connection");
    let lines = trial_balance(&mut conn, PROGRAM, None)
        .await
        .expect("a trial balance");
    let debits: i64 = lines.iter().map(|l| l.debits_minor).sum();
    let credits: i64 = lines.iter().map(|l| l.credits_minor).sum();
    assert_eq!(debits, credits, "the trial balance is zero");
    assert!(
        balance_mismatches(&mut conn, PROGRAM)
            .await
            .expect("a check")
            .is_empty(),
        "stored = postings"
    );
    for (investor, expected) in model.available.iter().enumerate() {
        let balance = account_balance(&mut conn, PROGRAM, &payable(investor), None, None)
            .await
            .expect("a balance");
        let available = balance.totals.available_minor(balance.account.normal_side);
        assert!(available >= 0, "a protected account is negative");
        assert_eq!(
            available,
            i128::from(*expected),
            "investor {investor} available"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/ledger_properties.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_sequence_of_operations_keeps_the_ledger_consistent(ops in prop::collection::vec(op(), 1..30)) {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async {
            let db = database().await;
            account(db.store.pool(), "bank:1", AccountType::Asset, false).await;
            for investor in 0..INVESTORS {
                account(db.store.pool(), &payable(investor), AccountType::Liability, true).await;
            }
            let mut model = Model::default();
            for op in &ops {
                step(&db, &mut model, op).await;
                check_invariants(&db, &model).await;
            }
        });
    }
}
