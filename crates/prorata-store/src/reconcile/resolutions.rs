//! Lines resolved by hand and the accounts' review thresholds; what is open on an account,
//! for a person.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::reconciliation::ResolutionStatus;
use sqlx::PgConnection;

use crate::deals::Tx;
use crate::payouts::PayoutStoreError;
use crate::states::Stored;

/// A statement line, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineStanding {
    pub id: i64,
    pub bank_account_id: i64,
    pub currency: String,
    pub amount_minor: i64,
    pub credit: bool,
    pub reversal: bool,
    pub status: String,
    pub booked_on: Option<NaiveDate>,
    pub bank_reference: Option<String>,
    pub end_to_end_id: Option<String>,
    pub return_reason: Option<String>,
    pub remittance: Option<String>,
    /// The match it is in, if any.
    pub match_id: Option<i64>,
    /// The resolution waiting for review that holds it, if any.
    pub pending_resolution_id: Option<i64>,
}

pub async fn line_standing(
    conn: &mut PgConnection,
    program_id: i64,
    line_id: i64,
) -> Result<Option<LineStanding>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        LineStanding,
        r#"SELECT l.id, l.bank_account_id, l.currency, l.amount_minor, l.credit, l.reversal, l.status,
                  coalesce(l.booking_date, l.value_date) AS booked_on, l.bank_reference,
                  l.end_to_end_id, l.return_reason, l.remittance,
                  (SELECT m.match_id FROM bank_match_lines m WHERE m.bank_line_id = l.id) AS match_id,
                  (SELECT r.id FROM bank_resolutions r
                   WHERE r.bank_line_id = l.id AND r.status = 'pending_review') AS pending_resolution_id
           FROM bank_lines l WHERE l.program_id = $1 AND l.id = $2"#,
        program_id,
        line_id
    )
    .fetch_optional(conn)
    .await?)
}

/// The account's booked lines in no match and held by no resolution, oldest first.
pub async fn open_line_standings(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
    limit: i64,
) -> Result<Vec<LineStanding>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        LineStanding,
        r#"SELECT l.id, l.bank_account_id, l.currency, l.amount_minor, l.credit, l.reversal, l.status,
                  coalesce(l.booking_date, l.value_date) AS booked_on, l.bank_reference,
                  l.end_to_end_id, l.return_reason, l.remittance,
                  NULL::int8 AS match_id, NULL::int8 AS pending_resolution_id
           FROM bank_lines l
           WHERE l.program_id = $1 AND l.bank_account_id = $2 AND l.status = 'BOOK'
             AND NOT EXISTS (SELECT 1 FROM bank_match_lines m WHERE m.bank_line_id = l.id)
             AND NOT EXISTS (SELECT 1 FROM bank_resolutions r
                             WHERE r.bank_line_id = l.id AND r.status = 'pending_review')
           ORDER BY l.id LIMIT $3"#,
        program_id,
        bank_account_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// A payout item sent from the account and not confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItemRecord {
    pub id: i64,
    pub batch_id: i64,
    pub reference: String,
    pub amount_minor: i64,
    pub sent_at: Option<DateTime<Utc>>,
}

pub async fn open_items(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
    limit: i64,
) -> Result<Vec<OpenItemRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        OpenItemRecord,
        r#"SELECT i.id, i.batch_id, i.reference, i.amount_minor, b.executed_at AS sent_at
           FROM payout_items i JOIN payout_batches b ON b.id = i.batch_id
           WHERE i.program_id = $1 AND b.bank_id = $2 AND i.status = 'sent'
           ORDER BY i.id LIMIT $3"#,
        program_id,
        bank_account_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// A remittance recorded into the account that no credit settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRemittanceRecord {
    pub id: i64,
    pub deal_id: i64,
    pub amount_minor: i64,
    pub remitted_on: NaiveDate,
    pub reference: Option<String>,
    /// Whether a credit settled it.
    pub matched: bool,
}

pub async fn remittance_standing(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
    only_open: bool,
    limit: i64,
) -> Result<Vec<OpenRemittanceRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        OpenRemittanceRecord,
        r#"SELECT r.id, r.deal_id, r.amount_minor, r.remitted_on, r.reference,
                  EXISTS (SELECT 1 FROM bank_match_remittances m WHERE m.remittance_id = r.id) AS "matched!"
           FROM remittances r
           WHERE r.program_id = $1 AND r.bank_id = $2
             AND NOT ($3 AND EXISTS (SELECT 1 FROM bank_match_remittances m WHERE m.remittance_id = r.id))
           ORDER BY r.id LIMIT $4"#,
        program_id,
        bank_account_id,
        only_open,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// A remittance by id, with whether a credit settled it.
pub async fn find_remittance_standing(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<(i64, OpenRemittanceRecord)>, PayoutStoreError> {
    let row = sqlx::query!(
        r#"SELECT r.id, r.bank_id, r.deal_id, r.amount_minor, r.remitted_on, r.reference,
                  EXISTS (SELECT 1 FROM bank_match_remittances m WHERE m.remittance_id = r.id) AS "matched!"
           FROM remittances r WHERE r.program_id = $1 AND r.id = $2"#,
        program_id,
        id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| {
        let record = OpenRemittanceRecord {
            id: r.id,
            deal_id: r.deal_id,
            amount_minor: r.amount_minor,
            remitted_on: r.remitted_on,
            reference: r.reference,
            matched: r.matched,
        };
        (r.bank_id, record)
    }))
}

/// The amount above which a resolution on the account waits for review; none: every one.
pub async fn review_threshold(
    conn: &mut PgConnection,
    bank_account_id: i64,
) -> Result<Option<i64>, PayoutStoreError> {
    Ok(
        sqlx::query_scalar!("SELECT bank_review_above($1) AS above", bank_account_id)
            .fetch_one(conn)
            .await?,
    )
}

pub async fn insert_review_threshold(
    tx: &mut Tx<'_>,
    (program_id, bank_account_id, currency): (i64, i64, &str),
    review_above_minor: i64,
    (set_by, set_at): (&str, DateTime<Utc>),
) -> Result<i64, PayoutStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO bank_review_thresholds (program_id, bank_account_id, currency, review_above_minor, set_by, set_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        program_id,
        bank_account_id,
        currency,
        review_above_minor,
        set_by,
        set_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// A resolution as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionRecord {
    pub id: i64,
    pub bank_account_id: i64,
    pub currency: String,
    pub bank_line_id: i64,
    pub payout_item_id: Option<i64>,
    pub remittance_id: Option<i64>,
    pub amount_minor: i64,
    pub reason: String,
    pub status: ResolutionStatus,
    pub resolved_by: String,
    pub resolved_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
}

/// A resolution as made.
#[derive(Debug, Clone, Copy)]
pub struct NewResolution<'a> {
    pub program_id: i64,
    pub bank_account_id: i64,
    pub currency: &'a str,
    pub bank_line_id: i64,
    pub payout_item_id: Option<i64>,
    pub remittance_id: Option<i64>,
    pub amount_minor: i64,
    pub reason: &'a str,
    pub status: ResolutionStatus,
    pub resolved_by: &'a str,
    pub resolved_at: DateTime<Utc>,
}

pub async fn insert_resolution(
    tx: &mut Tx<'_>,
    new: NewResolution<'_>,
) -> Result<i64, PayoutStoreError> {
    let action = if new.payout_item_id.is_some() || new.remittance_id.is_some() {
        "match"
    } else {
        "ignore"
    };
    Ok(sqlx::query_scalar!(
        "INSERT INTO bank_resolutions (program_id, bank_account_id, currency, bank_line_id, action,
             payout_item_id, remittance_id, amount_minor, reason, status, resolved_by, resolved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        new.program_id,
        new.bank_account_id,
        new.currency,
        new.bank_line_id,
        action,
        new.payout_item_id,
        new.remittance_id,
        new.amount_minor,
        new.reason,
        new.status.as_str(),
        new.resolved_by,
        new.resolved_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The resolution, locked for its review.
pub async fn lock_resolution(
    tx: &mut Tx<'_>,
    program_id: i64,
    id: i64,
) -> Result<Option<ResolutionRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        ResolutionRecord,
        r#"SELECT id, bank_account_id, currency, bank_line_id, payout_item_id, remittance_id,
                  amount_minor, reason, status AS "status: Stored<ResolutionStatus>", resolved_by,
                  resolved_at, reviewed_by, reviewed_at, review_note
           FROM bank_resolutions WHERE program_id = $1 AND id = $2 FOR UPDATE"#,
        program_id,
        id
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// An account's resolutions, the newest first; only those waiting for review when asked.
pub async fn list_resolutions(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
    only_pending: bool,
    limit: i64,
) -> Result<Vec<ResolutionRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        ResolutionRecord,
        r#"SELECT id, bank_account_id, currency, bank_line_id, payout_item_id, remittance_id,
                  amount_minor, reason, status AS "status: Stored<ResolutionStatus>", resolved_by,
                  resolved_at, reviewed_by, reviewed_at, review_note
           FROM bank_resolutions
           WHERE program_id = $1 AND bank_account_id = $2 AND (NOT $3 OR status = 'pending_review')
           ORDER BY id DESC LIMIT $4"#,
        program_id,
        bank_account_id,
        only_pending,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// Records the review: applied or rejected, by whom, when, with the note.
pub async fn mark_reviewed(
    tx: &mut Tx<'_>,
    id: i64,
    status: ResolutionStatus,
    (reviewed_by, reviewed_at): (&str, DateTime<Utc>),
    note: Option<&str>,
) -> Result<(), PayoutStoreError> {
    sqlx::query!(
        "UPDATE bank_resolutions SET status = $2, reviewed_by = $3, reviewed_at = $4, review_note = $5
         WHERE id = $1",
        id,
        status.as_str(),
        reviewed_by,
        reviewed_at,
        note
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
