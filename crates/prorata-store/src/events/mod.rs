//! LP distribution events in PostgreSQL (DESIGN §8): `events.rs` keeps an event's row through
//! its states; `allocations.rs` its allocations, written once when it is calculated and moved
//! only by the withdrawals drawn on them (PostgreSQL's trigger keeps each allocation's
//! withdrawn, pending and available).

mod allocations;
mod records;

pub use allocations::{
    AllocationRecord, DrawnAllocation, NewAllocation, allocations_of, allocations_of_investor,
    allocations_page, drawn_by_withdrawals, events_fully_withdrawn, insert_allocations,
    lock_position, reserved_for_allocations, share_allocation_event, withdrawal_against_event,
};
pub use records::{
    EventRecord, NewEvent, Snapshot, event_by_id, event_entries, insert_event, latest_snapshot,
    list_events, lock_event, mark_approved, mark_calculated, mark_cancelled, mark_completed,
};

/// The transaction an event's change is made in.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Postgres>;

#[derive(Debug, thiserror::Error)]
pub enum EventStoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),

    /// PostgreSQL refused a write by one of its own checks.
    #[error("refused by the store: {0}")]
    Refused(String),
}

impl From<sqlx::Error> for EventStoreError {
    fn from(error: sqlx::Error) -> EventStoreError {
        if let sqlx::Error::Database(db) = &error
            && matches!(
                db.code().as_deref(),
                Some("23514" | "23001" | "P0001" | "23503")
            )
        {
            return EventStoreError::Refused(db.message().to_owned());
        }
        EventStoreError::Database(error)
    }
}
