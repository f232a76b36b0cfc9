//! Paying people through prorata-app against a real PostgreSQL: bank accounts, remittances
//! against a deal's receivable, withdrawal requests held on payables and decided by a
//! second person, their races, and PostgreSQL's half of the rules. One module per operation.

#[path = "../support/mod.rs"]
mod support;

mod banks;
mod batches;
mod matching;
mod postgres;
mod races;
mod remit;
mod resolving;
mod second_factor;
mod statements;
mod withdraw;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use chrono::Duration;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::input::Notation;
    pub(crate) use prorata_app::payouts::{
        self, NewBankAccount, NewRemittance, NewWithdrawal, Payee,
    };
    pub(crate) use prorata_app::second_factor::SecondFactor;
    pub(crate) use sqlx::Executor;

    /// The admin registers a USD bank account; its id.
    pub(crate) async fn usd_bank(book: &Book, name: &str) -> i64 {
        let new = NewBankAccount {
            name,
            currency: "USD",
            account_number: "0123456789",
            bic: Some("CHASUS33"),
            bank_name: Some("Chase"),
        };
        payouts::add_bank_account(
            book.store(),
            &book.clock,
            &book.admin,
            new,
            Some(data_key()),
            &book.key(),
        )
        .await
        .expect("a bank account")
        .id
    }

    /// The seed deal with its first distribution posted: investor `Phones A` is owed 312.00,
    /// the partner 400.00, and the deal's profit receivable holds 2,000.00.
    pub(crate) async fn owed(book: &Book) -> i64 {
        let deal = book.seed_deal("Phones").await;
        book.posted("Phones", "2026-11-24", "12000").await;
        deal
    }

    pub(crate) fn to_investor<'a>(investor: &'a str, amount: &'a str) -> NewWithdrawal<'a> {
        NewWithdrawal {
            payee: Payee::Investor(investor),
            amount,
            currency: None,
            bank_name: "First Bank",
            account_number: "3012345678",
            account_name: "Amal Okafor",
            allocation: None,
            notation: Notation::Plain,
        }
    }

    pub(crate) async fn request(
        book: &Book,
        new: NewWithdrawal<'_>,
    ) -> Result<i64, prorata_app::Error> {
        payouts::request_withdrawal(
            book.store(),
            &book.clock,
            &book.officer,
            new,
            Some(data_key()),
            &book.key(),
        )
        .await
        .map(|c| c.id)
    }

    /// The investor's payable: (balance, pending, available).
    pub(crate) async fn payable(book: &Book, code: &str) -> (String, String, String) {
        let b = prorata_app::ledger::account_balance(book.store(), &book.officer, code, None, None)
            .await
            .expect("a balance");
        (b.balance, b.pending, b.available)
    }
}
