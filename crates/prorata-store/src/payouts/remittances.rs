//! Remittances: cash a deal's partner or operator paid in, against the deal's receivable.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::payout::RemittanceKind;
use sqlx::PgConnection;

use super::{PayoutStoreError, Tx};
use crate::states::Stored;

/// A remittance to record, with the entry that booked it.
#[derive(Debug, Clone)]
pub struct NewRemittance<'a> {
    pub program_id: i64,
    pub deal_id: i64,
    pub bank_id: i64,
    pub currency: &'a str,
    pub kind: RemittanceKind,
    pub amount_minor: i64,
    pub remitted_on: NaiveDate,
    pub reference: Option<&'a str>,
    pub journal_entry_id: i64,
    pub recorded_by: &'a str,
    pub recorded_at: DateTime<Utc>,
}

/// A remittance as stored, with its deal's and bank's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemittanceRecord {
    pub id: i64,
    pub deal_id: i64,
    pub deal_name: String,
    pub bank_id: i64,
    pub bank_name: String,
    pub currency: String,
    pub kind: RemittanceKind,
    pub amount_minor: i64,
    pub remitted_on: NaiveDate,
    pub reference: Option<String>,
    pub journal_entry_id: i64,
    pub recorded_by: String,
}

pub async fn insert_remittance(
    tx: &mut Tx<'_>,
    new: &NewRemittance<'_>,
) -> Result<i64, PayoutStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO remittances (program_id, deal_id, bank_id, currency, kind, amount_minor,
             remitted_on, reference, journal_entry_id, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        new.program_id,
        new.deal_id,
        new.bank_id,
        new.currency,
        new.kind.as_str(),
        new.amount_minor,
        new.remitted_on,
        new.reference,
        new.journal_entry_id,
        new.recorded_by,
        new.recorded_at,
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The program's remittances, of one deal or all, newest first, at most `limit`.
pub async fn list_remittances(
    conn: &mut PgConnection,
    program_id: i64,
    deal_id: Option<i64>,
    limit: i64,
) -> Result<Vec<RemittanceRecord>, PayoutStoreError> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.deal_id, d.name AS deal_name, r.bank_id, b.name AS bank_name,
                  r.currency, r.kind AS "kind: Stored<RemittanceKind>", r.amount_minor,
                  r.remitted_on, r.reference, r.journal_entry_id, r.recorded_by
           FROM remittances r
           JOIN deals d ON d.id = r.deal_id
           JOIN bank_accounts b ON b.id = r.bank_id
           WHERE r.program_id = $1 AND ($2::int8 IS NULL OR r.deal_id = $2)
           ORDER BY r.remitted_on DESC, r.id DESC LIMIT $3"#,
        program_id,
        deal_id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RemittanceRecord {
            id: r.id,
            deal_id: r.deal_id,
            deal_name: r.deal_name,
            bank_id: r.bank_id,
            bank_name: r.bank_name,
            currency: r.currency,
            kind: r.kind.into(),
            amount_minor: r.amount_minor,
            remitted_on: r.remitted_on,
            reference: r.reference,
            journal_entry_id: r.journal_entry_id,
            recorded_by: r.recorded_by,
        })
        .collect())
}
