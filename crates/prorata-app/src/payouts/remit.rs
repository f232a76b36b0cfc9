//! `prorata remittance record`: cash a deal's partner or operator paid into one of the
//! organisation's bank accounts, booked Dr `bank:{id}` / Cr the deal's receivable, never more
//! than the receivable holds.

use chrono::NaiveDate;
use prorata_domain::control::Role;
use prorata_domain::ledger::Phase;
use prorata_domain::ledger::templates::{
    RemittanceReceived, remittance_received, remitted_receivable,
};
use prorata_domain::payout::RemittanceKind;
use prorata_domain::{Currency, Money};
use prorata_store::payouts::{
    NewRemittance as StoredRemittance, find_bank_account, insert_remittance,
    list_remittances as store_remittances,
};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use super::MAX_LIST_ROWS;
use super::views::RemittanceView;
use crate::clock::Clock;
use crate::deals::deal_by_ref;
use crate::input::{self, Notation};
use crate::ledger::{TemplateBooking, book_template, event_key};
use crate::operation::{Operation, OperationSpec};
use crate::responses::{Created, Items};
use crate::session::Session;
use crate::{Code, Error, stored};

const RECORD_REMITTANCE: OperationSpec = OperationSpec {
    name: "remittance.record",
    roles: &[Role::Officer],
    purpose: "record remittances",
};

/// A remittance as given.
#[derive(Debug, Clone, Copy)]
pub struct NewRemittance<'a> {
    /// The deal's id or name.
    pub deal: &'a str,
    /// The bank account's id or name.
    pub bank: &'a str,
    pub amount: &'a str,
    pub date: &'a str,
    /// `profit` (the default) or `proceeds`.
    pub of: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub notation: Notation,
}

/// What the receivable holds now (zero when nothing was ever booked to it).
async fn receivable_minor(
    conn: &mut PgConnection,
    program_id: i64,
    code: &str,
    currency: Currency,
) -> Result<i128, Error> {
    let Some(account) =
        prorata_store::ledger::find_account(&mut *conn, program_id, code, currency).await?
    else {
        return Ok(0);
    };
    let balance =
        prorata_store::ledger::account_balance(conn, program_id, code, Some(currency), None)
            .await?;
    Ok(balance.totals.balance_minor(account.normal_side))
}

fn refuse_beyond(holds: i128, amount: Money, code: &str) -> Result<(), Error> {
    if holds >= amount.minor_units() {
        return Ok(());
    }
    let holds = stored::wide_amount(holds, amount.currency())?;
    Err(Error::new(
        Code::Conflict,
        format!(
            "amount: {amount} is more than {code} holds ({holds}); a remittance settles what is receivable"
        ),
    ))
}

/// Records cash received for a deal and books it.
pub async fn record_remittance(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewRemittance<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op =
        Operation::begin(store, clock, session, RECORD_REMITTANCE, idempotency_key).await?;
    let (deal, bank, kind, amount, remitted_on, reference) = read_request(&mut op, new).await?;
    let request = json!({
        "deal_id": deal, "bank_id": bank, "of": kind.as_str(), "amount": amount.to_string(),
        "currency": amount.currency().code(), "date": remitted_on.to_string(), "reference": reference,
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let program_id = session.program.id;
    let receivable = remitted_receivable(deal, kind);
    let code = receivable.code.to_string();
    refuse_beyond(
        receivable_minor(op.tx(), program_id, &code, amount.currency()).await?,
        amount,
        &code,
    )?;
    let template = remittance_received(&RemittanceReceived {
        deal_id: deal,
        bank_id: bank,
        kind,
        amount,
    })?;
    let booking = TemplateBooking {
        program_id,
        template,
        currency: amount.currency(),
        phase: Phase::Posted,
        idempotency_key: event_key("remittance", idempotency_key),
        effective_date: remitted_on,
        actor: session.user(),
        description: format!("remittance of {} for deal {deal}", kind.as_str()),
    };
    let entry_id = book_template(op.tx(), booking, clock.now()).await?;
    // Booking locked the receivable's account until commit: read again under that lock, so a
    // concurrent remittance of the same receivable can never take it below zero.
    let left = receivable_minor(op.tx(), program_id, &code, amount.currency()).await?;
    if left < 0 {
        refuse_beyond(left + amount.minor_units(), amount, &code)?;
    }
    let stored = StoredRemittance {
        program_id,
        deal_id: deal,
        bank_id: bank,
        currency: amount.currency().code(),
        kind,
        amount_minor: stored::minor_units(amount)?,
        remitted_on,
        reference: reference.as_deref(),
        journal_entry_id: entry_id,
        recorded_by: session.user(),
        recorded_at: clock.now(),
    };
    let id = insert_remittance(op.tx(), &stored).await?;
    op.audit(
        format!("remittance:{id}"),
        json!({ "request": request, "journal_entry_id": entry_id }),
    )
    .await?;
    op.finish(Created { id }).await
}

type RemittanceRequest = (i64, i64, RemittanceKind, Money, NaiveDate, Option<String>);

/// The request read and checked: the deal, the bank (of the deal's currency), the kind, a
/// positive amount, the date and the reference.
async fn read_request(
    op: &mut Operation<'_>,
    new: NewRemittance<'_>,
) -> Result<RemittanceRequest, Error> {
    let session = op.session();
    let deal = deal_by_ref(op.tx(), session, new.deal).await?;
    let bank = find_bank_account(op.tx(), session.program.id, new.bank.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "bank",
                format!("no bank account is called or numbered {}", new.bank),
            )
        })?;
    if bank.currency != deal.currency {
        return Err(Error::invalid(
            "bank",
            format!(
                "bank account {} keeps {}, and deal {} is in {}: nothing converts",
                bank.name, bank.currency, deal.name, deal.currency
            ),
        ));
    }
    let currency = stored::currency(&deal.currency)?;
    let kind = match new.of.map(str::trim) {
        None | Some("") => RemittanceKind::Profit,
        Some(text) => RemittanceKind::parse(text)
            .map_err(|_| Error::invalid("of", format!("\"{text}\" is not profit or proceeds")))?,
    };
    let amount = input::amount(new.notation, "amount", new.amount, currency)?;
    if amount.is_zero() {
        return Err(Error::invalid(
            "amount",
            "a remittance must be more than zero",
        ));
    }
    let remitted_on = input::date("date", new.date)?;
    let reference = input::note("reference", new.reference)?;
    if reference.as_ref().is_some_and(|r| r.chars().count() > 140) {
        return Err(Error::invalid("reference", "at most 140 characters"));
    }
    Ok((deal.id, bank.id, kind, amount, remitted_on, reference))
}

/// The program's remittances, of one deal or all, newest first.
pub async fn list_remittances(
    store: &Store,
    session: &Session,
    deal: Option<&str>,
) -> Result<Items<RemittanceView>, Error> {
    let mut conn = store.acquire().await?;
    let deal_id = match deal {
        Some(deal) => Some(deal_by_ref(&mut conn, session, deal).await?.id),
        None => None,
    };
    let rows = store_remittances(&mut conn, session.program.id, deal_id, MAX_LIST_ROWS).await?;
    Ok(Items {
        items: rows
            .into_iter()
            .map(RemittanceView::of)
            .collect::<Result<_, _>>()?,
    })
}
