//! LP units (DESIGN §8): each deal's register of units per investor. `register.rs` records
//! issues, transfers and redemptions; `read.rs` answers holdings as of a date; `views.rs`
//! says what front ends see.

mod errors;
mod read;
mod register;
mod views;

pub use prorata_domain::lp::UnitMovementKind;
pub use read::holdings;
pub use register::{UnitMovement, move_units};
pub use views::{HoldingView, HoldingsView};
