//! Prorata's use cases: one function per operation, the single API that the `prorata` CLI,
//! the desktop shell and the tests all call.
//!
//! Requests and responses are plain serde types whose amounts are decimal strings at the
//! currency's scale. Every error carries a [`Code`] that callers switch on, and a message
//! that names the field or object at fault.

pub mod affiliates;
pub mod audit;
pub mod backup;
pub mod calc;
pub mod clock;
pub mod commissions;
pub mod control;
mod control_errors;
mod csv_input;
pub mod deals;
mod error;
pub mod events;
pub mod fees;
mod files;
mod idempotent;
pub mod input;
pub mod json;
pub mod ledger;
mod operation;
mod passwords;
pub mod payouts;
pub mod reconcile;
pub mod responses;
pub mod revenue;
pub mod second_factor;
pub mod secrets;
pub mod session;
pub mod statements;
pub mod store;
mod store_errors;
mod stored;
pub mod units;

pub use error::{Code, Error};
pub use prorata_domain::control::FrontEnd;
pub use prorata_store::{Store, StoreLocation, crypto, default_data_dir};
