//! Commissions through prorata-app against a real PostgreSQL: the program's tree of
//! commission schemes, their rates per service and role, checked in Rust and at commit in
//! PostgreSQL. One module per concern.

#[path = "../support/mod.rs"]
mod support;

mod members;
mod schemes;

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
