//! `prorata sale record --affiliate CODE --amount X [--reference R]`: a sale an affiliate
//! brought, recorded with its commissions in one database transaction under its key: the
//! direct rate in effect today to the affiliate, the override rate to its parent, one entry
//! (Dr `program:commission_expense` / Cr each `affiliate:{id}:payable`). Only an active
//! program takes a sale.

use prorata_domain::affiliate::{AffiliateRates, SaleCommissions, sale_commissions};
use prorata_domain::control::Role;
use prorata_domain::ledger::Phase;
use prorata_domain::ledger::templates::{AffiliateSaleRecorded, affiliate_sale_recorded};
use prorata_store::Store;
use prorata_store::affiliates::{
    AffiliateRecord, NewAffiliateSale, insert_affiliate_sale, rates_on, sale_of_entry,
};
use prorata_store::ledger::EntryOutcome;
use serde_json::json;

use super::roster::affiliate_by_ref;
use super::status::refuse_unless_active;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::ledger::{TemplateBooking, book_templates, event_key};
use crate::operation::{Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, stored};

const RECORD: OperationSpec = OperationSpec {
    name: "affiliate_sale.recorded",
    roles: &[Role::Officer, Role::Admin],
    purpose: "record affiliates' sales",
};

/// A sale as given.
#[derive(Debug, Clone, Copy)]
pub struct NewSale<'a> {
    /// The referring affiliate's referral code (or id, or name).
    pub affiliate: &'a str,
    pub amount: &'a str,
    pub reference: Option<&'a str>,
    pub notation: Notation,
}

pub async fn record_sale(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewSale<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, RECORD, idempotency_key).await?;
    let program_id = session.program.id;
    let affiliate = affiliate_by_ref(op.tx(), program_id, "affiliate", new.affiliate).await?;
    let currency = stored::currency(&affiliate.currency)?;
    let amount = input::amount(new.notation, "amount", new.amount, currency)?;
    let reference = input::note("reference", new.reference)?;
    if reference.as_ref().is_some_and(|r| r.chars().count() > 200) {
        return Err(Error::invalid("reference", "at most 200 characters"));
    }
    let request = json!({ "affiliate_id": affiliate.id, "amount": amount.to_string(),
                          "currency": currency.code(), "reference": reference });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    refuse_unless_active(op.tx(), program_id).await?;
    let today = clock.now().date_naive();
    let version = rates_on(op.tx(), program_id, today).await?.ok_or_else(|| {
        Error::new(
            Code::Conflict,
            format!("rates: no affiliate rates are in effect on {today}: an admin sets them with `affiliate rates`"),
        )
    })?;
    let rates = AffiliateRates::new(
        stored::rate(version.direct_rate)?,
        stored::rate(version.override_rate)?,
    )?;
    let earned = sale_commissions(amount, rates, affiliate.parent_id.is_some())?;
    if earned.total().is_zero() {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "amount: {amount} at the rates in effect ({} direct) earns no commission: nothing to record",
                rates.direct
            ),
        ));
    }
    let entry = book(&mut op, clock, &affiliate, earned, idempotency_key).await?;
    if let EntryOutcome::Replayed(entry_id) = entry
        && let Some(id) = sale_of_entry(op.tx(), program_id, entry_id).await?
    {
        return op.finish(Created { id }).await;
    }
    let sale = NewAffiliateSale {
        program_id,
        affiliate_id: affiliate.id,
        currency: currency.code(),
        amount_minor: stored::minor_units(amount)?,
        sold_on: today,
        reference: reference.as_deref(),
        rates_id: version.id,
        direct_rate: version.direct_rate,
        override_rate: version.override_rate,
        direct_minor: stored::minor_units(earned.direct)?,
        override_affiliate_id: affiliate.parent_id,
        override_minor: stored::minor_units(earned.over)?,
        entry_id: entry.entry_id(),
        recorded_by: session.user(),
        recorded_at: clock.now(),
    };
    let id = insert_affiliate_sale(op.tx(), &sale).await?;
    op.audit(
        format!("affiliate_sale:{id}"),
        json!({ "request": request, "direct": earned.direct.to_string(),
                "override": earned.over.to_string(), "override_affiliate_id": affiliate.parent_id }),
    )
    .await?;
    op.finish(Created { id }).await
}

async fn book(
    op: &mut Operation<'_>,
    clock: &dyn Clock,
    affiliate: &AffiliateRecord,
    earned: SaleCommissions,
    idempotency_key: &str,
) -> Result<EntryOutcome, Error> {
    let session = op.session();
    let template = affiliate_sale_recorded(&AffiliateSaleRecorded {
        affiliate_id: affiliate.id,
        parent_id: affiliate.parent_id,
        commissions: earned,
    })?;
    let booking = TemplateBooking {
        program_id: session.program.id,
        template,
        currency: earned.direct.currency(),
        phase: Phase::Posted,
        idempotency_key: event_key("affiliate-sale", idempotency_key),
        effective_date: clock.now().date_naive(),
        actor: session.user(),
        description: format!("sale brought by {}", affiliate.name),
    };
    let [outcome] = book_templates(op.tx(), vec![booking], clock.now())
        .await?
        .try_into()
        .expect("one entry booked");
    Ok(outcome)
}
