//! Statements through prorata-app against a real PostgreSQL: documents made from the ledger
//! that tie to it, issued once, verified byte for byte, a month's run with its skips, notices,
//! races, and PostgreSQL's half of the rules. One module per operation.

#[path = "../support/mod.rs"]
mod support;

mod export;
mod issue;
mod notice;
mod postgres;
mod run;
mod send;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use chrono::Duration;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::input::Notation;
    pub(crate) use prorata_app::payouts::{
        self, Confirmation, NewBankAccount, NewWithdrawal, Payee,
    };
    pub(crate) use prorata_app::second_factor::SecondFactor;
    pub(crate) use prorata_app::statements::{self, IssuedDocument, StatementRequest};
    pub(crate) use std::path::{Path, PathBuf};
    pub(crate) use std::process::Command;

    /// The seed deal posted on 2026-11-24 (Phones A is owed 312.00, B and C 624.00 each),
    /// then 100.00 of A's paid out through a batch and 12.00 requested and still pending, on
    /// 2026-11-25; the clock then moves to 2026-12-02, after the month has ended.
    pub(crate) async fn november(book: &Book) {
        book.seed_deal("Phones").await;
        book.posted("Phones", "2026-11-24", "12000").await;
        paid(book, "100.00").await;
        withdrawal(book, "12.00").await;
        book.clock.advance(Duration::days(7));
    }

    async fn withdrawal(book: &Book, amount: &str) -> i64 {
        let new = NewWithdrawal {
            payee: Payee::Investor("Phones A"),
            amount,
            currency: None,
            bank_name: "First Bank",
            account_number: "3012345678",
            account_name: "Amal Okafor",
            allocation: None,
            notation: Notation::Plain,
        };
        let s = book.store();
        payouts::request_withdrawal(
            s,
            &book.clock,
            &book.officer,
            new,
            Some(data_key()),
            &book.key(),
        )
        .await
        .expect("requested")
        .id
    }

    /// A withdrawal of Phones A's, approved, sent in a batch and confirmed paid.
    async fn paid(book: &Book, amount: &str) {
        let s = book.store();
        let bank = NewBankAccount {
            name: "Operating USD",
            currency: "USD",
            account_number: "0123456789",
            bic: Some("CHASUS33"),
            bank_name: Some("Chase"),
        };
        payouts::add_bank_account(
            s,
            &book.clock,
            &book.admin,
            bank,
            Some(data_key()),
            &book.key(),
        )
        .await
        .expect("a bank");
        let id = withdrawal(book, amount).await;
        payouts::approve_withdrawal(s, &book.clock, &book.approver, id, &book.key())
            .await
            .expect("approved");
        let batch =
            payouts::create_batch(s, &book.clock, &book.officer, "Operating USD", &book.key())
                .await
                .expect("a batch")
                .id;
        payouts::add_to_batch(s, &book.clock, &book.officer, batch, &[id], &book.key())
            .await
            .expect("added");
        payouts::submit_batch(s, &book.clock, &book.officer, batch, &book.key())
            .await
            .expect("submitted");
        let factor = || SecondFactor {
            data_key: Some(data_key()),
            code: None,
        };
        payouts::approve_batch(s, &book.clock, &book.approver, batch, factor(), &book.key())
            .await
            .expect("approved");
        let dir = tempfile::tempdir().expect("a folder");
        payouts::execute_batch(
            s,
            &book.clock,
            &book.approver,
            batch,
            dir.path(),
            factor(),
            &book.key(),
        )
        .await
        .expect("executed");
        let item = payouts::show_batch(s, &book.officer, batch)
            .await
            .expect("shown")
            .items[0]
            .id;
        let paid = Confirmation::Paid { reference: "FT-1" };
        payouts::confirm_item(s, &book.clock, &book.officer, item, paid, &book.key())
            .await
            .expect("paid");
    }

    /// Phones A's statement of November 2026, written to `out`.
    pub(crate) async fn november_statement(
        book: &Book,
        out: &Path,
        key: &str,
    ) -> Result<IssuedDocument, prorata_app::Error> {
        let request = StatementRequest {
            investor: "Phones A",
            from: "2026-11-01",
            to: "2026-11-30",
            currency: None,
        };
        statements::issue_statement(
            book.store(),
            &book.clock,
            &book.officer,
            request,
            Some(out),
            key,
            data_key(),
        )
        .await
    }
}
