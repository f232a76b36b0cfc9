//! LP distribution events (DESIGN §8): a deal's proceeds shared by its LP units.
//! `draft.rs` drafts an event; `calculate.rs` snapshots the holdings and allocates the total;
//! `approve.rs` approves it (a second person) and posts its entry; `close.rs` completes or
//! cancels it; `settle.rs` is what the payouts flow calls as withdrawals against allocations
//! move; `read.rs` and `views.rs` are what front ends see.

mod approve;
mod calculate;
mod close;
mod draft;
mod errors;
mod read;
mod settle;
mod views;

pub use approve::approve_event;
pub use calculate::calculate_event;
pub use close::{cancel_event, complete_event};
pub use draft::{NewEvent, create_event};
pub use prorata_domain::lp::{AllocationStatus, EventKind, EventPermits, EventStatus};
pub(crate) use read::allocation_view;
pub use read::{deal_events, list_allocations, list_events, show_event};
pub(crate) use settle::{
    ALLOCATION_MOVED, allocation_for_withdrawal, allocations_moved_in_op, draw_on_allocation,
};
pub use views::{AllocationView, DealEventsView, EventSummaryView, EventTotalsView, EventView};
