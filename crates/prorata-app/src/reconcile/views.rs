//! What reconciliation returns for a person: resolutions with what the actor may do with
//! them, and what is open on an account. Amounts at their currency's scale.

use prorata_domain::control::{Actor, Permit};
use prorata_domain::reconciliation::{ResolutionStatus, review_permit};
use prorata_store::reconcile::{
    LineStanding, OpenItemRecord, OpenRemittanceRecord, ResolutionRecord,
};
use serde::{Deserialize, Serialize};

use crate::payouts::time_text;
use crate::{Error, stored};

/// A line resolved by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResolutionView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub line_id: i64,
    /// The payout item it matches the line to, if any.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub item_id: Option<i64>,
    /// The remittance it matches the line to, if any.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub remittance_id: Option<i64>,
    /// Neither: the line set aside.
    pub ignored: bool,
    pub amount: String,
    pub currency: String,
    pub reason: String,
    pub status: ResolutionStatus,
    pub resolved_by: String,
    pub resolved_at: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_note: Option<String>,
    /// Whether the signed-in user may review it now.
    pub review: Permit,
}

impl ResolutionView {
    pub(crate) fn of(r: ResolutionRecord, actor: &Actor) -> Result<ResolutionView, Error> {
        let currency = stored::currency(&r.currency)?;
        Ok(ResolutionView {
            id: r.id,
            line_id: r.bank_line_id,
            item_id: r.payout_item_id,
            remittance_id: r.remittance_id,
            ignored: r.payout_item_id.is_none() && r.remittance_id.is_none(),
            amount: stored::amount(r.amount_minor, currency)?,
            currency: r.currency,
            review: review_permit(actor, r.status, &r.resolved_by),
            reason: r.reason,
            status: r.status,
            resolved_by: r.resolved_by,
            resolved_at: time_text(r.resolved_at),
            reviewed_by: r.reviewed_by,
            reviewed_at: r.reviewed_at.map(time_text),
            review_note: r.review_note,
        })
    }
}

/// A booked line that nothing settles yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenLineView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub booked_on: Option<String>,
    pub amount: String,
    /// `debit`, `credit`, `return` or `reversal`.
    pub kind: String,
    pub bank_reference: Option<String>,
    pub end_to_end_id: Option<String>,
    pub return_reason: Option<String>,
    pub remittance: Option<String>,
}

impl OpenLineView {
    pub(crate) fn of(l: LineStanding) -> Result<OpenLineView, Error> {
        let currency = stored::currency(&l.currency)?;
        let kind = match (l.return_reason.is_some(), l.reversal, l.credit) {
            (true, _, _) => "return",
            (false, true, _) => "reversal",
            (false, false, true) => "credit",
            (false, false, false) => "debit",
        };
        Ok(OpenLineView {
            id: l.id,
            booked_on: l.booked_on.map(|d| d.to_string()),
            amount: stored::amount(l.amount_minor, currency)?,
            kind: kind.to_owned(),
            bank_reference: l.bank_reference,
            end_to_end_id: l.end_to_end_id,
            return_reason: l.return_reason,
            remittance: l.remittance,
        })
    }
}

/// A payout item sent from the account that no line confirmed yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenItemView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub batch_id: i64,
    pub reference: String,
    pub amount: String,
    pub sent_at: Option<String>,
}

impl OpenItemView {
    pub(crate) fn of(i: OpenItemRecord, currency: &str) -> Result<OpenItemView, Error> {
        Ok(OpenItemView {
            id: i.id,
            batch_id: i.batch_id,
            reference: i.reference,
            amount: stored::amount(i.amount_minor, stored::currency(currency)?)?,
            sent_at: i.sent_at.map(time_text),
        })
    }
}

/// A remittance recorded into the account that no credit settled yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenRemittanceView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub deal_id: i64,
    pub amount: String,
    pub remitted_on: String,
    pub reference: Option<String>,
}

impl OpenRemittanceView {
    pub(crate) fn of(r: OpenRemittanceRecord, currency: &str) -> Result<OpenRemittanceView, Error> {
        Ok(OpenRemittanceView {
            id: r.id,
            deal_id: r.deal_id,
            amount: stored::amount(r.amount_minor, stored::currency(currency)?)?,
            remitted_on: r.remitted_on.to_string(),
            reference: r.reference,
        })
    }
}

/// What is open on an account, for a person: lines, items and remittances nothing settles,
/// and the resolutions waiting for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenOnAccount {
    pub bank: String,
    pub currency: String,
    /// The amount above which a resolution waits for review; none: every one waits.
    pub review_above: Option<String>,
    pub lines: Vec<OpenLineView>,
    pub items: Vec<OpenItemView>,
    pub remittances: Vec<OpenRemittanceView>,
    pub pending_resolutions: Vec<ResolutionView>,
}
