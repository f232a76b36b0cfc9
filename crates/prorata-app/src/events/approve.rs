//! `prorata event approve`: a calculated event approved by an approver who neither drafted
//! nor calculated it; its entry is posted in the same transaction (Dr the deal's proceeds
//! receivable / Cr each holder's payable), keyed by the event's business id, in parts of at
//! most 9,999 holders (an entry's legs are bounded).

use prorata_domain::control::{UserName, check_maker_checker};
use prorata_domain::ledger::MAX_LEGS_PER_ENTRY;
use prorata_domain::ledger::Phase;
use prorata_domain::ledger::templates::{EventApproved, event_approved};
use prorata_domain::lp::{self, EventAction, UnitAllocation};
use prorata_domain::{Currency, Money};
use prorata_store::Store;
use prorata_store::events::{AllocationRecord, EventRecord, allocations_of, mark_approved};
use prorata_store::ledger::{
    MAX_POSTINGS_PER_BATCH, NewAccount, NewEntry, open_accounts, post_entries,
};
use serde_json::json;

use super::read::locked_event;
use crate::clock::Clock;
use crate::ledger::new_account;
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::Approved;
use crate::second_factor::{SecondFactor, verified};
use crate::session::Session;
use crate::{Error, stored};

const APPROVE: OperationSpec = OperationSpec {
    name: "event.approved",
    roles: lp::EVENT_APPROVERS,
    purpose: "approve distribution events",
};

/// Holders per part of the event's entry: one leg is the proceeds receivable's.
const HOLDERS_PER_PART: usize = MAX_LEGS_PER_ENTRY - 1;

/// Approves the event and posts its entry; a program that requires a second factor needs a
/// fresh code in `factor`.
pub async fn approve_event(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    factor: SecondFactor<'_>,
    idempotency_key: &str,
) -> Result<Approved, Error> {
    let mut op = Operation::begin(store, clock, session, APPROVE, idempotency_key).await?;
    if let Some(done) = op.claim(&json!({ "id": id })).await? {
        return Ok(done);
    }
    let event = locked_event(&mut op, id).await?;
    event.status.after(EventAction::Approve)?;
    let what = format!("event {id}");
    check_maker_checker(
        &UserName::parse(&event.created_by)?,
        &op.actor().user,
        &what,
    )?;
    if let Some(calculator) = &event.calculated_by {
        check_maker_checker(&UserName::parse(calculator)?, &op.actor().user, &what)?;
    }
    let allocations = allocations_of(op.tx(), id).await?;
    let entry_ids = post_parts(&mut op, &event, &allocations).await?;
    let now = clock.now();
    mark_approved(
        op.tx(),
        session.program.id,
        id,
        session.user(),
        now,
        &entry_ids,
    )
    .await?;
    let after = json!({ "status": "active", "journal_entry_ids": entry_ids });
    let change = Change::new(APPROVE.name, format!("event:{id}"), after)
        .from(json!({ "status": event.status.as_str() }));
    op.record(change).await?;
    // The code last, once the event is locked and this person may approve it: a code is not
    // spent on an approval refused anyway.
    let op = verified(op, factor).await?;
    op.finish(Approved { id }).await
}

/// Posts the event's entry in parts, as few ledger calls as the batch bounds allow; the
/// parts' entry ids in order.
async fn post_parts(
    op: &mut Operation<'_>,
    event: &EventRecord,
    allocations: &[AllocationRecord],
) -> Result<Vec<i64>, Error> {
    let currency = stored::currency(&event.currency)?;
    let paid: Vec<UnitAllocation> = allocations
        .iter()
        .filter(|a| a.amount_minor > 0)
        .map(|a| unit_allocation(a, currency))
        .collect::<Result<_, Error>>()?;
    let mut entry_ids = Vec::with_capacity(paid.len().div_ceil(HOLDERS_PER_PART));
    let parts_per_call = MAX_POSTINGS_PER_BATCH / MAX_LEGS_PER_ENTRY;
    for (call, chunk) in paid.chunks(HOLDERS_PER_PART * parts_per_call).enumerate() {
        let first_part = call * parts_per_call + 1;
        let (entries, accounts) = part_entries(op, event, chunk, currency, first_part)?;
        let (program_id, now) = (op.session().program.id, op.clock().now());
        open_accounts(op.tx(), program_id, &accounts, now).await?;
        let outcomes = post_entries(op.tx(), &entries, now).await?;
        entry_ids.extend(outcomes.iter().map(|o| o.entry_id()));
    }
    Ok(entry_ids)
}

/// The entries of the parts in `chunk`, numbered from `first_part`, and their accounts.
fn part_entries(
    op: &Operation<'_>,
    event: &EventRecord,
    chunk: &[UnitAllocation],
    currency: Currency,
    first_part: usize,
) -> Result<(Vec<NewEntry>, Vec<NewAccount>), Error> {
    let program_id = op.session().program.id;
    let mut entries = Vec::new();
    let mut accounts = Vec::with_capacity(chunk.len() + 1);
    for (n, part) in chunk.chunks(HOLDERS_PER_PART).enumerate() {
        let minor: i128 = part.iter().map(|a| a.amount.minor_units()).sum();
        let total =
            Money::from_minor_units(minor, currency).map_err(|e| Error::invalid("total", e))?;
        let template = event_approved(&EventApproved {
            deal_id: event.deal_id,
            total,
            allocations: part,
        })?;
        let number = first_part + n;
        accounts.extend(
            template
                .accounts
                .iter()
                .map(|a| new_account(program_id, a, currency)),
        );
        entries.push(NewEntry {
            program_id,
            idempotency_key: format!("event:{}:part:{number}", event.id),
            kind: template.kind.to_owned(),
            phase: Phase::Posted,
            effective_date: event.distribution_date,
            actor: op.session().user().to_owned(),
            description: format!(
                "LP event {} ({}), part {number}: {}",
                event.id, event.deal_name, event.title
            ),
            legs: template.legs,
        });
    }
    // The proceeds receivable is in every part: opened once.
    accounts.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    accounts.dedup_by(|a, b| a.code == b.code);
    Ok((entries, accounts))
}

fn unit_allocation(a: &AllocationRecord, currency: Currency) -> Result<UnitAllocation, Error> {
    Ok(UnitAllocation {
        investor_id: a.investor_id,
        units: stored::units(a.units)?,
        amount: stored::money(a.amount_minor, currency)?,
    })
}
