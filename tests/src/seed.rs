//! The worked example of DESIGN §5 booked into a program's ledger: the seed deal's value
//! rose from 10,000.00 to 12,000.00; 20% goes to the partner, 2% to the platform and the rest
//! to investors A, B and C (2,000, 4,000 and 4,000 invested). The scenario tests check it, and
//! the desktop's end-to-end tests book it so the window shows a real ledger.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::ledger::{AccountCode, AccountType, Leg, Phase, Side};
use prorata_domain::profit_share::Investment;
use prorata_domain::{Currency, Money, ProfitShareTerms, Rate, share_profit};
use prorata_store::ledger::{NewAccount, NewEntry, Tx, open_account, post_entries};

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).expect("a USD amount")
}

fn code(text: &str) -> AccountCode {
    AccountCode::parse(text).expect("an account code")
}

/// The accounts the example books to, with their types and whether they may go negative.
fn accounts() -> Vec<(String, AccountType, bool)> {
    let mut accounts = vec![
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
    accounts
}

/// Opens the example's accounts in `program_id` and books its profit share as one entry
/// dated 2026-11-24: Dr the deal's profit receivable; Cr commission, fee and each investor.
pub async fn book_seed_example(
    tx: &mut Tx<'_>,
    program_id: i64,
    at: DateTime<Utc>,
) -> Result<(), String> {
    let terms = ProfitShareTerms::new(
        Rate::parse("0.20").expect("a rate"),
        Rate::parse("0.02").expect("a rate"),
    )
    .map_err(|e| e.to_string())?;
    let investments: Vec<Investment<&str>> = [("A", "2000"), ("B", "4000"), ("C", "4000")]
        .into_iter()
        .map(|(id, amount)| Investment {
            id,
            amount: usd(amount),
        })
        .collect();
    let share = share_profit(&terms, usd("10000"), usd("12000"), &investments)
        .map_err(|e| e.to_string())?;
    for (text, account_type, may_not_go_negative) in accounts() {
        let account = NewAccount {
            program_id,
            code: code(&text),
            account_type,
            currency: Currency::USD,
            normal_side: account_type.normal_side(),
            must_not_go_negative: may_not_go_negative,
        };
        open_account(tx, &account, at)
            .await
            .map_err(|e| e.to_string())?;
    }
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
        legs.push(Leg {
            account: code(&format!("investor:{}:payable", investment.id)),
            side: Side::Credit,
            amount: *amount,
        });
    }
    let entry = NewEntry {
        program_id,
        idempotency_key: "distribution:1:2026-11-24".to_owned(),
        kind: "distribution_posted".to_owned(),
        phase: Phase::Posted,
        effective_date: NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date"),
        actor: "approver".to_owned(),
        description: "seed deal, day 4".to_owned(),
        legs,
    };
    post_entries(tx, &[entry], at)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}
