//! PostgreSQL's half of the deal invariants, tried with raw SQL as the application's role.

use crate::prelude::*;

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
    // olga recorded it and holds no approver role: the role check refuses her before the
    // maker-checker CHECK would.
    assert!(
        error
            .to_string()
            .contains("olga is not a user holding {approver}"),
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
            .contains("olga is not a user holding {approver}"),
        "{error}"
    );

    book.approve_and_post(id).await;
    let error = pool
        .execute(sqlx::query("UPDATE distributions SET status = 'cancelled', cancelled_by = 'olga', cancelled_at = now(), cancel_reason = 'undo' WHERE id = $1").bind(id))
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
    assert!(
        error
            .to_string()
            .contains("permission denied for table distribution_shares"),
        "{error}"
    );
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

/// The store's tables and, for each, a column the application never changes.
const TABLES: [(&str, &str); 18] = [
    ("ledger_entries", "description = 'edited'"),
    ("ledger_postings", "amount_minor = 1"),
    ("ledger_accounts", "code = 'bank'"),
    ("ledger_balances", "account_id = 1"),
    ("ledger_hold_resolutions", "actor = 'x'"),
    ("deals", "partner_commission_rate = 0.9"),
    ("investments", "amount_minor = 1"),
    ("distributions", "profit_minor = 1"),
    ("distribution_shares", "amount_minor = 1"),
    ("performance_records", "value_minor = 1"),
    ("users", "name = 'mallory'"),
    ("role_grants", "role = 'admin'"),
    ("idempotency_keys", "actor = 'mallory'"),
    ("audit_log", "actor = 'mallory'"),
    ("store_keys", "id = 2"),
    ("partners", "name = 'x'"),
    ("investors", "name = 'x'"),
    ("programs", "slug = 'x'"),
];

/// Runs `sql` in a transaction of its own on the application's pool and returns the
/// database's refusal; panics if it was accepted.
async fn refusal(book: &Book, sql: &str) -> String {
    let mut tx = book.store().pool().begin().await.expect("a transaction");
    let outcome = async {
        tx.execute(sqlx::AssertSqlSafe(sql.to_owned())).await?;
        tx.commit().await
    }
    .await;
    match outcome {
        Ok(()) => panic!("PostgreSQL accepted, as the application's role: {sql}"),
        Err(error) => error.to_string(),
    }
}

#[tokio::test]
async fn the_application_s_role_can_neither_rewrite_nor_remove_nor_unguard_any_table() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-23", "12000").await;
    let id = book
        .prepare("Phones", "2026-11-23")
        .await
        .expect("prepared")
        .id;
    book.approve_and_post(id).await;
    let role: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(book.store().pool())
        .await
        .expect("a role");
    assert_eq!(role, "prorata_app", "the application works as its own role");

    for (table, change) in TABLES {
        for (sql, says) in [
            (
                format!("UPDATE {table} SET {change}"),
                format!("permission denied for table {table}"),
            ),
            (
                format!("TRUNCATE {table} CASCADE"),
                format!("permission denied for table {table}"),
            ),
            (
                format!("ALTER TABLE {table} DISABLE TRIGGER ALL"),
                format!("must be owner of table {table}"),
            ),
        ] {
            let message = refusal(&book, &sql).await;
            assert!(message.contains(&says), "{sql}: {message}");
        }
        if table != "role_grants" {
            let sql = format!("DELETE FROM {table}");
            let message = refusal(&book, &sql).await;
            assert!(
                message.contains(&format!("permission denied for table {table}")),
                "{sql}: {message}"
            );
        }
    }
    for (sql, says) in [
        (
            "SET session_replication_role = replica",
            "permission denied to set parameter",
        ),
        (
            "CREATE TABLE shadow (a int)",
            "permission denied for schema public",
        ),
        (
            "RESET ROLE; TRUNCATE audit_log",
            "permission denied for table audit_log",
        ),
        (
            "CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
            "permission denied for schema public",
        ),
        (
            "DROP TRIGGER ledger_postings_apply ON ledger_postings",
            "must be owner of relation ledger_postings",
        ),
    ] {
        let message = refusal(&book, sql).await;
        assert!(message.contains(says), "{sql}: {message}");
    }
}

#[tokio::test]
async fn postgresql_refuses_a_checker_who_is_no_user_or_lacks_the_role_and_a_posting_without_an_entry()
 {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.verified("Phones", "2026-11-23", "12000").await;
    let id = book
        .prepare("Phones", "2026-11-23")
        .await
        .expect("prepared")
        .id;
    for who in ["nobody", "olga"] {
        let message = refusal(
            &book,
            &format!(
                "UPDATE distributions SET status = 'approved', approved_by = '{who}', approved_at = now() WHERE id = {id}"
            ),
        )
        .await;
        assert!(
            message.contains(&format!(
                "{who} is not a user holding {{approver}} in this program"
            )),
            "{who}: {message}"
        );
    }
    // One who holds both roles still never checks what they made.
    book.verified("Phones", "2026-11-24", "12500").await;
    let theirs = prepare_distribution(
        book.store(),
        &book.clock,
        &book.both,
        "Phones",
        "2026-11-24",
        &book.key(),
    )
    .await
    .expect("prepared by bo")
    .id;
    let message = refusal(
        &book,
        &format!(
            "UPDATE distributions SET status = 'approved', approved_by = prepared_by, approved_at = now() WHERE id = {theirs}"
        ),
    )
    .await;
    assert!(
        message.contains("distribution_checker_is_not_maker"),
        "{message}"
    );

    approve_distributions(
        book.store(),
        &book.clock,
        &book.approver,
        &[id],
        None,
        SecondFactor::default(),
        &book.key(),
    )
    .await
    .expect("approved");
    let message = refusal(
        &book,
        &format!("UPDATE distributions SET status = 'posted', posted_by = 'olga', posted_at = now() WHERE id = {id}"),
    )
    .await;
    assert!(
        message.contains("violates check constraint") && message.contains("\"distributions\""),
        "posted with no journal entry: {message}"
    );
}

#[tokio::test]
async fn postgresql_refuses_a_row_linking_objects_of_two_programs() {
    let book = Book::new().await;
    let deal = book.seed_deal("Phones").await;
    prorata_app::control::add_program(
        book.store(),
        &book.clock,
        &book.admin,
        "eu",
        "Europe",
        "k-eu",
    )
    .await
    .expect("a program");
    let admin_eu = session_of(book.store(), "eu", ADMIN).await;
    let investor = deals::add_investor(
        book.store(),
        &book.clock,
        &admin_eu,
        "Eva",
        None,
        None,
        "k-eva",
    )
    .await
    .expect("an investor in eu")
    .id;
    // eu's investor in main's deal, filed under either program.
    for program in [
        "(SELECT id FROM programs WHERE slug = 'main')",
        "(SELECT id FROM programs WHERE slug = 'eu')",
    ] {
        let message = refusal(
            &book,
            &format!(
                "INSERT INTO investments (program_id, deal_id, investor_id, amount_minor, invested_on, created_by, created_at)
                 VALUES ({program}, {deal}, {investor}, 100000, '2026-11-03', 'olga', now())"
            ),
        )
        .await;
        assert!(
            message.contains("investments_investor_in_program")
                || message.contains("investments_deal_in_program"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn maker_and_checker_are_users_by_id_which_no_client_can_set_and_no_one_can_remove() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let id = book.posted("Phones", "2026-11-24", "12000").await;
    let pool = book.store().pool();
    let acts: Vec<(String, bool)> = sqlx::query_as(
        "SELECT 'recorded_by', p.recorded_by_id = (SELECT id FROM users WHERE name = p.recorded_by)
           FROM performance_records p
         UNION ALL SELECT 'verified_by', p.verified_by_id = (SELECT id FROM users WHERE name = p.verified_by)
           FROM performance_records p
         UNION ALL SELECT 'prepared_by', d.prepared_by_id = (SELECT id FROM users WHERE name = d.prepared_by)
           FROM distributions d
         UNION ALL SELECT 'approved_by', d.approved_by_id = (SELECT id FROM users WHERE name = d.approved_by)
           FROM distributions d
         UNION ALL SELECT 'posted_by', d.posted_by_id = (SELECT id FROM users WHERE name = d.posted_by)
           FROM distributions d",
    )
    .fetch_all(pool)
    .await
    .expect("reads");
    assert_eq!(acts.len(), 5);
    assert!(
        acts.iter().all(|(_, same)| *same),
        "every act names its user's id: {acts:?}"
    );

    let message = refusal(
        &book,
        &format!("UPDATE distributions SET approved_by_id = prepared_by_id WHERE id = {id}"),
    )
    .await;
    assert!(
        message.contains("permission denied for table distributions"),
        "{message}"
    );
    // A client's id is replaced by the name's: here, an insert naming olga with abe's id.
    let recorded: i64 = sqlx::query_scalar(
        "INSERT INTO performance_records (program_id, deal_id, value_date, value_minor, previous_value_minor,
                                          flagged, missed_business_days, status, recorded_by, recorded_by_id,
                                          recorded_at)
         SELECT program_id, deal_id, '2026-11-25', value_minor, value_minor, false, 0, 'recorded', 'olga',
                (SELECT id FROM users WHERE name = 'abe'), now()
         FROM performance_records LIMIT 1 RETURNING id",
    )
    .fetch_one(pool)
    .await
    .expect("recorded by olga");
    let by: String = sqlx::query_scalar(
        "SELECT u.name FROM performance_records p JOIN users u ON u.id = p.recorded_by_id WHERE p.id = $1",
    )
    .bind(recorded)
    .fetch_one(pool)
    .await
    .expect("reads");
    assert_eq!(by, "olga");

    // Even the owner cannot remove a user who made or checked something.
    use sqlx::Connection;
    let mut owner = sqlx::PgConnection::connect_with(&book.db.options)
        .await
        .expect("the owner connects");
    let error = owner
        .execute("DELETE FROM users WHERE name = 'abe'")
        .await
        .expect_err("abe verified and approved");
    assert!(error.to_string().contains("foreign key"), "{error}");
}

#[tokio::test]
async fn postgresql_keeps_one_account_per_code_and_currency_and_each_posting_in_its_account_s_currency()
 {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.posted("Phones", "2026-11-24", "12000").await;
    let open = |currency: &str| {
        format!(
            "INSERT INTO ledger_accounts (code, account_type, currency, normal_side, must_not_go_negative, created_at, program_id)
             VALUES ('platform:fee_income', 'income', '{currency}', 'credit', false, now(),
                     (SELECT id FROM programs WHERE slug = 'main'))"
        )
    };
    let message = refusal(&book, &open("USD")).await;
    assert!(
        message.contains("ledger_accounts_program_code_currency_key"),
        "a second USD fee income: {message}"
    );
    book.store()
        .pool()
        .execute(sqlx::AssertSqlSafe(open("NGN")))
        .await
        .expect("the NGN book of the same code is another account");
    // A posting in NGN on the USD account, balanced by one on the NGN account.
    let message = refusal(
        &book,
        "WITH e AS (
             INSERT INTO ledger_entries (idempotency_key, request_digest, kind, phase, effective_date,
                                         recorded_at, actor, description, program_id)
             VALUES ('cross', sha256('x'), 'test', 'posted', '2026-11-24', now(), 'olga', '',
                     (SELECT id FROM programs WHERE slug = 'main'))
             RETURNING id)
         INSERT INTO ledger_postings (entry_id, account_id, currency, side, amount_minor, phase, effective_date)
         SELECT e.id, a.id, 'NGN', s.side::ledger_side, 100, 'posted', '2026-11-24'
         FROM e, ledger_accounts a,
              (VALUES ('USD', 'debit'), ('NGN', 'credit')) AS s(currency, side)
         WHERE a.code = 'platform:fee_income' AND a.currency = s.currency",
    )
    .await;
    assert!(
        message.contains("a posting in NGN names account") && message.contains("kept in USD"),
        "{message}"
    );
}

#[tokio::test]
async fn postgresql_refuses_a_share_of_another_deal_s_investment_or_naming_another_investor() {
    let book = Book::new().await;
    let phones = book.seed_deal("Phones").await;
    let bikes = book.seed_deal("Bikes").await;
    book.verified("Phones", "2026-11-24", "12000").await;
    let distribution = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    // A later investment in Phones, by Bikes A: not in the distribution yet.
    book.invest("Phones", "Bikes A", "100", "2026-11-25").await;
    let share = |deal: i64, investment: &str, investor: &str| {
        format!(
            "INSERT INTO distribution_shares (distribution_id, deal_id, investment_id, investor_id, amount_minor, payout_status)
             VALUES ({distribution}, {deal}, ({investment}), ({investor}), 1, 'unpaid')"
        )
    };
    let bikes_investment = format!("SELECT min(id) FROM investments WHERE deal_id = {bikes}");
    let bikes_investor =
        format!("SELECT investor_id FROM investments WHERE id = ({bikes_investment})");
    let late = format!("SELECT max(id) FROM investments WHERE deal_id = {phones}");
    let phones_a = "SELECT id FROM investors WHERE name = 'Phones A'";
    for (sql, constraint) in [
        (
            share(phones, &bikes_investment, &bikes_investor),
            "distribution_shares_of_an_investment_in_that_deal",
        ),
        (
            share(bikes, &bikes_investment, &bikes_investor),
            "distribution_shares_of_the_distribution_s_deal",
        ),
        (
            share(phones, &late, phones_a),
            "distribution_shares_of_an_investment_in_that_deal",
        ),
    ] {
        let message = refusal(&book, &sql).await;
        assert!(message.contains(constraint), "{sql}: {message}");
    }
}
