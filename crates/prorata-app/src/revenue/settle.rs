//! `prorata revenue settle`: a payment gateway pays into a bank account what it collected for
//! the program up to a day, less its fees. Every unsettled transaction of that gateway in the
//! bank account's currency, on or before the day, is settled at once (locked, so two
//! settlements never take the same one); the amount must be exactly their gross less the
//! gateway's fees and their GST, or nothing is booked and the difference is named.

use chrono::NaiveDate;
use prorata_domain::Money;
use prorata_domain::ledger::Phase;
use prorata_domain::ledger::templates::{GatewaySettled, gateway_settled};
use prorata_domain::revenue_split::{GatewayName, REVENUE_RECORDERS};
use prorata_store::Store;
use prorata_store::payouts::find_bank_account;
use prorata_store::revenue::{
    NewSettlement as StoredSettlement, insert_settlement, lock_unsettled,
};
use serde_json::json;

use super::views::SettlementView;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::ledger::{TemplateBooking, book_template, event_key};
use crate::operation::{Operation, OperationSpec};
use crate::session::Session;
use crate::{Code, Error, stored};

const SETTLE: OperationSpec = OperationSpec {
    name: "revenue.settled",
    roles: REVENUE_RECORDERS,
    purpose: "record gateway settlements",
};

/// A settlement as given.
#[derive(Debug, Clone, Copy)]
pub struct NewSettlement<'a> {
    pub gateway: &'a str,
    /// The bank account's id or name.
    pub bank: &'a str,
    pub amount: &'a str,
    pub date: &'a str,
    pub reference: Option<&'a str>,
    pub notation: Notation,
}

/// What the settlement books, once checked.
struct Cleared {
    ids: Vec<i64>,
    gross: Money,
    fees: Money,
}

pub async fn settle_gateway(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewSettlement<'_>,
    idempotency_key: &str,
) -> Result<SettlementView, Error> {
    let mut op = Operation::begin(store, clock, session, SETTLE, idempotency_key).await?;
    let gateway =
        GatewayName::parse(new.gateway.trim()).map_err(|e| Error::invalid("gateway", e))?;
    let date = input::date("date", new.date)?;
    let reference = input::note("reference", new.reference)?;
    let program_id = session.program.id;
    let bank = find_bank_account(op.tx(), program_id, new.bank.trim())
        .await?
        .ok_or_else(|| Error::invalid("bank", format!("no bank account is named {}", new.bank)))?;
    let currency = stored::currency(&bank.currency)?;
    let amount = input::amount(new.notation, "amount", new.amount, currency)?;
    let request = json!({
        "gateway": gateway.as_str(), "bank_id": bank.id, "amount": amount.to_string(),
        "currency": currency.code(), "date": date.to_string(), "reference": reference,
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let cleared = cleared_by(&mut op, &gateway, amount, date).await?;
    let template = gateway_settled(&GatewaySettled {
        gateway: &gateway,
        bank_id: bank.id,
        gross: cleared.gross,
        fees: cleared.fees,
        amount,
    })?;
    let booking = TemplateBooking {
        program_id,
        template,
        currency,
        phase: Phase::Posted,
        idempotency_key: event_key("gateway_settlement", idempotency_key),
        effective_date: date,
        actor: session.user(),
        description: format!("{gateway} settled into {}", bank.name),
    };
    let entry_id = book_template(op.tx(), booking, clock.now()).await?;
    let stored_settlement = StoredSettlement {
        program_id,
        gateway: gateway.as_str(),
        bank_id: bank.id,
        currency: currency.code(),
        settled_on: date,
        reference: reference.as_deref(),
        gross_minor: stored::minor_units(cleared.gross)?,
        fees_minor: stored::minor_units(cleared.fees)?,
        amount_minor: stored::minor_units(amount)?,
        entry_id,
        settled_by: session.user(),
        settled_at: clock.now(),
    };
    let id = insert_settlement(op.tx(), &stored_settlement, &cleared.ids).await?;
    op.audit(
        format!("gateway_settlement:{id}"),
        json!({ "request": request, "transactions": cleared.ids, "journal_entry_id": entry_id }),
    )
    .await?;
    op.finish(SettlementView {
        id,
        transactions: cleared.ids,
        gross: cleared.gross.to_string(),
        fees: cleared.fees.to_string(),
        amount: amount.to_string(),
        currency: currency.code().to_owned(),
    })
    .await
}

/// The gateway's unsettled transactions up to the day, locked; refused unless the amount is
/// exactly their gross less the gateway's fees.
async fn cleared_by(
    op: &mut Operation<'_>,
    gateway: &GatewayName,
    amount: Money,
    date: NaiveDate,
) -> Result<Cleared, Error> {
    let currency = amount.currency();
    let program_id = op.session().program.id;
    let (ids, gross, fees) =
        lock_unsettled(op.tx(), program_id, gateway.as_str(), currency.code(), date).await?;
    if ids.is_empty() {
        return Err(Error::new(
            Code::Conflict,
            format!("gateway: {gateway} has nothing unsettled in {currency} on or before {date}"),
        ));
    }
    let (gross, fees) = (
        stored::money(gross, currency)?,
        stored::money(fees, currency)?,
    );
    let expected = stored::wide_money(gross.minor_units() - fees.minor_units(), currency)?;
    if amount != expected {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "amount: {gateway} owes {expected} {currency} for {} transaction(s) up to {date} ({gross} gross less {fees} of its fees), not {amount}",
                ids.len()
            ),
        ));
    }
    Ok(Cleared { ids, gross, fees })
}
