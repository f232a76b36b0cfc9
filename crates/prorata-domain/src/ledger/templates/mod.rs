//! A ledger template per business event: typed parameters in, the balanced legs of its one
//! journal entry out, asserted balanced before anything is written (and again by PostgreSQL
//! when the transaction commits). The app calls a template and hands its legs to the store.

mod affiliate;
mod distribution_posted;
mod lp_event;
mod network;
mod payouts;
mod revenue;

pub use affiliate::{AffiliateSaleRecorded, affiliate_sale_recorded};
pub use distribution_posted::{DistributionPosted, distribution_posted};
pub use lp_event::{EventApproved, event_approved};
pub use network::{NetworkCommissioned, network_commission_reversed, network_commissioned};
pub use payouts::{
    PayoutPaid, RemittanceReceived, WithdrawalHeld, payout_paid, remittance_received,
    remitted_receivable, withdrawal_held,
};
pub use revenue::{GatewaySettled, RevenueRecorded, gateway_settled, revenue_recorded};

use super::chart::ChartAccount;
use super::{LedgerError, Leg, Side, check_balanced};
use crate::money::Money;

/// The entry a template makes: its kind, its legs, and the accounts they book to (which the
/// store opens first if they are new).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateEntry {
    pub kind: &'static str,
    pub legs: Vec<Leg>,
    pub accounts: Vec<ChartAccount>,
}

impl TemplateEntry {
    fn new(kind: &'static str) -> TemplateEntry {
        TemplateEntry {
            kind,
            legs: Vec::new(),
            accounts: Vec::new(),
        }
    }

    /// Adds a leg; a zero amount books nothing (an entry's legs are all above zero).
    fn leg(&mut self, account: ChartAccount, side: Side, amount: Money) {
        if amount.is_zero() {
            return;
        }
        self.legs.push(Leg {
            account: account.code.clone(),
            side,
            amount,
        });
        self.accounts.push(account);
    }

    /// The entry, once it balances.
    fn balanced(self) -> Result<TemplateEntry, LedgerError> {
        check_balanced(&self.legs)?;
        Ok(self)
    }
}
