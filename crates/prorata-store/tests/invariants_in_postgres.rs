//! Each ledger invariant enforced by PostgreSQL itself: these tests go around the Rust API
//! with raw SQL, as a careless script or a compromised client would, and show the database
//! refusing.

mod common;

use common::*;
use prorata_domain::ledger::AccountType;
use sqlx::{Executor, PgPool};

/// Runs `sql` as one transaction and returns the database's error message; panics if it
/// was accepted.
async fn refused(pool: &PgPool, sql: &str) -> String {
    let mut tx = pool.begin().await.expect("a transaction");
    let outcome = async {
        tx.execute(sqlx::AssertSqlSafe(sql.to_owned())).await?;
        tx.commit().await
    }
    .await;
    match outcome {
        Ok(()) => panic!("PostgreSQL accepted what it must refuse:\n{sql}"),
        Err(error) => error
            .as_database_error()
            .map(|e| e.message().to_owned())
            .unwrap_or_else(|| error.to_string()),
    }
}

/// A pool of the store's owner (the role migrations run as), for what the application's
/// role may not even try: the owner is refused by the triggers.
async fn owner_pool(db: &prorata_store::testing::TestDatabase) -> PgPool {
    PgPool::connect_with(db.options.clone())
        .await
        .expect("the owner connects")
}

/// Refused for the application's role by its privileges (naming the table) or by a trigger
/// (`trigger_says`), and for the owner by the trigger.
async fn refused_to_both(db: &prorata_store::testing::TestDatabase, sql: &str, trigger_says: &str) {
    let message = refused(db.store.pool(), sql).await;
    assert!(
        message.contains("permission denied for table") || message.contains(trigger_says),
        "as the application: {sql}: {message}"
    );
    let owner = owner_pool(db).await;
    let message = refused(&owner, sql).await;
    assert!(
        message.contains(trigger_says),
        "as the owner: {sql}: {message}"
    );
    owner.close().await;
}

async fn accepted(pool: &PgPool, sql: &str) {
    let mut tx = pool.begin().await.expect("a transaction");
    tx.execute(sqlx::AssertSqlSafe(sql.to_owned()))
        .await
        .expect("the statement runs");
    tx.commit().await.expect("the transaction commits");
}

/// An entry row with the given key and phase, then its postings as (account code, side,
/// amount in cents), all in one statement.
fn entry_sql(key: &str, phase: &str, legs: &[(&str, &str, i64)]) -> String {
    let values: Vec<String> = legs
        .iter()
        .map(|(code, side, amount)| format!("('{code}', '{side}', {amount})"))
        .collect();
    format!(
        "WITH e AS (
            INSERT INTO ledger_entries (idempotency_key, request_digest, kind, phase, effective_date,
                                        recorded_at, actor, description, program_id)
            VALUES ('{key}', sha256('{key}'), 'raw_sql', '{phase}', '2026-11-20', now(), 'script', '', 1)
            RETURNING id, phase, effective_date)
         INSERT INTO ledger_postings (entry_id, account_id, currency, side, amount_minor, phase, effective_date)
         SELECT e.id, a.id, a.currency, v.side::ledger_side, v.amount, e.phase, e.effective_date
         FROM e, (VALUES {}) AS v(code, side, amount) JOIN ledger_accounts a ON a.code = v.code;",
        values.join(", ")
    )
}

async fn funded(pool: &PgPool) {
    standard_accounts(pool).await;
    accepted(
        pool,
        &entry_sql(
            "fund",
            "posted",
            &[
                ("bank:1", "debit", 10_000),
                ("investor:1:payable", "credit", 10_000),
            ],
        ),
    )
    .await;
}

#[tokio::test]
async fn an_unbalanced_entry_is_refused_at_commit() {
    let db = database().await;
    funded(db.store.pool()).await;
    let message = refused(
        db.store.pool(),
        &entry_sql(
            "short",
            "posted",
            &[
                ("bank:1", "debit", 100),
                ("investor:1:payable", "credit", 99),
            ],
        ),
    )
    .await;
    assert!(message.contains("does not balance in USD"), "{message}");
}

#[tokio::test]
async fn an_entry_needs_at_least_two_postings() {
    let db = database().await;
    funded(db.store.pool()).await;
    let message = refused(
        db.store.pool(),
        &entry_sql("alone", "posted", &[("bank:1", "debit", 100)]),
    )
    .await;
    assert!(message.contains("has 1 posting(s)"), "{message}");
    let empty = "INSERT INTO ledger_entries (idempotency_key, request_digest, kind, phase, effective_date, recorded_at, actor, description, program_id)
                 VALUES ('empty', sha256('e'), 'raw_sql', 'posted', '2026-11-20', now(), 'script', '', 1)";
    let message = refused(db.store.pool(), empty).await;
    assert!(message.contains("has 0 posting(s)"), "{message}");
}

#[tokio::test]
async fn entries_and_postings_cannot_be_updated_deleted_or_truncated() {
    let db = database().await;
    funded(db.store.pool()).await;
    for sql in [
        "UPDATE ledger_postings SET amount_minor = 1",
        "DELETE FROM ledger_postings",
        "TRUNCATE ledger_postings CASCADE",
        "UPDATE ledger_entries SET description = 'edited'",
        "DELETE FROM ledger_entries",
        "TRUNCATE ledger_entries CASCADE",
        "UPDATE ledger_accounts SET must_not_go_negative = false",
        "DELETE FROM ledger_accounts",
    ] {
        refused_to_both(&db, sql, "append-only").await;
    }
}

#[tokio::test]
async fn a_must_not_go_negative_account_is_not_overdrawn_by_raw_sql() {
    let db = database().await;
    funded(db.store.pool()).await;
    let message = refused(
        db.store.pool(),
        &entry_sql(
            "overdraw",
            "posted",
            &[
                ("investor:1:payable", "debit", 10_001),
                ("bank:1", "credit", 10_001),
            ],
        ),
    )
    .await;
    assert!(
        message.contains("investor:1:payable must not go negative"),
        "{message}"
    );
    let message = refused(
        db.store.pool(),
        &entry_sql(
            "overhold",
            "pending",
            &[
                ("investor:1:payable", "debit", 10_001),
                ("bank:1", "credit", 10_001),
            ],
        ),
    )
    .await;
    assert!(
        message.contains("must not go negative"),
        "a hold reserves too: {message}"
    );
}

#[tokio::test]
async fn running_balances_cannot_be_written_directly_and_always_equal_the_postings() {
    let db = database().await;
    funded(db.store.pool()).await;
    for sql in [
        "UPDATE ledger_balances SET posted_credits_minor = 999999",
        "DELETE FROM ledger_balances",
        "INSERT INTO ledger_balances (account_id) VALUES (999)",
    ] {
        refused_to_both(&db, sql, "change only by posting").await;
    }
    let mismatches: Vec<String> =
        sqlx::query_scalar("SELECT code FROM ledger_balance_mismatches()")
            .fetch_all(db.store.pool())
            .await
            .expect("the check runs");
    assert!(
        mismatches.is_empty(),
        "stored balances equal the postings: {mismatches:?}"
    );
}

#[tokio::test]
async fn postings_cannot_be_added_to_an_entry_already_booked() {
    let db = database().await;
    funded(db.store.pool()).await;
    let message = refused(
        db.store.pool(),
        "INSERT INTO ledger_postings (entry_id, account_id, currency, side, amount_minor, phase, effective_date)
         SELECT e.id, a.id, 'USD', s.side::ledger_side, 500, 'posted', '2026-11-20'
         FROM ledger_entries e, ledger_accounts a, (VALUES ('debit', 'bank:1'), ('credit', 'investor:2:payable')) s(side, code)
         WHERE e.idempotency_key = 'fund' AND a.code = s.code",
    )
    .await;
    assert!(message.contains("must all be written with it"), "{message}");
}

#[tokio::test]
async fn a_posting_in_another_currency_than_its_account_or_not_above_zero_is_refused() {
    let db = database().await;
    funded(db.store.pool()).await;
    let sql = entry_sql(
        "rupees",
        "posted",
        &[
            ("bank:1", "debit", 100),
            ("investor:1:payable", "credit", 100),
        ],
    )
    .replace("a.currency, v.side", "'INR', v.side");
    let message = refused(db.store.pool(), &sql).await;
    assert!(
        message.contains("a posting in INR names account") && message.contains("kept in USD"),
        "the account's currency is enforced: {message}"
    );
    let message = refused(
        db.store.pool(),
        &entry_sql(
            "zero",
            "posted",
            &[("bank:1", "debit", 0), ("investor:1:payable", "credit", 0)],
        ),
    )
    .await;
    assert!(message.contains("amount_minor_check"), "{message}");
}

#[tokio::test]
async fn a_hold_is_resolved_once_and_posted_only_with_its_own_legs() {
    let db = database().await;
    funded(db.store.pool()).await;
    accepted(
        db.store.pool(),
        &entry_sql(
            "hold",
            "pending",
            &[
                ("investor:1:payable", "debit", 3_000),
                ("bank:1", "credit", 3_000),
            ],
        ),
    )
    .await;
    let message = refused(
        db.store.pool(),
        &format!(
            "{} INSERT INTO ledger_hold_resolutions (pending_entry_id, outcome, posted_entry_id, resolved_at, actor)
             SELECT h.id, 'posted', p.id, now(), 'script' FROM ledger_entries h, ledger_entries p
             WHERE h.idempotency_key = 'hold' AND p.idempotency_key = 'paid';",
            entry_sql("paid", "posted", &[("investor:1:payable", "debit", 2_999), ("bank:1", "credit", 2_999)])
        ),
    )
    .await;
    assert!(
        message.contains("does not carry exactly the legs"),
        "{message}"
    );
    // The hold's legs and one balanced pair more: each leg is counted, not just each kind.
    let message = refused(
        db.store.pool(),
        &format!(
            "{} INSERT INTO ledger_hold_resolutions (pending_entry_id, outcome, posted_entry_id, resolved_at, actor)
             SELECT h.id, 'posted', p.id, now(), 'script' FROM ledger_entries h, ledger_entries p
             WHERE h.idempotency_key = 'hold' AND p.idempotency_key = 'paid_more';",
            entry_sql(
                "paid_more",
                "posted",
                &[
                    ("investor:1:payable", "debit", 3_000),
                    ("bank:1", "credit", 3_000),
                    ("investor:1:payable", "debit", 3_000),
                    ("bank:1", "credit", 3_000),
                ]
            )
        ),
    )
    .await;
    assert!(
        message.contains("does not carry exactly the legs"),
        "{message}"
    );
    let void = "INSERT INTO ledger_hold_resolutions (pending_entry_id, outcome, resolved_at, actor)
                SELECT id, 'voided', now(), 'script' FROM ledger_entries WHERE idempotency_key = 'hold'";
    accepted(db.store.pool(), void).await;
    let message = refused(db.store.pool(), void).await;
    assert!(
        message.contains("duplicate key"),
        "a hold is resolved once: {message}"
    );
    let not_a_hold = "INSERT INTO ledger_hold_resolutions (pending_entry_id, outcome, resolved_at, actor)
                      SELECT id, 'voided', now(), 'script' FROM ledger_entries WHERE idempotency_key = 'fund'";
    let message = refused(db.store.pool(), not_a_hold).await;
    assert!(message.contains("is not a hold"), "{message}");
}

#[tokio::test]
async fn a_reversal_must_mirror_the_entry_it_reverses() {
    let db = database().await;
    funded(db.store.pool()).await;
    account(db.store.pool(), "bank:2", AccountType::Asset, false).await;
    // Reverses "fund" (bank:1 debit, payable credit) but moves the money to bank:2 instead.
    let sql = entry_sql(
        "bad-reversal",
        "posted",
        &[("bank:1", "credit", 10_000), ("bank:2", "debit", 10_000)],
    )
    .replace(
        "actor, description, program_id)",
        "actor, description, program_id, reverses)",
    )
    .replace(
        "now(), 'script', '', 1)",
        "now(), 'script', '', 1, (SELECT id FROM ledger_entries WHERE idempotency_key = 'fund'))",
    );
    let message = refused(db.store.pool(), &sql).await;
    assert!(message.contains("does not mirror"), "{message}");
}

#[tokio::test]
async fn postings_cannot_be_added_to_an_entry_once_its_balance_was_checked() {
    let db = database().await;
    funded(db.store.pool()).await;
    // Checking constraints early, then slipping extra legs into the same entry.
    let sql = format!(
        "{} SET CONSTRAINTS ALL IMMEDIATE;
         INSERT INTO ledger_postings (entry_id, account_id, currency, side, amount_minor, phase, effective_date)
         SELECT e.id, a.id, 'USD', s.side::ledger_side, 700, 'posted', '2026-11-20'
         FROM ledger_entries e, ledger_accounts a, (VALUES ('debit', 'bank:1'), ('credit', 'investor:2:payable')) s(side, code)
         WHERE e.idempotency_key = 'checked' AND a.code = s.code;",
        entry_sql("checked", "posted", &[("bank:1", "debit", 100), ("investor:1:payable", "credit", 100)])
    );
    let message = refused(db.store.pool(), &sql).await;
    assert!(message.contains("must all be written with it"), "{message}");
}

#[tokio::test]
async fn an_entry_cannot_post_to_another_programs_account() {
    let db = database().await;
    funded(db.store.pool()).await;
    accepted(
        db.store.pool(),
        "INSERT INTO programs (slug, name, created_at) VALUES ('other', 'Other', now());
         INSERT INTO ledger_accounts (code, account_type, currency, normal_side, must_not_go_negative, created_at, program_id)
         SELECT 'bank:9', 'asset', 'USD', 'debit', false, now(), id FROM programs WHERE slug = 'other';",
    )
    .await;
    // An entry of program 1 whose debit lands on the other program's bank.
    let sql = entry_sql(
        "across",
        "posted",
        &[
            ("bank:9", "debit", 100),
            ("investor:1:payable", "credit", 100),
        ],
    );
    let message = refused(db.store.pool(), &sql).await;
    assert!(message.contains("on accounts of its program"), "{message}");
}

#[tokio::test]
async fn a_client_setting_cannot_switch_the_balance_check_off() {
    let db = database().await;
    funded(db.store.pool()).await;
    // The route that once skipped the commit-time check: claim every entry is checked.
    let sql = format!(
        "SELECT set_config('prorata.ledger_checked_upto', '9223372036854775807', true);
         SET LOCAL prorata.ledger_checked_upto = '9223372036854775807';
         {}",
        entry_sql("one-sided", "posted", &[("bank:1", "debit", 100_000)])
    );
    let message = refused(db.store.pool(), &sql).await;
    assert!(message.contains("has 1 posting(s)"), "{message}");
    let sql = format!(
        "SELECT set_config('prorata.ledger_checked_upto', '9223372036854775807', true);
         {}",
        entry_sql(
            "lopsided",
            "posted",
            &[
                ("bank:1", "debit", 100_000),
                ("investor:1:payable", "credit", 1)
            ]
        )
    );
    let message = refused(db.store.pool(), &sql).await;
    assert!(message.contains("does not balance in USD"), "{message}");
}

#[tokio::test]
async fn an_entry_cannot_name_another_transaction_as_its_writer() {
    let db = database().await;
    funded(db.store.pool()).await;
    let forged = "INSERT INTO ledger_entries (idempotency_key, request_digest, kind, phase, effective_date,
                                              recorded_at, actor, description, program_id, created_xact_id)
                  VALUES ('forged', sha256('f'), 'raw_sql', 'posted', '2026-11-20', now(), 'script', '', 1, '1'::xid8)";
    let message = refused(db.store.pool(), forged).await;
    assert!(
        message.contains("names a transaction other than the one writing it"),
        "{message}"
    );
}

#[tokio::test]
async fn an_entry_written_without_postings_is_refused_even_when_checked_early() {
    let db = database().await;
    funded(db.store.pool()).await;
    // The check asked for early finds no postings; the postings added later are refused
    // by the rule that an entry's postings come in one statement.
    let sql = "INSERT INTO ledger_entries (idempotency_key, request_digest, kind, phase, effective_date,
                                           recorded_at, actor, description, program_id)
               VALUES ('early', sha256('e'), 'raw_sql', 'posted', '2026-11-20', now(), 'script', '', 1);
               SET CONSTRAINTS ALL IMMEDIATE;";
    let message = refused(db.store.pool(), sql).await;
    assert!(message.contains("has 0 posting(s)"), "{message}");
}

#[tokio::test]
async fn legs_split_over_two_statements_are_refused_even_if_they_balance() {
    let db = database().await;
    funded(db.store.pool()).await;
    let sql = format!(
        "{}
         INSERT INTO ledger_postings (entry_id, account_id, currency, side, amount_minor, phase, effective_date)
         SELECT e.id, a.id, 'USD', s.side::ledger_side, 50, 'posted', '2026-11-20'
         FROM ledger_entries e, ledger_accounts a, (VALUES ('debit', 'bank:1'), ('credit', 'investor:2:payable')) s(side, code)
         WHERE e.idempotency_key = 'split' AND a.code = s.code;",
        entry_sql("split", "posted", &[("bank:1", "debit", 100), ("investor:1:payable", "credit", 100)])
    );
    let message = refused(db.store.pool(), &sql).await;
    assert!(
        message.contains("must all be written with it, in one statement"),
        "{message}"
    );
}

#[tokio::test]
async fn a_posting_naming_an_entry_or_an_account_that_does_not_exist_is_refused() {
    let db = database().await;
    funded(db.store.pool()).await;
    let no_entry = "INSERT INTO ledger_postings (entry_id, account_id, currency, side, amount_minor, phase, effective_date)
                    SELECT 999999, a.id, 'USD', s.side::ledger_side, 100, 'posted', '2026-11-20'
                    FROM ledger_accounts a, (VALUES ('debit', 'bank:1'), ('credit', 'investor:1:payable')) s(side, code)
                    WHERE a.code = s.code";
    let message = refused(db.store.pool(), no_entry).await;
    assert!(
        message.contains("postings name entry 999999, which does not exist"),
        "{message}"
    );
    let sql = entry_sql(
        "ghost",
        "posted",
        &[
            ("bank:1", "debit", 100),
            ("investor:1:payable", "credit", 100),
        ],
    )
    .replace("SELECT e.id, a.id,", "SELECT e.id, a.id + 1000000,");
    let message = refused(db.store.pool(), &sql).await;
    assert!(message.contains("which does not exist"), "{message}");
    assert!(message.contains("postings name account"), "{message}");
}

#[tokio::test]
async fn every_statement_s_entries_are_checked_at_commit_and_the_record_of_it_cannot_be_removed() {
    let db = database().await;
    funded(db.store.pool()).await;
    // A booked entry, then in a second statement of the same transaction a bare one.
    let sql = format!(
        "{}
         INSERT INTO ledger_entries (idempotency_key, request_digest, kind, phase, effective_date,
                                     recorded_at, actor, description, program_id)
         VALUES ('bare', sha256('b'), 'raw_sql', 'posted', '2026-11-20', now(), 'script', '', 1);",
        entry_sql(
            "booked",
            "posted",
            &[
                ("bank:1", "debit", 100),
                ("investor:1:payable", "credit", 100)
            ]
        )
    );
    let message = refused(db.store.pool(), &sql).await;
    assert!(message.contains("has 0 posting(s)"), "{message}");
    // The pending check cannot be withdrawn or narrowed by the application's role.
    for (change, says) in [
        (
            "DELETE FROM ledger_entry_checks",
            "permission denied for table ledger_entry_checks",
        ),
        (
            "UPDATE ledger_entry_checks SET first_entry_id = last_entry_id",
            "permission denied for table ledger_entry_checks",
        ),
        (
            "TRUNCATE ledger_entry_checks",
            "permission denied for table ledger_entry_checks",
        ),
    ] {
        let sql = format!(
            "INSERT INTO ledger_entries (idempotency_key, request_digest, kind, phase, effective_date,
                                         recorded_at, actor, description, program_id)
             VALUES ('withdrawn', sha256('w'), 'raw_sql', 'posted', '2026-11-20', now(), 'script', '', 1);
             {change};"
        );
        let message = refused(db.store.pool(), &sql).await;
        assert!(message.contains(says), "{change}: {message}");
    }
    // A check the client records itself only adds a check: nothing is left behind.
    accepted(
        db.store.pool(),
        "INSERT INTO ledger_entry_checks (first_entry_id, last_entry_id) VALUES (1, 1000000)",
    )
    .await;
    let owner = owner_pool(&db).await;
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM ledger_entry_checks")
        .fetch_one(&owner)
        .await
        .expect("counted");
    assert_eq!(left, 0, "every check is removed once it has run");
    owner.close().await;
}
