//! The journal entry a distribution books, leg by leg with whose account each is: what the
//! posting confirmation restates, made by the same ledger template that posting uses.

use prorata_domain::Currency;
use prorata_domain::ledger::Side;
use prorata_domain::ledger::chart::AccountFamily;
use prorata_domain::ledger::templates::{DistributionPosted, TemplateEntry, distribution_posted};
use prorata_store::deals::{DistributionRecord, DistributionShare};
use serde::{Deserialize, Serialize};

use crate::ledger::account_words;
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
        let Some(family) = AccountFamily::of(code) else {
            return String::new();
        };
        let holder = match family {
            AccountFamily::DealProfitReceivable { .. }
            | AccountFamily::DealProceedsReceivable { .. } => d.deal_name.clone(),
            AccountFamily::PartnerPayable { .. } => format!("the partner of {}", d.deal_name),
            AccountFamily::InvestorPayable { investor_id } => shares
                .iter()
                .find(|s| s.investor_id == investor_id)
                .map(|s| s.investor_name.clone())
                .unwrap_or_default(),
            AccountFamily::PlatformFeeIncome
            | AccountFamily::Bank { .. }
            | AccountFamily::PayoutClearing
            | AccountFamily::GstPayable
            | AccountFamily::MemberWallet { .. }
            | AccountFamily::MemberCommissionPayable { .. }
            | AccountFamily::ProgramCommissionExpense
            | AccountFamily::AffiliatePayable { .. } => String::new(),
        };
        account_words(family, &holder)
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
