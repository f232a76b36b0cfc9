//! The CSV column mappings saved per bank account: the newest is the one used.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::deals::Tx;
use crate::payouts::PayoutStoreError;

/// A mapping as kept: each column by its header's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvMappingRecord {
    pub date_column: String,
    pub amount_column: Option<String>,
    pub debit_column: Option<String>,
    pub credit_column: Option<String>,
    pub reference_column: Option<String>,
    pub end_to_end_column: Option<String>,
    pub description_column: Option<String>,
    pub date_format: String,
    pub decimal_separator: String,
    pub delimiter: String,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

pub async fn insert_csv_mapping(
    tx: &mut Tx<'_>,
    (program_id, bank_account_id, currency): (i64, i64, &str),
    m: &CsvMappingRecord,
) -> Result<i64, PayoutStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO bank_csv_mappings (program_id, bank_account_id, currency, date_column, amount_column,
             debit_column, credit_column, reference_column, end_to_end_column, description_column,
             date_format, decimal_separator, delimiter, set_by, set_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        program_id,
        bank_account_id,
        currency,
        m.date_column,
        m.amount_column,
        m.debit_column,
        m.credit_column,
        m.reference_column,
        m.end_to_end_column,
        m.description_column,
        m.date_format,
        m.decimal_separator,
        m.delimiter,
        m.set_by,
        m.set_at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The account's newest mapping, if one was saved.
pub async fn latest_csv_mapping(
    conn: &mut PgConnection,
    bank_account_id: i64,
) -> Result<Option<CsvMappingRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        CsvMappingRecord,
        "SELECT date_column, amount_column, debit_column, credit_column, reference_column,
                end_to_end_column, description_column, date_format, decimal_separator, delimiter,
                set_by, set_at
         FROM bank_csv_mappings WHERE bank_account_id = $1 ORDER BY id DESC LIMIT 1",
        bank_account_id
    )
    .fetch_optional(conn)
    .await?)
}
