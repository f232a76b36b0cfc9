//! `prorata event create`: an event drafted by an officer on one of the program's deals, in
//! the deal's currency.

use prorata_domain::lp::{self, EventKind};
use prorata_store::Store;
use prorata_store::events::{NewEvent as StoredEvent, insert_event};
use serde_json::json;

use crate::clock::Clock;
use crate::deals::deal_by_ref;
use crate::input::{self, Notation};
use crate::operation::{Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Error, stored};

const CREATE: OperationSpec = OperationSpec {
    name: "event.created",
    roles: lp::EVENT_KEEPERS,
    purpose: "draft distribution events",
};

/// An event as given.
#[derive(Debug, Clone, Copy)]
pub struct NewEvent<'a> {
    pub deal: &'a str,
    /// `revenue`, `exit`, `dividend` or `other`.
    pub kind: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub amount: &'a str,
    pub date: &'a str,
    pub notation: Notation,
}

pub async fn create_event(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewEvent<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, CREATE, idempotency_key).await?;
    let kind = EventKind::parse(new.kind.trim()).map_err(|_| {
        Error::invalid(
            "type",
            format!(
                "\"{}\" is not an event type: revenue, exit, dividend or other",
                new.kind
            ),
        )
    })?;
    let title = input::name("title", new.title)?;
    let description = input::note("description", new.description)?;
    let date = input::date("date", new.date)?;
    let deal = deal_by_ref(op.tx(), session, new.deal).await?;
    let currency = stored::currency(&deal.currency)?;
    let total = input::amount(new.notation, "amount", new.amount, currency)?;
    if total.is_zero() {
        return Err(Error::invalid("amount", "an event shares more than zero"));
    }
    let request = json!({
        "deal_id": deal.id, "type": kind.as_str(), "title": title, "description": description,
        "total": total.to_string(), "currency": currency.code(), "distribution_date": date.to_string(),
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let stored_event = StoredEvent {
        program_id: session.program.id,
        deal_id: deal.id,
        kind,
        title: &title,
        description: description.as_deref(),
        currency: currency.code(),
        total_minor: stored::minor_units(total)?,
        distribution_date: date,
        created_by: session.user(),
        created_at: clock.now(),
    };
    let id = insert_event(op.tx(), &stored_event).await?;
    let after = json!({ "status": "draft", "event": request });
    op.audit(format!("event:{id}"), after).await?;
    op.finish(Created { id }).await
}
