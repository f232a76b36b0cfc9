//! Deal profit sharing: partners and investors, deals and investments, performance records
//! (recorded, then verified by another person), distributions by the high-water-mark rule
//! (prepared, approved by another person, posted to the ledger, or cancelled, and corrected
//! by reversal), and the daily run that prepares every active deal's distribution for a date.
//!
//! One file per operation or close group; `read.rs` answers the lists and pages, `views.rs`
//! says what the front ends see.

mod approve;
mod cancel;
mod daily;
mod deal;
mod entry_view;
mod errors;
mod invest;
mod lock;
mod parties;
mod post;
mod prepare;
mod read;
mod record;
mod reverse;
mod verify;
mod views;

pub use approve::approve_distributions;
pub use cancel::cancel_distribution;
pub use daily::{DailyRunReport, PreparedDeal, SkippedDeal, run_daily};
pub(crate) use deal::deal_by_ref;
pub use deal::{NewDeal, close_deal, create_deal};
pub use entry_view::LegView;
pub use invest::{NewInvestment, invest};
pub use parties::{add_investor, add_partner, list_investors, list_partners};
pub use post::post_distributions;
pub use prepare::prepare_distribution;
pub use read::{list_deals, list_distributions, list_performance, show_deal, show_distribution};
pub use record::{NewPerformance, Recorded, record_performance};
pub use reverse::reverse_distribution;
pub use verify::verify_performance;
pub use views::{
    DealDetail, DealView, DistributionView, InvestmentView, MarkPoint, PartyView, PerformanceView,
    ShareView,
};

/// The most rows one list returns.
pub const MAX_LIST_ROWS: i64 = 10_000;
/// The most distributions one approval or posting takes.
pub const MAX_DISTRIBUTIONS_PER_CALL: usize = 10_000;
