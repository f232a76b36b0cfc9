//! LP distribution events through prorata-app against a real PostgreSQL: drafted,
//! calculated from the unit register's snapshot, approved by a second person with the entry
//! posted, withdrawn against allocation by allocation through the payouts flow, completed or
//! cancelled; their edge cases, races, and PostgreSQL's half of the rules. One module per
//! concern.

#[path = "../support/mod.rs"]
mod support;

mod edges;
mod lifecycle;
mod postgres;
mod races;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::events::{self, EventView, NewEvent};
    pub(crate) use prorata_app::input::Notation;
    pub(crate) use prorata_app::payouts::{self, NewWithdrawal, Payee};
    pub(crate) use prorata_app::second_factor::SecondFactor;
    pub(crate) use prorata_app::units::{self, UnitMovement, UnitMovementKind};

    /// Issues `units` of `deal` to `investor` on `date`, as the officer.
    pub(crate) async fn issue(book: &Book, deal: &str, investor: &str, units: &str, date: &str) {
        moved(
            book,
            UnitMovementKind::Issue,
            deal,
            investor,
            None,
            units,
            date,
        )
        .await
        .expect("issued");
    }

    pub(crate) async fn moved(
        book: &Book,
        kind: UnitMovementKind,
        deal: &str,
        investor: &str,
        from: Option<&str>,
        units: &str,
        date: &str,
    ) -> Result<i64, prorata_app::Error> {
        let movement = UnitMovement {
            kind,
            deal,
            investor,
            from,
            units,
            date,
        };
        units::move_units(
            book.store(),
            &book.clock,
            &book.officer,
            movement,
            &book.key(),
        )
        .await
        .map(|c| c.id)
    }

    /// The seed deal `Phones` (investors `Phones A`, `B`, `C`) with 100, 200 and 300 units
    /// issued on 2026-11-10.
    pub(crate) async fn units_held(book: &Book) {
        book.seed_deal("Phones").await;
        for (investor, units) in [
            ("Phones A", "100"),
            ("Phones B", "200"),
            ("Phones C", "300"),
        ] {
            issue(book, "Phones", investor, units, "2026-11-10").await;
        }
    }

    pub(crate) fn revenue<'a>(deal: &'a str, amount: &'a str, date: &'a str) -> NewEvent<'a> {
        NewEvent {
            deal,
            kind: "revenue",
            title: "November revenue",
            description: Some("sales of the month"),
            amount,
            date,
            notation: Notation::Plain,
        }
    }

    pub(crate) async fn drafted(book: &Book, new: NewEvent<'_>) -> Result<i64, prorata_app::Error> {
        events::create_event(book.store(), &book.clock, &book.officer, new, &book.key())
            .await
            .map(|c| c.id)
    }

    pub(crate) async fn calculated(
        book: &Book,
        id: i64,
        snapshot: Option<&str>,
    ) -> Result<i64, prorata_app::Error> {
        events::calculate_event(
            book.store(),
            &book.clock,
            &book.officer,
            id,
            snapshot,
            &book.key(),
        )
        .await
        .map(|c| c.id)
    }

    pub(crate) async fn approved(book: &Book, id: i64) -> Result<i64, prorata_app::Error> {
        let factor = SecondFactor::default();
        events::approve_event(
            book.store(),
            &book.clock,
            &book.approver,
            id,
            factor,
            &book.key(),
        )
        .await
        .map(|c| c.id)
    }

    /// An event of `amount` on `deal` drafted, calculated and approved: its id.
    pub(crate) async fn active(book: &Book, deal: &str, amount: &str, date: &str) -> i64 {
        let id = drafted(book, revenue(deal, amount, date))
            .await
            .expect("drafted");
        calculated(book, id, None).await.expect("calculated");
        approved(book, id).await.expect("approved");
        id
    }

    pub(crate) async fn shown(book: &Book, id: i64) -> EventView {
        events::show_event(book.store(), &book.officer, id)
            .await
            .expect("shown")
    }

    /// Each allocation as (investor, units, ownership, amount, withdrawn, pending, available).
    pub(crate) fn positions(view: &EventView) -> Vec<[String; 7]> {
        view.allocations
            .iter()
            .map(|a| {
                [
                    a.investor.clone(),
                    a.units.clone(),
                    a.ownership.clone(),
                    a.amount.clone(),
                    a.withdrawn.clone(),
                    a.pending.clone(),
                    a.available.clone(),
                ]
            })
            .collect()
    }

    /// The allocation of `investor` in the event.
    pub(crate) fn allocation_of(view: &EventView, investor: &str) -> i64 {
        view.allocations
            .iter()
            .find(|a| a.investor == investor)
            .map(|a| a.id)
            .expect("an allocation")
    }

    pub(crate) fn against<'a>(
        investor: &'a str,
        amount: &'a str,
        allocation: Option<i64>,
    ) -> NewWithdrawal<'a> {
        NewWithdrawal {
            payee: Payee::Investor(investor),
            amount,
            currency: None,
            bank_name: "First Bank",
            account_number: "3012345678",
            account_name: "Amal Okafor",
            allocation,
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
}
