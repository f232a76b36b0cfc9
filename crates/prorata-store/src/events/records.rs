//! An event's row: drafted, calculated, approved with its entry, completed or cancelled.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::lp::{EventKind, EventStatus};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{EventStoreError, Tx};
use crate::states::Stored;

/// An event as drafted.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub program_id: i64,
    pub deal_id: i64,
    pub kind: EventKind,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub currency: &'a str,
    pub total_minor: i64,
    pub distribution_date: NaiveDate,
    pub created_by: &'a str,
    pub created_at: DateTime<Utc>,
}

/// An event as stored, with its deal's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub id: i64,
    pub deal_id: i64,
    pub deal_name: String,
    pub kind: EventKind,
    pub title: String,
    pub description: Option<String>,
    pub currency: String,
    pub total_minor: i64,
    pub distribution_date: NaiveDate,
    pub status: EventStatus,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub snapshot_date: Option<NaiveDate>,
    pub total_units: Option<Decimal>,
    pub amount_per_unit: Option<Decimal>,
    pub calculated_by: Option<String>,
    pub calculated_at: Option<DateTime<Utc>>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub completed_by: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    /// Its allocations summed: what was allocated, withdrawn (paid), pending and available.
    pub allocated_minor: i64,
    pub withdrawn_minor: i64,
    pub pending_minor: i64,
    pub available_minor: i64,
}

impl EventRecord {
    /// Whether anything was ever withdrawn or is pending against its allocations.
    pub fn drawn_on(&self) -> bool {
        self.withdrawn_minor > 0 || self.pending_minor > 0
    }
}

pub async fn insert_event(tx: &mut Tx<'_>, new: &NewEvent<'_>) -> Result<i64, EventStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO lp_events (program_id, deal_id, kind, title, description, currency,
             total_minor, distribution_date, status, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10) RETURNING id",
        new.program_id,
        new.deal_id,
        new.kind.as_str(),
        new.title,
        new.description,
        new.currency,
        new.total_minor,
        new.distribution_date,
        new.created_by,
        new.created_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The program's event with this id.
pub async fn event_by_id(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<EventRecord>, EventStoreError> {
    Ok(events_where(conn, program_id, Some(id), None, 1)
        .await?
        .pop())
}

/// The event, its row locked until the transaction ends: acts on one event take turns, and
/// a withdrawal drawing on it waits for a cancel (PostgreSQL's trigger shares this lock).
pub async fn lock_event(
    tx: &mut Tx<'_>,
    program_id: i64,
    id: i64,
) -> Result<Option<EventRecord>, EventStoreError> {
    let locked = sqlx::query_scalar!(
        "SELECT id FROM lp_events WHERE program_id = $1 AND id = $2 FOR UPDATE",
        program_id,
        id
    )
    .fetch_optional(&mut **tx)
    .await?;
    match locked {
        Some(id) => event_by_id(tx, program_id, id).await,
        None => Ok(None),
    }
}

/// The program's events, of one deal or all, newest first, at most `limit`.
pub async fn list_events(
    conn: &mut PgConnection,
    program_id: i64,
    deal_id: Option<i64>,
    limit: i64,
) -> Result<Vec<EventRecord>, EventStoreError> {
    events_where(conn, program_id, None, deal_id, limit).await
}

/// The program's events, one by id, of one deal or all, newest first, with their
/// allocations summed: the one read every event view is made from.
async fn events_where(
    conn: &mut PgConnection,
    program_id: i64,
    id: Option<i64>,
    deal_id: Option<i64>,
    limit: i64,
) -> Result<Vec<EventRecord>, EventStoreError> {
    Ok(sqlx::query_as!(
        EventRecord,
        r#"SELECT e.id, e.deal_id, d.name AS deal_name, e.kind AS "kind: Stored<EventKind>",
                  e.title, e.description, e.currency, e.total_minor, e.distribution_date,
                  e.status AS "status: Stored<EventStatus>", e.created_by, e.created_at,
                  e.snapshot_date, e.total_units, e.amount_per_unit, e.calculated_by,
                  e.calculated_at, e.approved_by, e.approved_at,
                  e.completed_by, e.completed_at, e.cancelled_by, e.cancelled_at,
                  e.cancel_reason, t.allocated_minor AS "allocated_minor!",
                  t.withdrawn_minor AS "withdrawn_minor!", t.pending_minor AS "pending_minor!",
                  t.available_minor AS "available_minor!"
           FROM lp_events e JOIN deals d ON d.id = e.deal_id,
           LATERAL (SELECT coalesce(sum(a.amount_minor), 0)::bigint AS allocated_minor,
                           coalesce(sum(a.withdrawn_minor), 0)::bigint AS withdrawn_minor,
                           coalesce(sum(a.pending_minor), 0)::bigint AS pending_minor,
                           coalesce(sum(a.available_minor), 0)::bigint AS available_minor
                    FROM lp_allocations a WHERE a.event_id = e.id) t
           WHERE e.program_id = $1 AND ($2::bigint IS NULL OR e.id = $2)
             AND ($3::bigint IS NULL OR e.deal_id = $3)
           ORDER BY e.id DESC LIMIT $4"#,
        program_id,
        id,
        deal_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// The latest snapshot of the deal's units that still stands (not cancelled): no movement
/// may be dated on or before it.
pub async fn latest_snapshot(
    tx: &mut Tx<'_>,
    deal_id: i64,
) -> Result<Option<(i64, NaiveDate)>, EventStoreError> {
    let row = sqlx::query!(
        r#"SELECT id, snapshot_date AS "snapshot_date!" FROM lp_events
           WHERE deal_id = $1 AND snapshot_date IS NOT NULL AND status <> 'cancelled'
           ORDER BY snapshot_date DESC, id DESC LIMIT 1"#,
        deal_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| (r.id, r.snapshot_date)))
}

/// The snapshot a calculation took.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    pub date: NaiveDate,
    pub total_units: Decimal,
    pub amount_per_unit: Decimal,
    pub by: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn mark_calculated(
    tx: &mut Tx<'_>,
    id: i64,
    snapshot: Snapshot<'_>,
) -> Result<(), EventStoreError> {
    sqlx::query!(
        "UPDATE lp_events SET status = 'calculated', snapshot_date = $2, total_units = $3,
             amount_per_unit = $4, calculated_by = $5, calculated_at = $6
         WHERE id = $1 AND status = 'draft'",
        id,
        snapshot.date,
        snapshot.total_units,
        snapshot.amount_per_unit,
        snapshot.by,
        snapshot.at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks the event active, its entry's parts (`entry_ids`, in order) booked.
pub async fn mark_approved(
    tx: &mut Tx<'_>,
    program_id: i64,
    id: i64,
    by: &str,
    at: DateTime<Utc>,
    entry_ids: &[i64],
) -> Result<(), EventStoreError> {
    sqlx::query!(
        "INSERT INTO lp_event_entries (program_id, event_id, part, entry_id)
         SELECT $1, $2, part::integer, entry_id FROM UNNEST($3::bigint[]) WITH ORDINALITY AS t (entry_id, part)",
        program_id,
        id,
        entry_ids
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE lp_events SET status = 'active', approved_by = $2, approved_at = $3
         WHERE id = $1 AND status = 'calculated'",
        id,
        by,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn mark_completed(
    tx: &mut Tx<'_>,
    id: i64,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), EventStoreError> {
    sqlx::query!(
        "UPDATE lp_events SET status = 'completed', completed_by = $2, completed_at = $3
         WHERE id = $1 AND status = 'active'",
        id,
        by,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The entry ids of the event's parts, in order: none before it is approved.
pub async fn event_entries(conn: &mut PgConnection, id: i64) -> Result<Vec<i64>, EventStoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT entry_id FROM lp_event_entries WHERE event_id = $1 ORDER BY part",
        id
    )
    .fetch_all(conn)
    .await?)
}

/// Marks the event cancelled; `reversal_entry_ids` reverse its parts, in order.
pub async fn mark_cancelled(
    tx: &mut Tx<'_>,
    id: i64,
    by: &str,
    at: DateTime<Utc>,
    reason: &str,
    reversal_entry_ids: &[i64],
) -> Result<(), EventStoreError> {
    sqlx::query!(
        "UPDATE lp_event_entries x SET reversal_entry_id = t.reversal
         FROM UNNEST($2::bigint[]) WITH ORDINALITY AS t (reversal, part)
         WHERE x.event_id = $1 AND x.part = t.part",
        id,
        reversal_entry_ids
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE lp_events SET status = 'cancelled', cancelled_by = $2, cancelled_at = $3,
             cancel_reason = $4
         WHERE id = $1 AND status IN ('draft', 'calculated', 'active')",
        id,
        by,
        at,
        reason
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
