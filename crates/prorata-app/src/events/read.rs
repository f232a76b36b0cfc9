//! `prorata event show | list | allocations`: an event with its snapshot and allocations, the
//! program's events, and allocations across events (one investor's or all).

use prorata_domain::Currency;
use prorata_domain::lp::{EventFacts, event_permits};
use prorata_statements::text::percent_of;
use prorata_store::Store;
use prorata_store::deals::find_investor;
use prorata_store::events::{
    AllocationRecord, EventRecord, allocations_of, allocations_of_investor, event_by_id,
    event_entries, list_events as stored_events, lock_event,
};

use super::views::{AllocationView, DealEventsView, EventSummaryView, EventTotalsView, EventView};
use crate::deals::deal_by_ref;
use crate::operation::Operation;
use crate::responses::Items;
use crate::session::Session;
use crate::{Code, Error, stored};

/// The most events or allocations one list returns.
const LIST_LIMIT: i64 = 100_000;

/// The program's event `id`, locked for the operation.
pub(crate) async fn locked_event(op: &mut Operation<'_>, id: i64) -> Result<EventRecord, Error> {
    let program_id = op.session().program.id;
    lock_event(op.tx(), program_id, id)
        .await?
        .ok_or_else(|| Error::invalid("event", format!("no event is numbered {id}")))
}

pub async fn show_event(store: &Store, session: &Session, id: i64) -> Result<EventView, Error> {
    let mut conn = store.acquire().await?;
    let event = event_by_id(&mut conn, session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("event", format!("no event is numbered {id}")))?;
    let allocations = allocations_of(&mut conn, id).await?;
    let entries = event_entries(&mut conn, id).await?;
    event_view(session, event, &allocations, entries)
}

pub async fn list_events(
    store: &Store,
    session: &Session,
    deal: Option<&str>,
) -> Result<Items<EventSummaryView>, Error> {
    let mut conn = store.acquire().await?;
    let deal_id = match deal {
        Some(deal) => Some(deal_by_ref(&mut conn, session, deal).await?.id),
        None => None,
    };
    let events = stored_events(&mut conn, session.program.id, deal_id, LIST_LIMIT).await?;
    let items = events
        .into_iter()
        .map(|e| summary_view(&e))
        .collect::<Result<_, Error>>()?;
    Ok(Items { items })
}

/// A deal's events, and whether the signed-in user may draft another: the deal page's panel.
pub async fn deal_events(
    store: &Store,
    session: &Session,
    deal: &str,
) -> Result<DealEventsView, Error> {
    let items = list_events(store, session, Some(deal)).await?.items;
    let draft = prorata_domain::lp::draft_permit(&session.actor);
    Ok(DealEventsView { items, draft })
}

/// Allocations across events: one investor's (by name or id), or everyone's.
pub async fn list_allocations(
    store: &Store,
    session: &Session,
    investor: Option<&str>,
) -> Result<Items<AllocationView>, Error> {
    let mut conn = store.acquire().await?;
    let investor_id = match investor {
        Some(key) => Some(
            find_investor(&mut conn, session.program.id, key.trim())
                .await?
                .ok_or_else(|| {
                    Error::invalid(
                        "investor",
                        format!("no investor is called or numbered {key}"),
                    )
                })?
                .id,
        ),
        None => None,
    };
    let rows =
        allocations_of_investor(&mut conn, session.program.id, investor_id, LIST_LIMIT).await?;
    let items = rows
        .iter()
        .map(allocation_view)
        .collect::<Result<_, Error>>()?;
    Ok(Items { items })
}

fn summary_view(e: &EventRecord) -> Result<EventSummaryView, Error> {
    let currency = stored::currency(&e.currency)?;
    Ok(EventSummaryView {
        id: e.id,
        status: e.status,
        kind: e.kind,
        title: e.title.clone(),
        deal_id: e.deal_id,
        deal: e.deal_name.clone(),
        currency: e.currency.clone(),
        total: stored::amount(e.total_minor, currency)?,
        distribution_date: e.distribution_date.to_string(),
        snapshot_date: e.snapshot_date.map(|d| d.to_string()),
        totals: totals_of(e, currency)?,
    })
}

pub(crate) fn allocation_view(a: &AllocationRecord) -> Result<AllocationView, Error> {
    let currency = stored::currency(&a.currency)?;
    let units = stored::units(a.units)?;
    let total_units = a
        .total_units
        .map(stored::units)
        .transpose()?
        .ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("allocation {} has no snapshot", a.id),
            )
        })?;
    Ok(AllocationView {
        id: a.id,
        event_id: a.event_id,
        event_title: a.event_title.clone(),
        event_status: a.event_status,
        deal_id: a.deal_id,
        deal: a.deal_name.clone(),
        investor_id: a.investor_id,
        investor: a.investor_name.clone(),
        currency: a.currency.clone(),
        units: units.to_string(),
        ownership: percent_of(units.minor_units(), total_units.minor_units(), 7),
        amount: stored::amount(a.amount_minor, currency)?,
        withdrawn: stored::amount(a.withdrawn_minor, currency)?,
        pending: stored::amount(a.pending_minor, currency)?,
        available: stored::amount(a.available_minor, currency)?,
        status: a.status,
    })
}

/// The event's payment position: allocated = withdrawn + pending + available.
fn totals_of(e: &EventRecord, currency: Currency) -> Result<EventTotalsView, Error> {
    Ok(EventTotalsView {
        allocated: stored::amount(e.allocated_minor, currency)?,
        withdrawn: stored::amount(e.withdrawn_minor, currency)?,
        pending: stored::amount(e.pending_minor, currency)?,
        available: stored::amount(e.available_minor, currency)?,
    })
}

fn event_view(
    session: &Session,
    e: EventRecord,
    allocations: &[AllocationRecord],
    journal_entry_ids: Vec<i64>,
) -> Result<EventView, Error> {
    let currency = stored::currency(&e.currency)?;
    let facts = EventFacts {
        status: e.status,
        created_by: &e.created_by,
        calculated_by: e.calculated_by.as_deref(),
        drawn_on: e.drawn_on(),
    };
    let permits = event_permits(&session.actor, facts);
    let units = e.total_units.map(stored::units).transpose()?;
    let totals = totals_of(&e, currency)?;
    Ok(EventView {
        id: e.id,
        status: e.status,
        kind: e.kind,
        title: e.title,
        description: e.description,
        deal_id: e.deal_id,
        deal: e.deal_name,
        currency: e.currency,
        total: stored::amount(e.total_minor, currency)?,
        distribution_date: e.distribution_date.to_string(),
        snapshot_date: e.snapshot_date.map(|d| d.to_string()),
        total_units: units.map(|u| u.to_string()),
        amount_per_unit: e.amount_per_unit.map(|d| d.to_string()),
        created_by: e.created_by,
        calculated_by: e.calculated_by,
        approved_by: e.approved_by,
        journal_entry_ids,
        completed_by: e.completed_by,
        cancelled_by: e.cancelled_by,
        cancel_reason: e.cancel_reason,
        totals,
        allocations: allocations
            .iter()
            .map(allocation_view)
            .collect::<Result<_, Error>>()?,
        permits,
    })
}
