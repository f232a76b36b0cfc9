//! Community revenue through prorata-app against a real PostgreSQL: the program's fee
//! schedules, versioned by the day they take effect. One module per concern.

#[path = "../support/mod.rs"]
mod support;

mod anomalies;
mod schedules;
mod transactions;
mod wallets;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::fees::{self, NewFeeSchedule};
    pub(crate) use prorata_app::input::Notation;

    /// The worked example's schedule (DESIGN §8), taking effect on `from`.
    pub(crate) fn schedule<'a>(rates: &'a [String], from: &'a str) -> NewFeeSchedule<'a> {
        NewFeeSchedule {
            gst_rate: "0.18",
            gateway_fee_rate: "0.02",
            gateway_fixed_fee: None,
            gateway_fee_gst: true,
            platform_fee_rates: rates,
            platform_fee_gst: false,
            holding_days: Some(7),
            anomaly_multiple: None,
            effective_from: from,
            notation: Notation::Plain,
        }
    }

    /// A data key of the tests' own: sealing and opening need one, not a particular one.
    pub(crate) fn data_key() -> &'static prorata_store::crypto::DataKey {
        static KEY: std::sync::OnceLock<prorata_store::crypto::DataKey> =
            std::sync::OnceLock::new();
        KEY.get_or_init(|| prorata_store::crypto::DataKey::generate().expect("a key"))
    }

    /// The worked examples' schedule (DESIGN §8: GST 18%, gateway 2% with GST, event 10%,
    /// sponsor 12%, 7 days' holding), set by the admin from 2026-11-25.
    pub(crate) async fn worked_example_schedule(book: &Book) {
        let r = rates("0.10");
        fees::set_fee_schedule(
            book.store(),
            &book.clock,
            &book.admin,
            schedule(&r, "2026-11-25"),
            &book.key(),
        )
        .await
        .expect("a schedule");
    }

    /// A rupee community with these `ROLE=RATE` shares, added by `session`.
    pub(crate) async fn add_community(
        book: &Book,
        session: &prorata_app::session::Session,
        name: &str,
        shares: &[&str],
    ) -> Result<prorata_app::responses::Created, prorata_app::Error> {
        let shares: Vec<String> = shares.iter().map(|s| (*s).to_owned()).collect();
        let new = prorata_app::revenue::NewCommunity {
            name,
            currency: "INR",
            role_shares: &shares,
            notation: Notation::Plain,
        };
        prorata_app::revenue::add_community(book.store(), &book.clock, session, new, &book.key())
            .await
    }

    /// Members added by the officer: (name, role, weight).
    pub(crate) async fn add_members(
        book: &Book,
        community: &str,
        members: &[(&str, &str, Option<&str>)],
    ) {
        for &(name, role, weight) in members {
            let new = prorata_app::revenue::NewMember {
                community,
                name,
                role,
                weight,
            };
            prorata_app::revenue::add_member(
                book.store(),
                &book.clock,
                &book.officer,
                new,
                &book.key(),
            )
            .await
            .expect("a member");
        }
    }

    pub(crate) fn rates(custom: &str) -> Vec<String> {
        ["event=0.10", "sponsor=0.12", "premium=0.15"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain([format!("custom={custom}")])
            .collect()
    }
}
