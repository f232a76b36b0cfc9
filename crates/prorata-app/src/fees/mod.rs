//! Fee schedules (DESIGN §8): what comes off a community's revenue, set by an admin as
//! versions that take effect on a day. `set.rs` sets a version; `read.rs` shows them.

mod errors;
mod read;
mod set;
mod views;

pub use read::show_fee_schedules;
pub use set::{NewFeeSchedule, set_fee_schedule};
pub use views::{FeeScheduleView, FeeSchedulesView, ScheduleSet};
