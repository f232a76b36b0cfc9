//! The commands the window calls. Each is a few lines: arguments in, one call to
//! prorata-app, its view or its error out. Errors reach the window as `{code, message}`.

pub mod audit;
pub mod commissions;
pub mod deals;
pub mod desk;
pub mod distributions;
pub mod events;
pub mod id;
pub mod ledger;
pub mod payouts;
pub mod reconcile;
pub mod revenue;
pub mod second_factor;
pub mod statements;
pub mod units;
pub mod users;
