//! LP units through prorata-app against a real PostgreSQL: the register of issues, transfers
//! and redemptions, holdings as of a date, holdings never below zero (in Rust, in PostgreSQL
//! and between two redemptions at once). One module per operation.

#[path = "../support/mod.rs"]
mod support;

mod postgres;
mod register;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::units::{self, UnitMovement, UnitMovementKind};

    pub(crate) fn movement<'a>(
        kind: UnitMovementKind,
        investor: &'a str,
        units: &'a str,
        date: &'a str,
    ) -> UnitMovement<'a> {
        UnitMovement {
            kind,
            deal: "Phones",
            investor,
            from: None,
            units,
            date,
        }
    }

    /// Records a movement as the officer.
    pub(crate) async fn moved(
        book: &Book,
        movement: UnitMovement<'_>,
    ) -> Result<i64, prorata_app::Error> {
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

    /// (investor, units, ownership) of the deal's holdings at the end of `as_of`, or now.
    pub(crate) async fn held(book: &Book, as_of: Option<&str>) -> Vec<(String, String, String)> {
        let view = units::holdings(book.store(), &book.approver, "Phones", as_of)
            .await
            .expect("holdings");
        view.items
            .into_iter()
            .map(|h| (h.investor, h.units, h.ownership_percent))
            .collect()
    }
}
