//! The documents the tests and the benchmark render: an investor in Lagos with two deals, a
//! paid and a pending withdrawal; the notice of DESIGN §5's worked example for investor A.

#![allow(dead_code, reason = "each test binary uses its own part")]

use chrono::NaiveDate;
use prorata_domain::{Currency, Money, Rate};
use prorata_statements::{
    DistributionNotice, InvestorStatement, Issuer, ProfitLine, Recipient, WithdrawalLine,
};

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

pub fn money(text: &str) -> Money {
    Money::parse_signed(text, Currency::from_code("NGN").expect("NGN")).expect("an amount")
}

pub fn usd(text: &str) -> Money {
    Money::parse_signed(text, Currency::from_code("USD").expect("USD")).expect("an amount")
}

fn profit(date: NaiveDate, deal_id: i64, deal: &str, id: i64, amounts: [&str; 3]) -> ProfitLine {
    ProfitLine {
        value_date: date,
        deal_id,
        deal_name: deal.to_owned(),
        distribution_id: id,
        reversal: false,
        deal_profit: money(amounts[0]),
        investor_pool: money(amounts[1]),
        amount: money(amounts[2]),
    }
}

pub fn statement() -> InvestorStatement {
    InvestorStatement {
        statement_id: "STMT-1-17-NGN-20261101-20261130".to_owned(),
        issuer: Issuer {
            name: "Lagos Growth Partners".to_owned(),
        },
        recipient: Recipient {
            investor_id: 17,
            name: "Adéọlá Nwosu".to_owned(),
        },
        currency: Currency::from_code("NGN").expect("NGN"),
        from: day(2026, 11, 1),
        to: day(2026, 11, 30),
        issued_on: day(2026, 12, 1),
        account_code: "investor:17:payable".to_owned(),
        opening_balance: money("100000.00"),
        closing_balance: money("89000.00"),
        profit: vec![
            profit(
                day(2026, 11, 9),
                5,
                "Solar Kano",
                31,
                ["50000.00", "39000.00", "7800.00"],
            ),
            profit(
                day(2026, 11, 2),
                3,
                "Phones Ikeja",
                30,
                ["200000.00", "156000.00", "31200.00"],
            ),
        ],
        allocations: Vec::new(),
        withdrawals_paid: vec![WithdrawalLine {
            withdrawal_id: 7,
            requested_on: day(2026, 11, 5),
            paid_on: Some(day(2026, 11, 12)),
            bank_account: "First Bank •••• 3344".to_owned(),
            amount: money("50000.00"),
        }],
        withdrawals_pending: vec![WithdrawalLine {
            withdrawal_id: 8,
            requested_on: day(2026, 11, 28),
            paid_on: None,
            bank_account: "First Bank •••• 3344".to_owned(),
            amount: money("20000.00"),
        }],
    }
}

pub fn notice() -> DistributionNotice {
    DistributionNotice {
        notice_id: "NOTE-1-42-17".to_owned(),
        issuer: Issuer {
            name: "Lagos Growth Partners".to_owned(),
        },
        recipient: Recipient {
            investor_id: 17,
            name: "Amal".to_owned(),
        },
        deal_id: 3,
        deal_name: "Mobile phones".to_owned(),
        distribution_id: 42,
        value_date: day(2026, 11, 2),
        issued_on: day(2026, 11, 3),
        value: usd("12000.00"),
        high_water_mark: usd("10000.00"),
        new_high_water_mark: usd("12000.00"),
        profit: usd("2000.00"),
        partner_commission_rate: Rate::parse("0.20").expect("rate"),
        partner_commission: usd("400.00"),
        platform_fee_rate: Rate::parse("0.02").expect("rate"),
        platform_fee: usd("40.00"),
        investor_pool: usd("1560.00"),
        investment: usd("2000.00"),
        active_capital: usd("10000.00"),
        share: usd("312.00"),
        balance_before: usd("100.00"),
        balance_after: usd("412.00"),
        cumulative_to_date: usd("312.00"),
    }
}
