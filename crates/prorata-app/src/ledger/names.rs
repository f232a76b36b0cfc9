//! Accounts as people read them: beside each code, whose account it is in words and the deal
//! or party it belongs to, read back from the chart (`AccountFamily`) and named from the store.

use prorata_domain::ledger::chart::AccountFamily;
use prorata_store::PgConnection;
use prorata_store::deals::{self as store_deals, PartyNames};
use serde::Serialize;

use crate::Error;

/// The kind of a record a name links to: a deal, a partner or an investor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Deal,
    Partner,
    Investor,
}

/// A deal, a partner or an investor by id, with its name: what a link to it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NamedRecord {
    pub kind: RecordKind,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
}

/// An account the program keeps, named: its code, whose account it is in words ("payable to
/// Amal"), and the record it belongs to, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LedgerAccountView {
    pub account: String,
    pub currency: String,
    pub name: String,
    pub owner: Option<NamedRecord>,
}

/// Whose an account of a family is, in words, given the name of its holder.
pub(crate) fn account_words(family: AccountFamily, holder: &str) -> String {
    match family {
        AccountFamily::DealProfitReceivable { .. } => format!("profit receivable of {holder}"),
        AccountFamily::PartnerPayable { .. } | AccountFamily::InvestorPayable { .. } => {
            format!("payable to {holder}")
        }
        AccountFamily::DealProceedsReceivable { .. } => format!("proceeds receivable of {holder}"),
        AccountFamily::PlatformFeeIncome => "platform fee income".to_owned(),
        AccountFamily::Bank { bank_id } => format!("bank account {bank_id}"),
        AccountFamily::PayoutClearing => "payments on their way to payees".to_owned(),
        AccountFamily::GstPayable => "GST payable".to_owned(),
        AccountFamily::MemberWallet { member_id } => {
            format!("wallet of community member {member_id}")
        }
        AccountFamily::MemberCommissionPayable { member_id } => {
            format!("commissions payable to network member {member_id}")
        }
        AccountFamily::ProgramCommissionExpense => "affiliates' commissions".to_owned(),
        AccountFamily::AffiliatePayable { affiliate_id } => {
            format!("commissions payable to affiliate {affiliate_id}")
        }
    }
}

/// The names of the deals, partners and investors some accounts or audit records refer to,
/// read in one query.
pub(crate) struct RecordNames {
    parties: PartyNames,
}

impl RecordNames {
    /// The names of the holders of these accounts.
    pub(crate) async fn read<'a>(
        conn: &mut PgConnection,
        program_id: i64,
        codes: impl Iterator<Item = &'a str>,
    ) -> Result<RecordNames, Error> {
        let records = codes
            .filter_map(AccountFamily::of)
            .filter_map(|family| match family {
                AccountFamily::DealProfitReceivable { deal_id }
                | AccountFamily::DealProceedsReceivable { deal_id } => {
                    Some((RecordKind::Deal, deal_id))
                }
                AccountFamily::PartnerPayable { partner_id } => {
                    Some((RecordKind::Partner, partner_id))
                }
                AccountFamily::InvestorPayable { investor_id } => {
                    Some((RecordKind::Investor, investor_id))
                }
                AccountFamily::PlatformFeeIncome
                | AccountFamily::Bank { .. }
                | AccountFamily::PayoutClearing
                | AccountFamily::GstPayable
                | AccountFamily::MemberWallet { .. }
                | AccountFamily::MemberCommissionPayable { .. }
                | AccountFamily::ProgramCommissionExpense
                | AccountFamily::AffiliatePayable { .. } => None,
            });
        Self::read_records(conn, program_id, records).await
    }

    /// The names of these records.
    pub(crate) async fn read_records(
        conn: &mut PgConnection,
        program_id: i64,
        records: impl Iterator<Item = (RecordKind, i64)>,
    ) -> Result<RecordNames, Error> {
        let (mut deals, mut partners, mut investors) = (Vec::new(), Vec::new(), Vec::new());
        for (kind, id) in records {
            match kind {
                RecordKind::Deal => deals.push(id),
                RecordKind::Partner => partners.push(id),
                RecordKind::Investor => investors.push(id),
            }
        }
        let parties =
            store_deals::party_names(conn, program_id, &deals, &partners, &investors).await?;
        Ok(RecordNames { parties })
    }

    /// The record of this kind and id, named, if the program has it.
    pub(crate) fn record(&self, kind: RecordKind, id: i64) -> Option<NamedRecord> {
        let names = match kind {
            RecordKind::Deal => &self.parties.deals,
            RecordKind::Partner => &self.parties.partners,
            RecordKind::Investor => &self.parties.investors,
        };
        names.get(&id).map(|name| NamedRecord {
            kind,
            id,
            name: name.clone(),
        })
    }

    /// The account's name in words and its owner; a code outside the chart is its own name.
    pub(crate) fn name(&self, code: &str) -> (String, Option<NamedRecord>) {
        let Some(family) = AccountFamily::of(code) else {
            return (code.to_owned(), None);
        };
        let (kind, id) = match family {
            AccountFamily::DealProfitReceivable { deal_id }
            | AccountFamily::DealProceedsReceivable { deal_id } => (RecordKind::Deal, deal_id),
            AccountFamily::PartnerPayable { partner_id } => (RecordKind::Partner, partner_id),
            AccountFamily::InvestorPayable { investor_id } => (RecordKind::Investor, investor_id),
            AccountFamily::PlatformFeeIncome
            | AccountFamily::Bank { .. }
            | AccountFamily::PayoutClearing
            | AccountFamily::GstPayable
            | AccountFamily::MemberWallet { .. }
            | AccountFamily::MemberCommissionPayable { .. }
            | AccountFamily::ProgramCommissionExpense
            | AccountFamily::AffiliatePayable { .. } => {
                return (account_words(family, ""), None);
            }
        };
        match self.record(kind, id) {
            Some(owner) => (account_words(family, &owner.name), Some(owner)),
            // An account booked without its holder in this program (opened by hand): named by
            // its id, with no link to a record that is not there.
            None => (
                account_words(family, &format!("{} {id}", kind.as_str())),
                None,
            ),
        }
    }
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Deal => "deal",
            RecordKind::Partner => "partner",
            RecordKind::Investor => "investor",
        }
    }
}

/// The record an audit record's object names (`deal:3`, `partner:1`, `investor:2`), if it is
/// a deal or a party.
pub(crate) fn record_of_object(object: &str) -> Option<(RecordKind, i64)> {
    let (kind, id) = object.split_once(':')?;
    let kind = match kind {
        "deal" => RecordKind::Deal,
        "partner" => RecordKind::Partner,
        "investor" => RecordKind::Investor,
        _ => return None,
    };
    Some((kind, id.parse().ok()?))
}
