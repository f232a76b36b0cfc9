//! Affiliates through prorata-app against a real PostgreSQL: the rates by day, affiliates and
//! their downline, sales earning the direct and override commissions, the program's status
//! refusing new business, and PostgreSQL's half as the application's role. One module per
//! concern.

#[path = "../support/mod.rs"]
mod support;

mod sales;
mod status;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::affiliates;
    use prorata_app::affiliates::{NewAffiliate, NewSale};
    use prorata_app::input::Notation;

    /// The admin's rates from today: 10% direct, 2.5% override.
    pub(crate) async fn rates(book: &Book) {
        affiliates::set_affiliate_rates(
            book.store(),
            &book.clock,
            &book.admin,
            ("0.10", "0.025"),
            None,
            Notation::Plain,
            &book.key(),
        )
        .await
        .expect("the rates");
    }

    pub(crate) async fn add(
        book: &Book,
        name: &str,
        parent: Option<&str>,
        code: Option<&str>,
    ) -> Result<i64, prorata_app::Error> {
        let new = NewAffiliate {
            name,
            code,
            parent,
            currency: parent.is_none().then_some("USD"),
        };
        affiliates::add_affiliate(book.store(), &book.clock, &book.officer, new, &book.key())
            .await
            .map(|c| c.id)
    }

    pub(crate) async fn sale(
        book: &Book,
        affiliate: &str,
        amount: &str,
        key: &str,
    ) -> Result<i64, prorata_app::Error> {
        let new = NewSale {
            affiliate,
            amount,
            reference: Some("order 1"),
            notation: Notation::Plain,
        };
        affiliates::record_sale(book.store(), &book.clock, &book.officer, new, key)
            .await
            .map(|c| c.id)
    }

    /// Ana (ANA) at the top, Ben below her, Cy below Ben, and the rates.
    pub(crate) async fn downline() -> Book {
        let book = Book::new().await;
        rates(&book).await;
        add(&book, "Ana", None, Some("ana")).await.expect("Ana");
        add(&book, "Ben", Some("ANA"), None).await.expect("Ben");
        add(&book, "Cy", Some("Ben"), Some("CY-1"))
            .await
            .expect("Cy");
        book
    }
}
