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
