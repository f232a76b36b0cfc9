//! What the payout operations return: amounts as decimal strings at their currency's scale,
//! dates as `YYYY-MM-DD`, account numbers masked (`•••• 1234`); the JSON shapes of DESIGN §10.

use chrono::{DateTime, Utc};
use prorata_domain::control::Actor;
use prorata_domain::ledger::BalanceTotals;
use prorata_domain::ledger::Side;
use prorata_domain::payout::{
    RemittanceKind, WithdrawalFacts, WithdrawalPermits, WithdrawalStatus, masked_last_four,
    withdrawal_permits,
};
use prorata_store::payouts::{BankAccountRecord, RemittanceRecord, WithdrawalRecord};
use serde::Serialize;

use crate::ledger::NamedRecord;
use crate::{Error, stored};

/// An organisation bank account; its number masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BankAccountView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    pub currency: String,
    /// `•••• 1234`: the number is sealed.
    pub account_number: String,
    /// Whether the number is an IBAN (else a domestic number).
    pub iban: bool,
    pub bic: Option<String>,
    pub bank_name: Option<String>,
    /// Its ledger account, `bank:{id}`.
    pub ledger_account: String,
}

/// A moment as the audit log writes it: UTC to the microsecond.
pub(crate) fn time_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

impl BankAccountView {
    pub(crate) fn of(b: BankAccountRecord) -> BankAccountView {
        BankAccountView {
            ledger_account: prorata_domain::ledger::chart::bank(b.id).code.to_string(),
            id: b.id,
            name: b.name,
            currency: b.currency,
            account_number: masked_last_four(&b.account_number_last4),
            iban: b.is_iban,
            bic: b.bic,
            bank_name: b.bank_name,
        }
    }
}

/// Cash a deal's partner or operator paid in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RemittanceView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub deal: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub bank_id: i64,
    pub bank: String,
    pub currency: String,
    pub kind: RemittanceKind,
    pub amount: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub reference: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub journal_entry_id: i64,
    pub recorded_by: String,
}

impl RemittanceView {
    pub(crate) fn of(r: RemittanceRecord) -> Result<RemittanceView, Error> {
        let currency = stored::currency(&r.currency)?;
        Ok(RemittanceView {
            amount: stored::amount(r.amount_minor, currency)?,
            id: r.id,
            deal_id: r.deal_id,
            deal: r.deal_name,
            bank_id: r.bank_id,
            bank: r.bank_name,
            currency: r.currency,
            kind: r.kind,
            date: r.remitted_on.to_string(),
            reference: r.reference,
            journal_entry_id: r.journal_entry_id,
            recorded_by: r.recorded_by,
        })
    }
}

/// A withdrawal request, as the review queue shows it: masked details and, beside it, what
/// its payee's payable holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WithdrawalView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub status: WithdrawalStatus,
    /// The payable drawn on, e.g. `investor:3:payable`.
    pub payee: String,
    /// Whose payable it is, named, with a link to the investor or partner.
    pub payee_name: String,
    pub payee_record: Option<NamedRecord>,
    pub currency: String,
    pub amount: String,
    /// `•••• 1234`: the payee's account number is sealed.
    pub bank_account: String,
    pub bank_name: String,
    pub iban: bool,
    /// The LP allocation it draws on (none yet: LP events come later).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub allocation_id: Option<i64>,
    /// The payable's posted balance, what holds reserve of it, and what is left.
    pub payee_balance: String,
    pub payee_pending: String,
    pub payee_available: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub hold_entry_id: i64,
    pub requested_by: String,
    pub requested_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub reject_reason: Option<String>,
    pub cancelled_by: Option<String>,
    pub cancelled_at: Option<String>,
    /// What the signed-in user may do with it, and why not.
    pub permits: WithdrawalPermits,
}

impl WithdrawalView {
    pub(crate) fn of(
        actor: &Actor,
        w: WithdrawalRecord,
        payee: (String, Option<NamedRecord>),
        totals: BalanceTotals,
    ) -> Result<WithdrawalView, Error> {
        let currency = stored::currency(&w.currency)?;
        // A payable is a liability: its normal side is the credit.
        let money = |minor: i128| stored::wide_amount(minor, currency);
        let permits = withdrawal_permits(
            actor,
            WithdrawalFacts {
                status: w.status,
                requested_by: &w.requested_by,
            },
        );
        Ok(WithdrawalView {
            amount: stored::amount(w.amount_minor, currency)?,
            payee_balance: money(totals.balance_minor(Side::Credit))?,
            payee_pending: money(totals.pending_minor(Side::Credit))?,
            payee_available: money(totals.available_minor(Side::Credit))?,
            id: w.id,
            status: w.status,
            payee: w.payee_code,
            payee_name: payee.0,
            payee_record: payee.1,
            currency: w.currency,
            bank_account: masked_last_four(&w.account_number_last4),
            bank_name: w.bank_name,
            iban: w.is_iban,
            allocation_id: w.allocation_id,
            hold_entry_id: w.hold_entry_id,
            requested_by: w.requested_by,
            requested_at: time_text(w.requested_at),
            decided_by: w.decided_by,
            decided_at: w.decided_at.map(time_text),
            reject_reason: w.reject_reason,
            cancelled_by: w.cancelled_by,
            cancelled_at: w.cancelled_at.map(time_text),
            permits,
        })
    }
}
