//! The ledger as people read it: each account named beside its code with the record it
//! belongs to, and a statement that opens and closes on the balances of its period.

use prorata_app::ledger::{RecordKind, account_statement, list_accounts};

use crate::prelude::*;

/// An account's code, its name, and its owner's kind and name.
type Named<'a> = (&'a str, &'a str, Option<(RecordKind, &'a str)>);

#[tokio::test]
async fn the_trial_balance_names_each_account_and_the_record_it_belongs_to() {
    let book = Book::new().await;
    let deal = book.seed_deal("Phones").await;
    book.posted("Phones", "2026-11-24", "12000").await;
    let tb = trial_balance(book.store(), &book.officer, None)
        .await
        .expect("a trial balance");
    let named: Vec<Named<'_>> = tb
        .accounts
        .iter()
        .map(|a| {
            let owner = a.owner.as_ref().map(|o| (o.kind, o.name.as_str()));
            (a.account.as_str(), a.name.as_str(), owner)
        })
        .collect();
    let receivable = format!("deal:{deal}:profit_receivable");
    assert!(named.contains(&(
        receivable.as_str(),
        "profit receivable of Phones",
        Some((RecordKind::Deal, "Phones"))
    )));
    assert!(named.contains(&("platform:fee_income", "platform fee income", None)));
    let investor_a = tb
        .accounts
        .iter()
        .find(|a| a.name == "payable to Phones A")
        .expect("investor A's payable is named");
    let owner = investor_a.owner.as_ref().expect("an owner");
    assert_eq!(owner.kind, RecordKind::Investor);
    assert_eq!(investor_a.account, format!("investor:{}:payable", owner.id));
    let partner = tb
        .accounts
        .iter()
        .find(|a| a.account.starts_with("partner:"))
        .expect("the partner's payable");
    assert_eq!(partner.name, "payable to Phones partner");
    let listed = list_accounts(book.store(), &book.officer)
        .await
        .expect("the accounts");
    let listed: Vec<(&str, &str)> = listed
        .iter()
        .map(|a| (a.account.as_str(), a.name.as_str()))
        .collect();
    let in_trial: Vec<(&str, &str)> = tb
        .accounts
        .iter()
        .map(|a| (a.account.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(
        listed, in_trial,
        "the picker offers every account, named alike"
    );
}

#[tokio::test]
async fn a_statement_opens_on_the_balance_before_its_period_and_closes_on_the_balance_at_its_end() {
    let book = Book::new().await;
    book.seed_deal("Phones").await;
    book.posted("Phones", "2026-11-24", "12000").await;
    book.posted("Phones", "2026-11-25", "12500").await;
    let accounts = list_accounts(book.store(), &book.officer)
        .await
        .expect("the accounts");
    let a = accounts
        .iter()
        .find(|a| a.name == "payable to Phones A")
        .expect("investor A's payable");
    let statement = |from: Option<&str>, to: Option<&str>| {
        let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a day");
        account_statement(
            book.store(),
            &book.officer,
            &a.account,
            None,
            from.map(day),
            to.map(day),
        )
    };
    let whole = statement(None, None).await.expect("the whole history");
    assert_eq!(whole.opening_balance, "0.00");
    assert_eq!(whole.lines.len(), 2);
    assert_eq!(whole.closing_balance, whole.lines[1].balance);
    assert_eq!(whole.name, "payable to Phones A");
    assert_eq!(
        whole.owner.as_ref().map(|o| o.kind),
        Some(RecordKind::Investor)
    );

    let second_day = statement(Some("2026-11-25"), None).await.expect("the 25th");
    assert_eq!(second_day.opening_balance, "312.00", "the 24th's share");
    assert_eq!(second_day.lines.len(), 1);
    assert_eq!(second_day.closing_balance, whole.closing_balance);
    assert_eq!(second_day.from.as_deref(), Some("2026-11-25"));

    let first_day = statement(None, Some("2026-11-24"))
        .await
        .expect("to the 24th");
    assert_eq!(first_day.closing_balance, "312.00");
    assert_eq!(first_day.closing_balance, second_day.opening_balance);

    let quiet = statement(Some("2026-11-26"), Some("2026-11-30"))
        .await
        .expect("a quiet period");
    assert!(quiet.lines.is_empty());
    assert_eq!(quiet.opening_balance, whole.closing_balance);
    assert_eq!(quiet.closing_balance, whole.closing_balance);
    assert!(!quiet.truncated);
}
