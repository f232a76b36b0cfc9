//! Bank statements and their lines: a statement imported once per account (by its id, and by
//! its file's SHA-256), its lines written in one statement, a line the bank referenced kept
//! once per account however many statements overlap on it.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use crate::deals::Tx;
use crate::payouts::PayoutStoreError;

/// The statement imported before from a file with this digest, if any: its id and reference.
pub async fn statement_of_file(
    conn: &mut PgConnection,
    bank_account_id: i64,
    file_sha256: &str,
) -> Result<Option<(i64, String)>, PayoutStoreError> {
    let row = sqlx::query!(
        "SELECT id, statement_ref FROM bank_statements
         WHERE bank_account_id = $1 AND file_sha256 = $2 ORDER BY id LIMIT 1",
        bank_account_id,
        file_sha256
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.id, r.statement_ref)))
}

/// A statement to write.
#[derive(Debug, Clone)]
pub struct NewBankStatement<'a> {
    pub program_id: i64,
    pub bank_account_id: i64,
    pub currency: &'a str,
    pub statement_ref: &'a str,
    pub message_ref: &'a str,
    pub format: &'a str,
    pub file_sha256: &'a str,
    pub opening_booked_minor: Option<i64>,
    pub closing_booked_minor: Option<i64>,
    pub warnings: &'a [String],
    pub imported_by: &'a str,
    pub imported_at: DateTime<Utc>,
}

/// Writes the statement; `None` when the account has a statement of that reference already.
pub async fn insert_bank_statement(
    tx: &mut Tx<'_>,
    new: &NewBankStatement<'_>,
) -> Result<Option<i64>, PayoutStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO bank_statements (program_id, bank_account_id, currency, statement_ref,
             message_ref, format, file_sha256, opening_booked_minor, closing_booked_minor,
             warnings, imported_by, imported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (bank_account_id, statement_ref) DO NOTHING
         RETURNING id",
        new.program_id,
        new.bank_account_id,
        new.currency,
        new.statement_ref,
        new.message_ref,
        new.format,
        new.file_sha256,
        new.opening_booked_minor,
        new.closing_booked_minor,
        new.warnings,
        new.imported_by,
        new.imported_at
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// A statement's line, as written and as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLineRecord {
    pub id: i64,
    pub statement_id: i64,
    pub amount_minor: i64,
    pub credit: bool,
    pub reversal: bool,
    pub status: String,
    pub booking_date: Option<NaiveDate>,
    pub value_date: Option<NaiveDate>,
    pub bank_transaction_code: Option<String>,
    pub bank_reference: Option<String>,
    pub detail: i32,
    pub end_to_end_id: Option<String>,
    pub instruction_id: Option<String>,
    pub payment_information_id: Option<String>,
    pub message_id: Option<String>,
    pub return_reason: Option<String>,
    pub counterparty: Option<String>,
    pub remittance: Option<String>,
    pub origin: String,
}

/// Writes a statement's lines in one statement; how many were new (a line whose bank
/// reference the account has already is skipped).
pub async fn insert_bank_lines(
    tx: &mut Tx<'_>,
    (program_id, bank_account_id, currency): (i64, i64, &str),
    statement_id: i64,
    lines: &[BankLineRecord],
) -> Result<u64, PayoutStoreError> {
    let text = |f: fn(&BankLineRecord) -> Option<&str>| lines.iter().map(f).collect::<Vec<_>>();
    let amounts: Vec<i64> = lines.iter().map(|l| l.amount_minor).collect();
    let credits: Vec<bool> = lines.iter().map(|l| l.credit).collect();
    let reversals: Vec<bool> = lines.iter().map(|l| l.reversal).collect();
    let statuses: Vec<&str> = lines.iter().map(|l| l.status.as_str()).collect();
    let booked: Vec<Option<NaiveDate>> = lines.iter().map(|l| l.booking_date).collect();
    let valued: Vec<Option<NaiveDate>> = lines.iter().map(|l| l.value_date).collect();
    let details: Vec<i32> = lines.iter().map(|l| l.detail).collect();
    let origins: Vec<&str> = lines.iter().map(|l| l.origin.as_str()).collect();
    let done = sqlx::query!(
        "INSERT INTO bank_lines (program_id, statement_id, bank_account_id, currency, amount_minor,
             credit, reversal, status, booking_date, value_date, bank_transaction_code,
             bank_reference, detail, end_to_end_id, instruction_id, payment_information_id,
             message_id, return_reason, counterparty, remittance, origin)
         SELECT $1, $2, $3, $4, a, c, r, s, b, v, k, f, d, e, i, p, m, t, y, x, o
         FROM UNNEST($5::int8[], $6::bool[], $7::bool[], $8::text[], $9::date[], $10::date[],
                     $11::text[], $12::text[], $13::int4[], $14::text[], $15::text[], $16::text[],
                     $17::text[], $18::text[], $19::text[], $20::text[], $21::text[])
              AS n(a, c, r, s, b, v, k, f, d, e, i, p, m, t, y, x, o)
         ON CONFLICT (bank_account_id, bank_reference, detail) WHERE bank_reference IS NOT NULL
         DO NOTHING",
        program_id,
        statement_id,
        bank_account_id,
        currency,
        &amounts,
        &credits,
        &reversals,
        &statuses as &[&str],
        &booked as &[Option<NaiveDate>],
        &valued as &[Option<NaiveDate>],
        &text(|l| l.bank_transaction_code.as_deref()) as &[Option<&str>],
        &text(|l| l.bank_reference.as_deref()) as &[Option<&str>],
        &details,
        &text(|l| l.end_to_end_id.as_deref()) as &[Option<&str>],
        &text(|l| l.instruction_id.as_deref()) as &[Option<&str>],
        &text(|l| l.payment_information_id.as_deref()) as &[Option<&str>],
        &text(|l| l.message_id.as_deref()) as &[Option<&str>],
        &text(|l| l.return_reason.as_deref()) as &[Option<&str>],
        &text(|l| l.counterparty.as_deref()) as &[Option<&str>],
        &text(|l| l.remittance.as_deref()) as &[Option<&str>],
        &origins as &[&str],
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// An account's lines, the newest statement's first, in the statement's order.
pub async fn bank_lines(
    conn: &mut PgConnection,
    program_id: i64,
    bank_account_id: i64,
    limit: i64,
) -> Result<Vec<BankLineRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        BankLineRecord,
        "SELECT id, statement_id, amount_minor, credit, reversal, status, booking_date, value_date,
                bank_transaction_code, bank_reference, detail, end_to_end_id, instruction_id,
                payment_information_id, message_id, return_reason, counterparty, remittance, origin
         FROM bank_lines WHERE program_id = $1 AND bank_account_id = $2
         ORDER BY statement_id DESC, id LIMIT $3",
        program_id,
        bank_account_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}
