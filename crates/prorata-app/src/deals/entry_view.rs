//! The journal entry a distribution books, leg by leg with whose account each is: what the
//! posting confirmation restates, made by the same ledger template that posting uses.

use prorata_domain::Currency;
use prorata_domain::ledger::Side;
use prorata_domain::ledger::chart::{
    deal_profit_receivable, investor_payable, partner_payable, platform_fee_income,
};
use prorata_domain::ledger::templates::{DistributionPosted, TemplateEntry, distribution_posted};
use prorata_store::deals::{DistributionRecord, DistributionShare};
use serde::{Deserialize, Serialize};

use crate::{Code, Error, stored};

/// One leg of an entry: the account's code, whose account it is, the side and the amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LegView {
    pub account: String,
    /// Whose account, in words: "payable to Amal", "profit receivable of Phones".
    pub owner: String,
    pub side: Side,
    pub amount: String,
}

/// The `distribution_posted` entry of a distribution and its shares: what posting books and
/// what its confirmation restates, made in one place.
pub(crate) fn posting_template(
    d: &DistributionRecord,
    shares: &[DistributionShare],
    currency: Currency,
) -> Result<TemplateEntry, Error> {
    let amounts = shares
        .iter()
        .map(|s| Ok((s.investor_id, stored::money(s.amount_minor, currency)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    distribution_posted(&DistributionPosted {
        deal_id: d.deal_id,
        partner_id: d.partner_id,
        profit: stored::money(d.profit_minor, currency)?,
        partner_commission: stored::money(d.partner_commission_minor, currency)?,
        platform_fee: stored::money(d.platform_fee_minor, currency)?,
        shares: &amounts,
    })
    .map_err(|e| Error::new(Code::Internal, format!("distribution {}: {e}", d.id)))
}

/// The legs of `distribution_posted` for a distribution and its shares, with their owners.
pub(crate) fn distribution_entry(
    d: &DistributionRecord,
    shares: &[DistributionShare],
    currency: Currency,
) -> Result<Vec<LegView>, Error> {
    let template = posting_template(d, shares, currency)?;
    let owner_of = |code: &str| -> String {
        if code == deal_profit_receivable(d.deal_id).code.as_str() {
            return format!("profit receivable of {}", d.deal_name);
        }
        if code == partner_payable(d.partner_id).code.as_str() {
            return format!("payable to the partner of {}", d.deal_name);
        }
        if code == platform_fee_income().code.as_str() {
            return "platform fee income".to_owned();
        }
        shares
            .iter()
            .find(|s| code == investor_payable(s.investor_id).code.as_str())
            .map_or_else(String::new, |s| format!("payable to {}", s.investor_name))
    };
    Ok(template
        .legs
        .iter()
        .map(|leg| LegView {
            account: leg.account.to_string(),
            owner: owner_of(leg.account.as_str()),
            side: leg.side,
            amount: leg.amount.to_string(),
        })
        .collect())
}
