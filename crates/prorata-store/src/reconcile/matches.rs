//! Bank lines matched to what the book expected: what is still open on both sides of an
//! account, the matches written set-based (a few statements whatever their number), and the
//! account's lock that makes a run's check-then-write safe against another run.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::payout::batch_message_id;
use prorata_domain::reconciliation::{
    BankLine, Expected, LineKind, Match, OpenRemittance, SentBatch, SentItem,
};
use sqlx::PgConnection;

use crate::deals::Tx;
use crate::payouts::PayoutStoreError;

/// An unmatched booked line with what a confirmation says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLine {
    pub line: BankLine,
    pub bank_reference: Option<String>,
    pub return_reason: Option<String>,
}

/// An account's unmatched booked lines, its batches' sent items, and its open remittances.
pub async fn open_to_match(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
) -> Result<(Vec<OpenLine>, Expected), PayoutStoreError> {
    let lines = open_lines(&mut *conn, program_id, bank_account_id).await?;
    let items = sqlx::query!(
        r#"SELECT i.id, i.batch_id, i.reference, i.amount_minor,
                  (b.executed_at AT TIME ZONE 'UTC')::date AS "sent_on!"
           FROM payout_items i JOIN payout_batches b ON b.id = i.batch_id
           WHERE i.program_id = $1 AND b.bank_id = $2 AND b.status = 'executed' AND i.status = 'sent'
           ORDER BY i.id"#,
        program_id,
        bank_account_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let sent_on: BTreeMap<i64, NaiveDate> = items.iter().map(|i| (i.batch_id, i.sent_on)).collect();
    let batches = sent_on
        .into_iter()
        .map(|(id, sent_on)| SentBatch {
            id,
            reference: batch_message_id(program_id, id),
            sent_on,
        })
        .collect();
    let items = items
        .into_iter()
        .map(|i| SentItem {
            id: i.id,
            batch_id: i.batch_id,
            reference: i.reference,
            amount_minor: i.amount_minor,
            sent_on: i.sent_on,
        })
        .collect();
    let remittances = open_remittances(conn, program_id, bank_account_id).await?;
    let expected = Expected {
        items,
        batches,
        remittances,
    };
    Ok((lines, expected))
}

async fn open_lines(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
) -> Result<Vec<OpenLine>, PayoutStoreError> {
    let rows = sqlx::query!(
        r#"SELECT l.id, l.amount_minor, l.credit, l.reversal, l.return_reason, l.bank_reference,
                  coalesce(l.booking_date, l.value_date) AS booked_on, l.end_to_end_id,
                  l.payment_information_id, l.message_id, l.remittance
           FROM bank_lines l
           WHERE l.program_id = $1 AND l.bank_account_id = $2 AND l.status = 'BOOK'
             AND NOT EXISTS (SELECT 1 FROM bank_match_lines m WHERE m.bank_line_id = l.id)
             AND NOT EXISTS (SELECT 1 FROM bank_resolutions r
                             WHERE r.bank_line_id = l.id AND r.status = 'pending_review')
           ORDER BY l.id"#,
        program_id,
        bank_account_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OpenLine {
            line: BankLine {
                id: r.id,
                amount_minor: r.amount_minor,
                kind: LineKind::of(r.credit, r.reversal, r.return_reason.is_some()),
                booked_on: r.booked_on,
                end_to_end_id: r.end_to_end_id,
                payment_information_id: r.payment_information_id,
                message_id: r.message_id,
                remittance: r.remittance,
            },
            bank_reference: r.bank_reference,
            return_reason: r.return_reason,
        })
        .collect())
}

async fn open_remittances(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
) -> Result<Vec<OpenRemittance>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        OpenRemittance,
        r#"SELECT r.id, r.amount_minor, r.remitted_on, r.reference
           FROM remittances r
           WHERE r.program_id = $1 AND r.bank_id = $2
             AND NOT EXISTS (SELECT 1 FROM bank_match_remittances m WHERE m.remittance_id = r.id)
           ORDER BY r.id"#,
        program_id,
        bank_account_id
    )
    .fetch_all(conn)
    .await?)
}

/// Holds the account's matching until the transaction ends: two runs never write the same
/// line's match from the same reading.
pub async fn lock_account_matching(
    tx: &mut Tx<'_>,
    bank_account_id: i64,
) -> Result<(), PayoutStoreError> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtext('bank_matching'), $1::int4)",
        i32::try_from(bank_account_id).unwrap_or(i32::MAX)
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many of these lines are in a match already.
pub async fn count_matched_lines(
    tx: &mut Tx<'_>,
    line_ids: &[i64],
) -> Result<i64, PayoutStoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM bank_match_lines WHERE bank_line_id = ANY ($1)"#,
        line_ids
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Where the matches are written: the account, its currency, who and when.
#[derive(Debug, Clone, Copy)]
pub struct MatchWriting<'a> {
    pub program_id: i64,
    pub bank_account_id: i64,
    pub currency: &'a str,
    pub matched_by: &'a str,
    pub matched_at: DateTime<Utc>,
    /// A person's reason; a rule's match has none.
    pub reason: Option<&'a str>,
}

/// Writes the matches with their lines and what they settle: four statements.
pub async fn insert_matches(
    tx: &mut Tx<'_>,
    at: MatchWriting<'_>,
    matches: &[Match],
) -> Result<(), PayoutStoreError> {
    let ids: Vec<i64> = matches.iter().map(Match::id).collect();
    let rules: Vec<&str> = matches.iter().map(|m| m.rule.as_str()).collect();
    let outcomes: Vec<&str> = matches.iter().map(|m| m.outcome.as_str()).collect();
    let amounts: Vec<i64> = matches.iter().map(|m| m.amount_minor).collect();
    sqlx::query!(
        "INSERT INTO bank_matches (id, program_id, bank_account_id, currency, rule, outcome,
                                   amount_minor, reason, matched_by, matched_at)
         SELECT id, $1, $2, $3, rule, outcome, amount, $4, $5, $6
         FROM UNNEST($7::int8[], $8::text[], $9::text[], $10::int8[]) AS n(id, rule, outcome, amount)",
        at.program_id,
        at.bank_account_id,
        at.currency,
        at.reason,
        at.matched_by,
        at.matched_at,
        &ids,
        &rules as &[&str],
        &outcomes as &[&str],
        &amounts
    )
    .execute(&mut **tx)
    .await?;
    insert_match_parts(tx, at.program_id, matches).await
}

async fn insert_match_parts(
    tx: &mut Tx<'_>,
    program_id: i64,
    matches: &[Match],
) -> Result<(), PayoutStoreError> {
    let (mut lines, mut line_matches) = (Vec::new(), Vec::new());
    let (mut items, mut item_outcomes, mut item_matches) = (Vec::new(), Vec::new(), Vec::new());
    let (mut remittances, mut remittance_matches) = (Vec::new(), Vec::new());
    for m in matches {
        lines.extend(&m.lines);
        line_matches.extend(std::iter::repeat_n(m.id(), m.lines.len()));
        items.extend(&m.items);
        item_outcomes.extend(std::iter::repeat_n(m.outcome.as_str(), m.items.len()));
        item_matches.extend(std::iter::repeat_n(m.id(), m.items.len()));
        remittances.extend(&m.remittances);
        remittance_matches.extend(std::iter::repeat_n(m.id(), m.remittances.len()));
    }
    sqlx::query!(
        "INSERT INTO bank_match_lines (bank_line_id, program_id, match_id)
         SELECT line, $1, m FROM UNNEST($2::int8[], $3::int8[]) AS n(line, m)",
        program_id,
        &lines,
        &line_matches
    )
    .execute(&mut **tx)
    .await?;
    if !items.is_empty() {
        sqlx::query!(
            "INSERT INTO bank_match_items (payout_item_id, outcome, program_id, match_id)
             SELECT item, outcome, $1, m FROM UNNEST($2::int8[], $3::text[], $4::int8[]) AS n(item, outcome, m)",
            program_id,
            &items,
            &item_outcomes as &[&str],
            &item_matches
        )
        .execute(&mut **tx)
        .await?;
    }
    if !remittances.is_empty() {
        sqlx::query!(
            "INSERT INTO bank_match_remittances (remittance_id, program_id, match_id)
             SELECT r, $1, m FROM UNNEST($2::int8[], $3::int8[]) AS n(r, m)",
            program_id,
            &remittances,
            &remittance_matches
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// What is left for a person on an account: booked lines in no match, items sent and not
/// confirmed, remittances no credit settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unmatched {
    pub lines: i64,
    pub items: i64,
    pub remittances: i64,
}

pub async fn unmatched_counts(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
) -> Result<Unmatched, PayoutStoreError> {
    let row = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM bank_lines l WHERE l.program_id = $1 AND l.bank_account_id = $2
                AND l.status = 'BOOK'
                AND NOT EXISTS (SELECT 1 FROM bank_match_lines m WHERE m.bank_line_id = l.id)
                AND NOT EXISTS (SELECT 1 FROM bank_resolutions r
                                WHERE r.bank_line_id = l.id AND r.status = 'pending_review')) AS "lines!",
             (SELECT count(*) FROM payout_items i JOIN payout_batches b ON b.id = i.batch_id
              WHERE i.program_id = $1 AND b.bank_id = $2 AND i.status = 'sent') AS "items!",
             (SELECT count(*) FROM remittances r WHERE r.program_id = $1 AND r.bank_id = $2
                AND NOT EXISTS (SELECT 1 FROM bank_match_remittances m WHERE m.remittance_id = r.id)) AS "remittances!""#,
        program_id,
        bank_account_id
    )
    .fetch_one(conn)
    .await?;
    Ok(Unmatched {
        lines: row.lines,
        items: row.items,
        remittances: row.remittances,
    })
}

/// What one rule matched on an account, with one outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTotalRecord {
    pub rule: String,
    pub outcome: String,
    pub matches: i64,
    pub lines: i64,
    pub amount_minor: i64,
}

pub async fn match_totals(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
) -> Result<Vec<RuleTotalRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        RuleTotalRecord,
        r#"SELECT m.rule, m.outcome, count(*) AS "matches!",
                  (SELECT count(*) FROM bank_match_lines l JOIN bank_matches x ON x.id = l.match_id
                   WHERE x.program_id = $1 AND x.bank_account_id = $2
                     AND x.rule = m.rule AND x.outcome = m.outcome) AS "lines!",
                  sum(m.amount_minor)::int8 AS "amount_minor!"
           FROM bank_matches m WHERE m.program_id = $1 AND m.bank_account_id = $2
           GROUP BY m.rule, m.outcome ORDER BY m.rule, m.outcome"#,
        program_id,
        bank_account_id
    )
    .fetch_all(conn)
    .await?)
}

/// A match as listed, with its lines and what it settles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchRecord {
    pub id: i64,
    pub rule: String,
    pub outcome: String,
    pub amount_minor: i64,
    pub reason: Option<String>,
    pub matched_by: String,
    pub matched_at: DateTime<Utc>,
    pub lines: Vec<i64>,
    pub items: Vec<i64>,
    pub remittances: Vec<i64>,
}

/// The account's matches, the newest first.
pub async fn recent_matches(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
    limit: i64,
) -> Result<Vec<MatchRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        MatchRecord,
        r#"SELECT m.id, m.rule, m.outcome, m.amount_minor, m.reason, m.matched_by, m.matched_at,
                  array(SELECT l.bank_line_id FROM bank_match_lines l WHERE l.match_id = m.id
                        ORDER BY 1) AS "lines!",
                  array(SELECT i.payout_item_id FROM bank_match_items i WHERE i.match_id = m.id
                        ORDER BY 1) AS "items!",
                  array(SELECT r.remittance_id FROM bank_match_remittances r WHERE r.match_id = m.id
                        ORDER BY 1) AS "remittances!"
           FROM bank_matches m WHERE m.program_id = $1 AND m.bank_account_id = $2
           ORDER BY m.matched_at DESC, m.id DESC LIMIT $3"#,
        program_id,
        bank_account_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// The account's newest statement: its id, closing booked balance and when it was imported.
pub async fn latest_statement(
    conn: &mut PgConnection,
    bank_account_id: i64,
) -> Result<Option<(String, Option<i64>, DateTime<Utc>)>, PayoutStoreError> {
    let row = sqlx::query!(
        "SELECT statement_ref, closing_booked_minor, imported_at FROM bank_statements
         WHERE bank_account_id = $1 ORDER BY id DESC LIMIT 1",
        bank_account_id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.statement_ref, r.closing_booked_minor, r.imported_at)))
}
