//! Bank lines matched to payout items: the candidates the rules look at, each match written
//! once, and what stays unmatched on both sides.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::deals::Tx;
use crate::payouts::PayoutStoreError;

/// An unmatched line of the account whose EndToEndId is the reference of one of the payout
/// items its batches sent, with that item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchCandidate {
    pub line_id: i64,
    pub line_amount_minor: i64,
    pub credit: bool,
    pub reversal: bool,
    pub return_reason: Option<String>,
    pub bank_reference: Option<String>,
    pub item_id: i64,
    pub item_amount_minor: i64,
    pub item_status: String,
}

pub async fn match_candidates(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
) -> Result<Vec<MatchCandidate>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        MatchCandidate,
        r#"SELECT l.id AS line_id, l.amount_minor AS line_amount_minor, l.credit, l.reversal,
                  l.return_reason, l.bank_reference, i.id AS item_id,
                  i.amount_minor AS item_amount_minor, i.status AS item_status
           FROM bank_lines l
           JOIN payout_items i ON i.reference = l.end_to_end_id AND i.currency = l.currency
           JOIN payout_batches b ON b.id = i.batch_id AND b.bank_id = l.bank_account_id
           WHERE l.program_id = $1 AND l.bank_account_id = $2 AND l.status = 'BOOK'
             AND NOT EXISTS (SELECT 1 FROM bank_matches m WHERE m.bank_line_id = l.id)
           ORDER BY l.id"#,
        program_id,
        bank_account_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn insert_bank_match(
    tx: &mut Tx<'_>,
    program_id: i64,
    (line_id, item_id, rule): (i64, i64, &str),
    (matched_by, matched_at): (&str, DateTime<Utc>),
) -> Result<Option<i64>, PayoutStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO bank_matches (program_id, bank_line_id, payout_item_id, rule, matched_by, matched_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (bank_line_id) DO NOTHING RETURNING id",
        program_id,
        line_id,
        item_id,
        rule,
        matched_by,
        matched_at
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// How many of the account's booked lines no rule matched, and how many of its sent items
/// no line confirmed.
pub async fn unmatched_counts(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
) -> Result<(i64, i64), PayoutStoreError> {
    let row = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM bank_lines l WHERE l.program_id = $1 AND l.bank_account_id = $2
                AND l.status = 'BOOK'
                AND NOT EXISTS (SELECT 1 FROM bank_matches m WHERE m.bank_line_id = l.id)) AS "lines!",
             (SELECT count(*) FROM payout_items i JOIN payout_batches b ON b.id = i.batch_id
              WHERE i.program_id = $1 AND b.bank_id = $2 AND i.status = 'sent') AS "items!""#,
        program_id,
        bank_account_id
    )
    .fetch_one(conn)
    .await?;
    Ok((row.lines, row.items))
}
