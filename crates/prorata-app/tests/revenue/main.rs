//! Community revenue through prorata-app against a real PostgreSQL: the program's fee
//! schedules, versioned by the day they take effect. One module per concern.

#[path = "../support/mod.rs"]
mod support;

mod analytics;
mod anomalies;
mod import;
mod schedules;
mod transactions;
mod wallets;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::fees::{self, NewFeeSchedule};
    pub(crate) use prorata_app::input::Notation;
    pub(crate) use prorata_app::revenue::{NewRevenue, RevenueView};

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

    pub(crate) const SHARES: [&str; 4] = [
        "owner=0.50",
        "admin_team=0.20",
        "moderator_team=0.10",
        "event_team=0.20",
    ];

    /// The schedule of the worked examples from 2026-11-25, a chess club in rupees with DESIGN's
    /// shares and five members (Chitra weighs twice Ben), and a rupee bank account.
    pub(crate) async fn club(book: &Book) -> i64 {
        worked_example_schedule(book).await;
        let id = add_community(book, &book.officer, "Chess club", &SHARES)
            .await
            .expect("added")
            .id;
        add_members(
            book,
            "Chess club",
            &[
                ("Asha", "owner", None),
                ("Ben", "admin_team", None),
                ("Chitra", "admin_team", Some("2")),
                ("Dev", "moderator_team", None),
                ("Esha", "event_team", None),
            ],
        )
        .await;
        let bank = prorata_app::payouts::NewBankAccount {
            name: "Rupees",
            currency: "INR",
            account_number: "0123456789",
            bic: None,
            bank_name: None,
        };
        prorata_app::payouts::add_bank_account(
            book.store(),
            &book.clock,
            &book.admin,
            bank,
            Some(data_key()),
            &book.key(),
        )
        .await
        .expect("a bank account");
        id
    }

    pub(crate) fn revenue_of<'a>(source: &'a str, gross: &'a str, date: &'a str) -> NewRevenue<'a> {
        NewRevenue {
            community: "Chess club",
            source,
            gross,
            date,
            gateway: Some("razorpay"),
            reference: None,
            notation: Notation::Plain,
        }
    }

    pub(crate) fn steps(v: &RevenueView) -> [&str; 7] {
        [
            &v.gross,
            &v.gst,
            &v.gateway_fee,
            &v.gateway_fee_gst,
            &v.platform_fee,
            &v.platform_fee_gst,
            &v.net,
        ]
        .map(String::as_str)
    }

    /// A withdrawal from a member's wallet (`member:{id}:wallet`) to a bank account.
    pub(crate) fn from_wallet<'a>(
        wallet: &'a str,
        amount: &'a str,
    ) -> prorata_app::payouts::NewWithdrawal<'a> {
        prorata_app::payouts::NewWithdrawal {
            payee: prorata_app::payouts::Payee::Account(wallet),
            amount,
            currency: None,
            bank_name: "First Bank",
            account_number: "3012345678",
            account_name: "A member",
            allocation: None,
            notation: Notation::Plain,
        }
    }

    /// The officer requests a withdrawal from a member's wallet; its id.
    pub(crate) async fn withdraw(
        book: &Book,
        wallet: &str,
        amount: &str,
    ) -> Result<i64, prorata_app::Error> {
        prorata_app::payouts::request_withdrawal(
            book.store(),
            &book.clock,
            &book.officer,
            from_wallet(wallet, amount),
            Some(data_key()),
            &book.key(),
        )
        .await
        .map(|created| created.id)
    }

    pub(crate) fn rates(custom: &str) -> Vec<String> {
        ["event=0.10", "sponsor=0.12", "premium=0.15"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain([format!("custom={custom}")])
            .collect()
    }
}
