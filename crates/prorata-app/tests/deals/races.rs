//! What moves a deal's high-water mark, run at the same moment on real concurrent
//! transactions: two prepares of different dates, capital against a prepare, a reversal
//! against a later date. However they interleave, the profit distributed is the last mark
//! less the capital, never the same gain twice.

use prorata_app::deals::reverse_distribution;

use crate::prelude::*;

/// Deals raced per test: each race is run this many times, on deals of their own.
const RACES: i64 = 4;

/// The profit of every posted distribution of the deal, in cents.
async fn posted_profit_cents(book: &Book, deal_id: i64) -> i64 {
    sqlx::query_scalar::<_, i64>(
        "SELECT coalesce(sum(profit_minor), 0)::bigint FROM distributions
         WHERE deal_id = $1 AND status = 'posted' AND kind = 'distribution'",
    )
    .bind(deal_id)
    .fetch_one(book.store().pool())
    .await
    .expect("a sum")
}

async fn approve_and_post_prepared(book: &Book, deal_id: i64) {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM distributions WHERE deal_id = $1 AND status = 'prepared' ORDER BY value_date",
    )
    .bind(deal_id)
    .fetch_all(book.store().pool())
    .await
    .expect("ids");
    for id in ids {
        book.approve_and_post(id).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_prepares_of_one_deal_at_once_never_both_use_the_old_mark() {
    let book = Book::new().await;
    for race in 0..RACES {
        let deal = format!("Phones {race}");
        let deal_id = book.seed_deal(&deal).await;
        book.verified(&deal, "2026-11-23", "12000").await;
        book.verified(&deal, "2026-11-24", "12500").await;
        let (earlier, later) = tokio::join!(
            book.prepare(&deal, "2026-11-23"),
            book.prepare(&deal, "2026-11-24"),
        );
        assert!(
            later.is_ok(),
            "the later date is always preparable: {later:?}"
        );
        if let Err(e) = &earlier {
            assert!(e.message.contains("of the later date"), "{}", e.message);
        }
        approve_and_post_prepared(&book, deal_id).await;
        assert_eq!(
            posted_profit_cents(&book, deal_id).await,
            250_000,
            "race {race}: the profit distributed is the last mark 12,500 less the capital 10,000"
        );
    }
    // 2,500 of profit in each deal, 78% of it to the investors: 1,950.00 per deal.
    let credited: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(b.posted_credits_minor - b.posted_debits_minor), 0)::bigint
         FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
         WHERE a.code LIKE 'investor:%:payable'",
    )
    .fetch_one(book.store().pool())
    .await
    .expect("a sum");
    assert_eq!(credited, 195_000 * RACES);
    assert!(
        verify_ledger(book.store(), &book.officer)
            .await
            .expect("verified")
            .intact
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capital_and_a_prepare_at_once_never_pay_new_capital_out_as_profit() {
    let book = Book::new().await;
    for race in 0..RACES {
        let deal = format!("Tills {race}");
        let deal_id = book.seed_deal(&deal).await;
        let investor = format!("Tills {race} A");
        book.verified(&deal, "2026-11-23", "12000").await;
        let new = NewInvestment {
            notation: Notation::Plain,
            deal: &deal,
            investor: &investor,
            amount: "5000",
            date: "2026-11-22",
        };
        let key = book.key();
        let (invested, prepared) = tokio::join!(
            deals::invest(book.store(), &book.clock, &book.officer, new, &key),
            book.prepare(&deal, "2026-11-23"),
        );
        assert!(
            invested.is_ok() != prepared.is_ok(),
            "race {race}: either the capital came first (15,000 > 12,000: no profit) or the \
             distribution did (capital dated before it is refused): {invested:?} {prepared:?}"
        );
        approve_and_post_prepared(&book, deal_id).await;
        let expected = if prepared.is_ok() { 200_000 } else { 0 };
        assert_eq!(posted_profit_cents(&book, deal_id).await, expected);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reversal_and_a_later_date_at_once_never_strand_profit() {
    let book = Book::new().await;
    for race in 0..RACES {
        let deal = format!("Vans {race}");
        let deal_id = book.seed_deal(&deal).await;
        let first = book.posted(&deal, "2026-11-23", "12000").await;
        book.verified(&deal, "2026-11-24", "12500").await;
        let key = book.key();
        let (reversal, later) = tokio::join!(
            reverse_distribution(
                book.store(),
                &book.clock,
                &book.officer,
                first,
                "valued twice",
                &key
            ),
            book.prepare(&deal, "2026-11-24"),
        );
        assert!(
            reversal.is_ok() != later.is_ok(),
            "race {race}: a reversal under way blocks later dates, a later date blocks the \
             reversal: {reversal:?} {later:?}"
        );
        if let Ok(reversal) = reversal {
            approve_and_post_prepared(&book, deal_id).await;
            let reversed = posted_profit_cents(&book, deal_id).await;
            assert_eq!(reversed, 200_000, "the original stays counted as posted");
            assert_eq!(book.show(reversal.id).await.status.to_string(), "posted");
        } else {
            approve_and_post_prepared(&book, deal_id).await;
            assert_eq!(posted_profit_cents(&book, deal_id).await, 250_000);
        }
    }
}

#[tokio::test]
async fn no_later_date_is_prepared_while_a_reversal_is_under_way() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    let first = book.posted("Phones", "2026-11-23", "12000").await;
    let reversal = reverse_distribution(
        book.store(),
        &book.clock,
        &book.officer,
        first,
        "valued twice",
        &book.key(),
    )
    .await
    .expect("a reversal")
    .id;
    book.verified("Phones", "2026-11-24", "12500").await;
    let refused = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect_err("the mark of the 23rd is about to go");
    assert_eq!(refused.code, Code::Conflict);
    assert!(
        refused.message.contains(&format!(
            "reversal {reversal} of distribution {first} is under way"
        )),
        "{}",
        refused.message
    );
    // Once posted, the 24th is prepared on the capital alone.
    book.approve_and_post(reversal).await;
    let later = book
        .prepare("Phones", "2026-11-24")
        .await
        .expect("prepared")
        .id;
    assert_eq!(book.show(later).await.high_water_mark, "10000.00");
}

#[tokio::test]
async fn postgresql_refuses_a_distribution_whose_mark_is_not_the_deal_s() {
    let book = Book::new().await;
    let deal_id = book.seed_deal("Phones").await;
    book.posted("Phones", "2026-11-23", "12000").await;
    book.verified("Phones", "2026-11-24", "12500").await;
    let error = book
        .store()
        .pool()
        .execute(sqlx::AssertSqlSafe(stale_distribution_sql(deal_id)))
        .await
        .expect_err("a stale mark is refused");
    assert!(
        error.to_string().contains("is not the deal's mark"),
        "{error}"
    );
}
