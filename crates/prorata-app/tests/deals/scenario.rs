//! The seed example of DESIGN §5, from a recorded value to the ledger.

use crate::prelude::*;

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
    assert_eq!(posted.status.as_str(), "posted");
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
