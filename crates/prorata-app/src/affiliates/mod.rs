//! Affiliates of a program (DESIGN §8): `status.rs` pauses, resumes and closes the program
//! (only an active one takes new business); `roster.rs` adds affiliates with their
//! referral codes and parents and reads the downline tree and an affiliate's figures and
//! commission history; `rates.rs` sets the program's direct and override rates by the day
//! they take effect; `sales.rs` records a sale with both commissions in one entry.

mod errors;
mod rates;
mod roster;
mod sales;
mod status;
mod views;

pub use rates::{list_affiliate_rates, set_affiliate_rates};
pub use roster::{NewAffiliate, add_affiliate, affiliate_tree, show_affiliate};
pub use sales::{NewSale, record_sale};
pub(crate) use status::refuse_unless_active;
pub use status::{program_status, set_program_status};
pub use views::{
    AffiliateCommissionView, AffiliateNodeView, AffiliateRatesView, AffiliateView,
    ProgramStatusView,
};
