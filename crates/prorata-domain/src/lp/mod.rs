//! LP units (DESIGN §8): a deal's register of units per investor, moved by issues, transfers
//! and redemptions, each dated, none dated before the deal's latest; a holding is never below
//! zero. `events.rs`: distribution events, whose proceeds are allocated by units held
//! (`allocations.rs`).

mod allocations;
mod events;

pub use allocations::{
    AllocationPosition, AllocationStatus, HolderUnits, UnitAllocation, allocate_by_units,
};
pub use events::{
    EVENT_APPROVERS, EVENT_KEEPERS, EventAction, EventFacts, EventKind, EventPermits, EventStatus,
    draft_permit, event_permits,
};

use chrono::NaiveDate;

use crate::Units;
use crate::control::{Actor, Permit, Refusal, Role};
use crate::states::state;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LpError {
    #[error("\"{0}\" is not a name this takes")]
    UnknownStatus(String),
    #[error("{holder} holds {held} units of the deal, fewer than the {moved} asked")]
    NotHeld {
        holder: String,
        held: Units,
        moved: Units,
    },
    #[error(
        "the deal's units were last moved on {latest}; a movement dated {date} would rewrite its history"
    )]
    OutOfOrder { latest: NaiveDate, date: NaiveDate },
    #[error(
        "event {event} snapshotted the deal's units on {snapshot}; a movement dated {date} would change what it allocated"
    )]
    Snapshotted {
        event: i64,
        snapshot: NaiveDate,
        date: NaiveDate,
    },
    #[error("a transfer goes from one investor to another, not to {0} itself")]
    TransferToSelf(String),
    #[error("units must be more than zero")]
    Zero,
    #[error("the holding would pass the most units a holding may have")]
    Overflow,
    #[error("{from} events cannot be {action}")]
    Transition {
        from: &'static str,
        action: &'static str,
    },
    #[error("no units of the deal are held on {0}: there is nothing to allocate by")]
    NoUnitsOutstanding(NaiveDate),
    #[error("{amount} {} is more than allocation {allocation} has available ({available})", amount.currency())]
    BeyondAvailable {
        allocation: i64,
        amount: crate::Money,
        available: crate::Money,
    },
    #[error("the allocation cannot be split: {0}")]
    Allocation(#[from] crate::AllocationError),
}

state!(
    LpError,
    /// What moves a holding: units issued to an investor, transferred from one investor to
    /// another, or redeemed from an investor.
    UnitMovementKind {
        Issue => "issue",
        Transfer => "transfer",
        Redeem => "redeem",
    }
);

/// Who keeps the register.
pub const REGISTRARS: &[Role] = &[Role::Officer];

/// What the actor may do with a deal's register.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RegisterPermits {
    /// Issue, transfer or redeem units.
    pub move_units: Permit,
}

pub fn register_permits(actor: &Actor) -> RegisterPermits {
    let officer = || "Needs the officer role".to_owned();
    RegisterPermits {
        move_units: Permit::unless(&[(
            !actor.holds_any(REGISTRARS),
            Refusal::MissingRole,
            &officer,
        )]),
    }
}

/// A movement's dates: never before the deal's latest movement.
pub fn check_in_order(latest: Option<NaiveDate>, date: NaiveDate) -> Result<(), LpError> {
    match latest {
        Some(latest) if date < latest => Err(LpError::OutOfOrder { latest, date }),
        _ => Ok(()),
    }
}

/// A movement's date against the deal's latest standing snapshot (an event calculated on
/// it): only after it.
pub fn check_after_snapshot(
    snapshot: Option<(i64, NaiveDate)>,
    date: NaiveDate,
) -> Result<(), LpError> {
    match snapshot {
        Some((event, snapshot)) if date <= snapshot => Err(LpError::Snapshotted {
            event,
            snapshot,
            date,
        }),
        _ => Ok(()),
    }
}

/// The holding that grows by `units`.
pub fn received(held: Units, units: Units) -> Result<Units, LpError> {
    if units.is_zero() {
        return Err(LpError::Zero);
    }
    held.checked_add(units).ok_or(LpError::Overflow)
}

/// The holding that shrinks by `units`, refused below zero, naming the holder.
pub fn given(holder: &str, held: Units, units: Units) -> Result<Units, LpError> {
    if units.is_zero() {
        return Err(LpError::Zero);
    }
    held.checked_sub(units).ok_or_else(|| LpError::NotHeld {
        holder: holder.to_owned(),
        held,
        moved: units,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(text: &str) -> Units {
        Units::parse(text).expect("units")
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("a day")
    }

    #[test]
    fn a_holding_grows_and_shrinks_exactly_and_never_below_zero() {
        assert_eq!(received(u("0"), u("0.0000001")), Ok(u("0.0000001")));
        assert_eq!(given("Amal", u("100"), u("40")), Ok(u("60")));
        assert_eq!(given("Amal", u("100"), u("100")), Ok(u("0")));
        let refused = given("Amal", u("60"), u("60.0000001")).expect_err("below zero");
        assert_eq!(
            refused.to_string(),
            "Amal holds 60.0000000 units of the deal, fewer than the 60.0000001 asked"
        );
        assert_eq!(received(u("5"), u("0")), Err(LpError::Zero));
    }

    #[test]
    fn movements_are_recorded_in_date_order() {
        assert!(check_in_order(None, day(2)).is_ok());
        assert!(
            check_in_order(Some(day(2)), day(2)).is_ok(),
            "the same day is in order"
        );
        assert_eq!(
            check_in_order(Some(day(5)), day(4)),
            Err(LpError::OutOfOrder {
                latest: day(5),
                date: day(4)
            })
        );
        assert_eq!(
            UnitMovementKind::parse("redeem"),
            Ok(UnitMovementKind::Redeem)
        );
    }
}
