//! The worked example of DESIGN §5 from the calculation to the ledger: the profit share of
//! the seed deal, booked as one balanced entry, leaves every account where the design says.

use chrono::{NaiveDate, TimeZone, Utc};
use prorata_domain::ledger::{AccountCode, AccountType, Leg, Phase, Side};
use prorata_domain::profit_share::Investment;
use prorata_domain::{Currency, Money, ProfitShareTerms, Rate, share_profit};
use prorata_store::ledger::{
    NewAccount, NewEntry, account_balance, open_account, post_entries, trial_balance,
};
use prorata_store::testing::TestDatabase;

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).expect("a USD amount")
}

fn code(text: &str) -> AccountCode {
    AccountCode::parse(text).expect("an account code")
}

#[tokio::test]
async fn the_seed_profit_share_books_as_one_balanced_entry() {
    let terms = ProfitShareTerms::new(
        Rate::parse("0.20").expect("a rate"),
        Rate::parse("0.02").expect("a rate"),
    )
    .expect("valid terms");
    let investments: Vec<Investment<&str>> = [("A", "2000"), ("B", "4000"), ("C", "4000")]
        .into_iter()
        .map(|(id, amount)| Investment {
            id,
            amount: usd(amount),
        })
        .collect();
    let share = share_profit(&terms, usd("10000"), usd("12000"), &investments).expect("shares");

    let db = TestDatabase::create().await.expect("a database");
    let program: i64 = sqlx::query_scalar(
        "INSERT INTO programs (slug, name, created_at) VALUES ('main', 'Main', now()) RETURNING id",
    )
    .fetch_one(db.store.pool())
    .await
    .expect("a program");
    let at = Utc
        .with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
        .single()
        .expect("an instant");
    let mut tx = db.store.pool().begin().await.expect("a transaction");
    let mut accounts: Vec<(String, AccountType, bool)> = vec![
        (
            "deal:1:profit_receivable".to_owned(),
            AccountType::Asset,
            false,
        ),
        ("partner:1:payable".to_owned(), AccountType::Liability, true),
        ("platform:fee_income".to_owned(), AccountType::Income, false),
    ];
    for investor in ["A", "B", "C"] {
        accounts.push((
            format!("investor:{investor}:payable"),
            AccountType::Liability,
            true,
        ));
    }
    for (text, account_type, flag) in &accounts {
        let account = NewAccount {
            program_id: program,
            code: code(text),
            account_type: *account_type,
            currency: Currency::USD,
            normal_side: account_type.normal_side(),
            must_not_go_negative: *flag,
        };
        open_account(&mut tx, &account, at).await.expect("opens");
    }
    // DESIGN §5: Dr the deal's profit receivable; Cr commission, fee and each investor's share.
    let mut legs = vec![
        Leg {
            account: code("deal:1:profit_receivable"),
            side: Side::Debit,
            amount: share.profit,
        },
        Leg {
            account: code("partner:1:payable"),
            side: Side::Credit,
            amount: share.partner_commission,
        },
        Leg {
            account: code("platform:fee_income"),
            side: Side::Credit,
            amount: share.platform_fee,
        },
    ];
    for (investment, amount) in investments.iter().zip(&share.shares) {
        let account = code(&format!("investor:{}:payable", investment.id));
        legs.push(Leg {
            account,
            side: Side::Credit,
            amount: *amount,
        });
    }
    let entry = NewEntry {
        program_id: program,
        idempotency_key: "distribution:1:2026-11-24".to_owned(),
        kind: "distribution_posted".to_owned(),
        phase: Phase::Posted,
        effective_date: NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date"),
        actor: "approver".to_owned(),
        description: "seed deal, day 4".to_owned(),
        legs,
    };
    post_entries(&mut tx, &[entry], at)
        .await
        .expect("a balanced entry books");
    tx.commit().await.expect("commits");

    let mut conn = db.store.pool().acquire().await.expect("a connection");
    for (text, expected) in [
        ("deal:1:profit_receivable", "2000.00"),
        ("partner:1:payable", "400.00"),
        ("platform:fee_income", "40.00"),
        ("investor:A:payable", "312.00"),
        ("investor:B:payable", "624.00"),
        ("investor:C:payable", "624.00"),
    ] {
        let balance = account_balance(&mut conn, program, text, None)
            .await
            .expect("a balance");
        let minor = balance.totals.balance_minor(balance.account.normal_side);
        assert_eq!(
            Money::from_minor_units(minor, Currency::USD)
                .expect("in range")
                .to_string(),
            expected,
            "{text}"
        );
    }
    let lines = trial_balance(&mut conn, program, None)
        .await
        .expect("a trial balance");
    let debits: i64 = lines.iter().map(|l| l.debits_minor).sum();
    let credits: i64 = lines.iter().map(|l| l.credits_minor).sum();
    assert_eq!(
        (debits, credits),
        (200_000, 200_000),
        "the trial balance sums to zero"
    );
}
