//! Commissions through prorata-app against a real PostgreSQL: the program's tree of
//! commission schemes, their rates per service and role, checked in Rust and at commit in
//! PostgreSQL; the network's members and their transactions, commissioned over the upline.
//! One module per concern.

#[path = "../support/mod.rs"]
mod support;

mod members;
mod schemes;
mod transactions;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::commissions;

    /// The root (the admin's), a white label's scheme under it (the officer's) and a
    /// distributor's under that (the officer's), with the worked rates of the calculator's
    /// example for the recharge service.
    pub(crate) async fn tree(book: &Book) {
        add(book, &book.admin, "root", None).await;
        set(
            book,
            &book.admin,
            "root",
            &[
                "admin=0.05",
                "white_label=0.04",
                "master_distributor=0.03",
                "distributor=0.02",
                "retailer=0.015",
            ],
        )
        .await
        .expect("the root's rates");
        add(book, &book.officer, "wl", Some("root")).await;
        set(
            book,
            &book.officer,
            "wl",
            &["retailer=0.012", "distributor=inherit"],
        )
        .await
        .expect("the white label's rates");
        add(book, &book.officer, "dist", Some("wl")).await;
        set(book, &book.officer, "dist", &["distributor=0.018"])
            .await
            .expect("the distributor's rate");
    }

    pub(crate) async fn add(
        book: &Book,
        who: &prorata_app::session::Session,
        name: &str,
        parent: Option<&str>,
    ) -> i64 {
        commissions::add_scheme(book.store(), &book.clock, who, name, parent, &book.key())
            .await
            .expect("a scheme")
            .id
    }

    pub(crate) async fn set(
        book: &Book,
        who: &prorata_app::session::Session,
        scheme: &str,
        rates: &[&str],
    ) -> Result<i64, prorata_app::Error> {
        let rates: Vec<String> = rates.iter().map(|r| (*r).to_owned()).collect();
        commissions::set_scheme_rates(
            book.store(),
            &book.clock,
            who,
            (scheme, "recharge"),
            &rates,
            &book.key(),
        )
        .await
        .map(|c| c.id)
    }

    /// A member in the "dist" scheme; an admin's network is in INR.
    pub(crate) async fn member(
        book: &Book,
        name: &str,
        role: &str,
        upline: Option<&str>,
    ) -> Result<i64, prorata_app::Error> {
        let new = commissions::NewMember {
            name,
            role,
            upline,
            scheme: "dist",
            currency: upline.is_none().then_some("INR"),
        };
        let (s, clock, officer) = (book.store(), &book.clock, &book.officer);
        commissions::add_network_member(s, clock, officer, new, &book.key())
            .await
            .map(|c| c.id)
    }

    /// The worked schemes and a network of four below its admin: wala, dina, ravi (no
    /// master distributor between wala and dina).
    pub(crate) async fn network() -> Book {
        let book = Book::new().await;
        tree(&book).await;
        member(&book, "ada's network", "admin", None)
            .await
            .expect("the top");
        member(&book, "wala", "white_label", Some("ada's network"))
            .await
            .expect("a white label");
        member(&book, "dina", "distributor", Some("wala"))
            .await
            .expect("a distributor");
        member(&book, "ravi", "retailer", Some("dina"))
            .await
            .expect("a retailer");
        book
    }

    /// Each level of the scheme's chain: its name and, per role, `set/resolved`.
    pub(crate) async fn chain_of(book: &Book, scheme: &str) -> Vec<(String, Vec<String>)> {
        commissions::scheme_chain(book.store(), &book.officer, scheme, "recharge")
            .await
            .expect("a chain")
            .levels
            .into_iter()
            .map(|l| {
                let rates = l
                    .rates
                    .iter()
                    .map(|r| format!("{}/{}", r.set.as_deref().unwrap_or("-"), r.resolved))
                    .collect();
                (l.name, rates)
            })
            .collect()
    }
}
