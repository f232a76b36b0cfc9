//! Prorata's domain: exact money, allocation and profit sharing.
//!
//! Everything here is pure and synchronous: no IO, no clock, no database. Amounts are
//! `Decimal` values held at their currency's scale and computed with integer arithmetic, so
//! no floating point ever touches money, rates or units.
#![deny(clippy::float_arithmetic)]

pub mod affiliate;
pub mod allocation;
pub mod commission;
pub mod control;
pub mod deal;
pub mod ledger;
pub mod lp;
pub mod money;
pub mod payout;
pub mod profit_share;
pub mod reconciliation;
pub mod revenue_split;
pub mod statement;
mod states;

pub use allocation::{AllocationError, Weight, allocate};
pub use money::{Currency, Money, MoneyError, Rate, Units};
pub use profit_share::{Investment, ProfitShare, ProfitShareError, ProfitShareTerms, share_profit};
