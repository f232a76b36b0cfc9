//! PostgreSQL's half of the register's rules, tried with raw SQL as the application's role.

use crate::prelude::*;

#[tokio::test]
async fn postgresql_keeps_holdings_at_zero_or_more_in_date_order_and_written_by_officers_only() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    moved(
        &book,
        movement(UnitMovementKind::Issue, "Phones A", "100", "2026-11-10"),
    )
    .await
    .expect("issued");
    let insert = |kind: &str, units: &str, date: &str, who: &str| {
        format!(
            "INSERT INTO unit_movements (program_id, deal_id, kind, investor_id, units, moved_on, recorded_by, recorded_at)
             SELECT d.program_id, d.id, '{kind}', i.id, {units}, DATE '{date}', '{who}', now()
             FROM deals d, investors i WHERE d.name = 'Phones' AND i.name = 'Phones A'"
        )
    };
    let beyond = book
        .refused(&insert("redeem", "100.0000001", "2026-11-11", "olga"))
        .await;
    assert!(beyond.contains("unit_holding_not_negative"), "{beyond}");
    let early = book
        .refused(&insert("issue", "1", "2026-11-09", "olga"))
        .await;
    assert!(early.contains("would rewrite its history"), "{early}");
    let approver = book
        .refused(&insert("issue", "1", "2026-11-11", "abe"))
        .await;
    assert!(
        approver.contains("abe is not a user holding officer"),
        "{approver}"
    );
    let forged = book
        .refused("UPDATE unit_holdings SET units = units + 1000")
        .await;
    assert!(
        forged.contains("permission denied for table unit_holdings"),
        "{forged}"
    );
    let made_up = book.refused("INSERT INTO unit_holdings (deal_id, investor_id, units) SELECT deal_id, investor_id, 5 FROM unit_holdings").await;
    assert!(
        made_up.contains("permission denied for table unit_holdings"),
        "{made_up}"
    );
    for sql in [
        "UPDATE unit_movements SET units = 1",
        "DELETE FROM unit_movements",
        "TRUNCATE unit_movements",
    ] {
        let error = book.refused(sql).await;
        assert!(error.contains("permission denied"), "{sql}: {error}");
    }
    assert_eq!(
        held(&book, None).await[0].1,
        "100.0000000",
        "nothing changed"
    );
}
