//! What the batch operations return: the JSON shape of DESIGN §10 (`batch show`), with
//! what the signed-in user may do with the batch and each of its items.

use prorata_domain::control::Actor;
use prorata_domain::control::Permit;
use prorata_domain::payout::{
    BatchFacts, BatchPermits, BatchStatus, PayoutItemStatus, batch_permits, confirm_permit,
    masked_last_four,
};
use prorata_store::payouts::{BatchRecord, ItemRecord};
use serde::Serialize;

use super::execute::IssuedFile;
use super::views::time_text;
use crate::{Error, stored};

/// A payout item: one withdrawal in the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PayoutItemView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub withdrawal_id: i64,
    pub amount: String,
    pub status: PayoutItemStatus,
    /// The `EndToEndId` the bank carries back.
    pub reference: String,
    pub bank_reference: Option<String>,
    pub failure_reason: Option<String>,
    pub confirm: Permit,
}

/// A payout batch: its items, its total, the files it issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BatchView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub status: BatchStatus,
    pub currency: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub bank_id: i64,
    pub bank: String,
    /// The debtor account, masked: `•••• 1234`.
    pub bank_account: String,
    pub total: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub count: i64,
    pub created_by: String,
    pub created_at: String,
    pub approved_by: Option<String>,
    pub rejected_by: Option<String>,
    pub reject_reason: Option<String>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub executed_by: Option<String>,
    pub executed_at: Option<String>,
    /// Empty in a list of batches; every live and released item in `batch show`.
    pub items: Vec<PayoutItemView>,
    pub files: Vec<IssuedFile>,
    pub permits: BatchPermits,
}

pub(crate) fn item_view(actor: &Actor, item: ItemRecord) -> Result<PayoutItemView, Error> {
    let currency = stored::currency(&item.currency)?;
    Ok(PayoutItemView {
        amount: stored::amount(item.amount_minor, currency)?,
        confirm: confirm_permit(actor, item.status),
        id: item.id,
        withdrawal_id: item.withdrawal_id,
        status: item.status,
        reference: item.reference,
        bank_reference: item.bank_reference,
        failure_reason: item.failure_reason,
    })
}

/// A batch's view from its record, its live items' count and sum, its items and files.
pub(crate) fn batch_view(
    actor: &Actor,
    b: BatchRecord,
    (count, total_minor): (i64, i64),
    items: Vec<PayoutItemView>,
    files: Vec<IssuedFile>,
) -> Result<BatchView, Error> {
    let currency = stored::currency(&b.currency)?;
    let permits = batch_permits(
        actor,
        BatchFacts {
            status: b.status,
            created_by: &b.created_by,
            items: usize::try_from(count).unwrap_or(0),
        },
    );
    Ok(BatchView {
        total: stored::amount(total_minor, currency)?,
        id: b.id,
        status: b.status,
        currency: b.currency,
        bank_id: b.bank_id,
        bank: b.bank_name,
        bank_account: masked_last_four(&b.bank_account_last4),
        count,
        created_by: b.created_by,
        created_at: time_text(b.created_at),
        approved_by: b.approved_by,
        rejected_by: b.rejected_by,
        reject_reason: b.reject_reason,
        cancelled_by: b.cancelled_by,
        cancel_reason: b.cancel_reason,
        executed_by: b.executed_by,
        executed_at: b.executed_at.map(time_text),
        items,
        files,
        permits,
    })
}
