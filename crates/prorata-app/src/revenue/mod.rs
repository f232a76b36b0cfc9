//! Community revenue (DESIGN §8), the operations after the fee schedules (`fees/`):
//! `community.rs` adds communities with their role shares and members; `record.rs` records a
//! revenue transaction, splits it under the schedule in effect and books its one entry;
//! `import.rs` records a file of them in batches, each batch as `record.rs` records one;
//! `settle.rs` clears what a gateway collected into the bank; `read.rs` shows them;
//! `wallets.rs` releases members' credits on their day and locks and unlocks wallets;
//! `review.rs` releases a transaction held for review as far above its community's usual;
//! `analytics.rs` reports what revenue came to per month and the top communities, and
//! `report_pdf.rs` writes that report as a PDF document.

mod analytics;
mod community;
mod import;
mod read;
mod record;
mod report_pdf;
mod review;
mod settle;
mod views;
mod wallets;

pub(crate) use analytics::month_view;
pub use analytics::{
    MAX_MONTHS_PER_REPORT, RevenueMonthView, RevenueReportView, TopCommunityView, revenue_report,
};
pub use community::{NewCommunity, NewMember, add_community, add_member};
pub use import::{MAX_LINES_PER_IMPORT, RevenueImported, import_revenue};
pub use read::{list_communities, list_revenue, show_community, show_revenue};
pub(crate) use read::{review_word, status_word};
pub use record::{MAX_TRANSACTIONS_PER_BATCH, NewRevenue, record_revenue};
pub use report_pdf::{RevenueReportWritten, write_revenue_report, write_revenue_report_into};
pub use review::release_revenue_hold;
pub use settle::{NewSettlement, settle_gateway};
pub use views::{
    CommunityTotalsView, CommunityView, MemberView, ReleasedView, RevenueCreditView,
    RevenueRoleView, RevenueView, RoleShareView, SettlementView, WalletLockView,
    WalletMovementView, WalletView, WalletsReleased,
};
pub use wallets::{list_wallets, release_wallet_credits, set_wallet_lock, show_wallet};
pub(crate) use wallets::{pending_in_open_wallet, release_in_op};
