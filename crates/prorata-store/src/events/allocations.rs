//! An event's allocations: written once, when the event is calculated, in one statement;
//! afterwards moved only by PostgreSQL's trigger as withdrawals draw on them.

use prorata_domain::lp::{AllocationPosition, AllocationStatus, EventStatus};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{EventStoreError, Tx};
use crate::states::Stored;

/// A holder's allocation as calculated.
#[derive(Debug, Clone, Copy)]
pub struct NewAllocation {
    pub investor_id: i64,
    pub units: Decimal,
    pub amount_minor: i64,
}

/// An allocation as stored, with its event and holder in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationRecord {
    pub id: i64,
    pub event_id: i64,
    pub event_title: String,
    pub event_status: EventStatus,
    pub deal_id: i64,
    pub deal_name: String,
    pub currency: String,
    pub total_units: Option<Decimal>,
    pub investor_id: i64,
    pub investor_name: String,
    pub units: Decimal,
    pub amount_minor: i64,
    pub withdrawn_minor: i64,
    pub pending_minor: i64,
    pub available_minor: i64,
    pub status: AllocationStatus,
}

impl AllocationRecord {
    pub fn position(&self) -> AllocationPosition {
        AllocationPosition {
            amount_minor: self.amount_minor,
            withdrawn_minor: self.withdrawn_minor,
            pending_minor: self.pending_minor,
            available_minor: self.available_minor,
        }
    }
}

/// Writes the event's allocations, all of each available, in one statement.
pub async fn insert_allocations(
    tx: &mut Tx<'_>,
    program_id: i64,
    event_id: i64,
    allocations: &[NewAllocation],
) -> Result<(), EventStoreError> {
    let investors: Vec<i64> = allocations.iter().map(|a| a.investor_id).collect();
    let units: Vec<Decimal> = allocations.iter().map(|a| a.units).collect();
    let amounts: Vec<i64> = allocations.iter().map(|a| a.amount_minor).collect();
    sqlx::query!(
        "INSERT INTO lp_allocations (program_id, event_id, investor_id, units, amount_minor,
             available_minor, status)
         SELECT $1, $2, investor_id, units, amount_minor, amount_minor,
                CASE WHEN amount_minor = 0 THEN 'fully_withdrawn' ELSE 'allocated' END
         FROM UNNEST($3::bigint[], $4::numeric[], $5::bigint[]) AS t (investor_id, units, amount_minor)",
        program_id,
        event_id,
        &investors,
        &units,
        &amounts
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The event's allocations, by investor id.
pub async fn allocations_of(
    conn: &mut PgConnection,
    event_id: i64,
) -> Result<Vec<AllocationRecord>, EventStoreError> {
    Ok(sqlx::query_as!(
        AllocationRecord,
        r#"SELECT a.id, a.event_id, e.title AS event_title,
                  e.status AS "event_status: Stored<EventStatus>", e.deal_id, d.name AS deal_name,
                  e.currency, e.total_units, a.investor_id, i.name AS investor_name, a.units,
                  a.amount_minor, a.withdrawn_minor, a.pending_minor, a.available_minor,
                  a.status AS "status: Stored<AllocationStatus>"
           FROM lp_allocations a JOIN lp_events e ON e.id = a.event_id
           JOIN deals d ON d.id = e.deal_id JOIN investors i ON i.id = a.investor_id
           WHERE a.event_id = $1 ORDER BY a.investor_id"#,
        event_id
    )
    .fetch_all(conn)
    .await?)
}

/// An investor's allocations across events (or everyone's), newest event first, at most
/// `limit`.
pub async fn allocations_of_investor(
    conn: &mut PgConnection,
    program_id: i64,
    investor_id: Option<i64>,
    limit: i64,
) -> Result<Vec<AllocationRecord>, EventStoreError> {
    Ok(sqlx::query_as!(
        AllocationRecord,
        r#"SELECT a.id, a.event_id, e.title AS event_title,
                  e.status AS "event_status: Stored<EventStatus>", e.deal_id, d.name AS deal_name,
                  e.currency, e.total_units, a.investor_id, i.name AS investor_name, a.units,
                  a.amount_minor, a.withdrawn_minor, a.pending_minor, a.available_minor,
                  a.status AS "status: Stored<AllocationStatus>"
           FROM lp_allocations a JOIN lp_events e ON e.id = a.event_id
           JOIN deals d ON d.id = e.deal_id JOIN investors i ON i.id = a.investor_id
           WHERE a.program_id = $1 AND ($2::bigint IS NULL OR a.investor_id = $2)
           ORDER BY a.event_id DESC, a.investor_id LIMIT $3"#,
        program_id,
        investor_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// The program's allocations after `after_id`, by id, at most `limit`: a page of an export.
pub async fn allocations_page(
    conn: &mut PgConnection,
    program_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<AllocationRecord>, EventStoreError> {
    Ok(sqlx::query_as!(
        AllocationRecord,
        r#"SELECT a.id, a.event_id, e.title AS event_title,
                  e.status AS "event_status: Stored<EventStatus>", e.deal_id, d.name AS deal_name,
                  e.currency, e.total_units, a.investor_id, i.name AS investor_name, a.units,
                  a.amount_minor, a.withdrawn_minor, a.pending_minor, a.available_minor,
                  a.status AS "status: Stored<AllocationStatus>"
           FROM lp_allocations a JOIN lp_events e ON e.id = a.event_id
           JOIN deals d ON d.id = e.deal_id JOIN investors i ON i.id = a.investor_id
           WHERE a.program_id = $1 AND a.id > $2 ORDER BY a.id LIMIT $3"#,
        program_id,
        after_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// The program's allocation with its event's row shared until the transaction ends: a
/// cancel of the event waits for the withdrawal, or the withdrawal sees it cancelled. The
/// allocation itself is not locked yet (see [`lock_position`]): the payable's balance is
/// locked between the two, in the order every payout takes them.
pub async fn share_allocation_event(
    tx: &mut Tx<'_>,
    program_id: i64,
    id: i64,
) -> Result<Option<AllocationRecord>, EventStoreError> {
    Ok(sqlx::query_as!(
        AllocationRecord,
        r#"SELECT a.id, a.event_id, e.title AS event_title,
                  e.status AS "event_status: Stored<EventStatus>", e.deal_id, d.name AS deal_name,
                  e.currency, e.total_units, a.investor_id, i.name AS investor_name, a.units,
                  a.amount_minor, a.withdrawn_minor, a.pending_minor, a.available_minor,
                  a.status AS "status: Stored<AllocationStatus>"
           FROM lp_allocations a JOIN lp_events e ON e.id = a.event_id
           JOIN deals d ON d.id = e.deal_id JOIN investors i ON i.id = a.investor_id
           WHERE a.program_id = $1 AND a.id = $2
           FOR SHARE OF e"#,
        program_id,
        id
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The allocation's position, its row locked until the transaction ends, so that two
/// withdrawals drawing on it take turns and the second sees what the first left.
pub async fn lock_position(
    tx: &mut Tx<'_>,
    id: i64,
) -> Result<AllocationPosition, EventStoreError> {
    let r = sqlx::query!(
        "SELECT amount_minor, withdrawn_minor, pending_minor, available_minor
         FROM lp_allocations WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(AllocationPosition {
        amount_minor: r.amount_minor,
        withdrawn_minor: r.withdrawn_minor,
        pending_minor: r.pending_minor,
        available_minor: r.available_minor,
    })
}

/// What an investor's payable must keep for their allocations of active events (what those
/// allocations still have available), with the payable's balance locked first: a withdrawal
/// that draws on no allocation takes only what is beyond it.
pub async fn reserved_for_allocations(
    tx: &mut Tx<'_>,
    payable_account_id: i64,
    program_id: i64,
    investor_id: i64,
    currency: &str,
) -> Result<i64, EventStoreError> {
    sqlx::query!(
        "SELECT account_id FROM ledger_balances WHERE account_id = $1 FOR UPDATE",
        payable_account_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(sqlx::query_scalar!(
        r#"SELECT coalesce(sum(a.available_minor), 0)::bigint AS "reserved!"
           FROM lp_allocations a JOIN lp_events e ON e.id = a.event_id
           WHERE a.program_id = $1 AND a.investor_id = $2 AND e.status = 'active'
             AND e.currency = $3"#,
        program_id,
        investor_id,
        currency
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The first withdrawal against the event's allocations that still holds money (pending,
/// approved or sent) or, with `or_paid`, that was paid: what stops a completion or a cancel.
pub async fn withdrawal_against_event(
    tx: &mut Tx<'_>,
    event_id: i64,
    or_paid: bool,
) -> Result<Option<(i64, String, i64)>, EventStoreError> {
    let row = sqlx::query!(
        r#"SELECT w.id, w.status, w.allocation_id AS "allocation_id!"
           FROM withdrawals w JOIN lp_allocations a ON a.id = w.allocation_id
           WHERE a.event_id = $1
             AND (w.status IN ('pending', 'approved', 'sent') OR ($2 AND w.status = 'paid'))
           ORDER BY w.id LIMIT 1"#,
        event_id,
        or_paid
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| (r.id, r.status, r.allocation_id)))
}

/// An allocation a withdrawal draws on, where it stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawnAllocation {
    pub withdrawal_id: i64,
    pub allocation_id: i64,
    pub event_id: i64,
    pub position: AllocationPosition,
}

/// The allocations these withdrawals draw on (those that draw on none are left out).
pub async fn drawn_by_withdrawals(
    tx: &mut Tx<'_>,
    withdrawal_ids: &[i64],
) -> Result<Vec<DrawnAllocation>, EventStoreError> {
    let rows = sqlx::query!(
        "SELECT w.id AS withdrawal_id, a.id AS allocation_id, a.event_id, a.amount_minor,
                a.withdrawn_minor, a.pending_minor, a.available_minor
         FROM withdrawals w JOIN lp_allocations a ON a.id = w.allocation_id
         WHERE w.id = ANY($1) AND w.allocation_id IS NOT NULL
         ORDER BY w.id",
        withdrawal_ids
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DrawnAllocation {
            withdrawal_id: r.withdrawal_id,
            allocation_id: r.allocation_id,
            event_id: r.event_id,
            position: AllocationPosition {
                amount_minor: r.amount_minor,
                withdrawn_minor: r.withdrawn_minor,
                pending_minor: r.pending_minor,
                available_minor: r.available_minor,
            },
        })
        .collect())
}

/// Of these events, the active ones whose every allocation is fully withdrawn, locked.
pub async fn events_fully_withdrawn(
    tx: &mut Tx<'_>,
    event_ids: &[i64],
) -> Result<Vec<i64>, EventStoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT e.id FROM lp_events e
         WHERE e.id = ANY($1) AND e.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM lp_allocations a
                           WHERE a.event_id = e.id AND a.status <> 'fully_withdrawn')
         ORDER BY e.id FOR UPDATE",
        event_ids
    )
    .fetch_all(&mut **tx)
    .await?)
}
