//! The organisation's bank accounts: where remittances arrive and payouts leave from.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{PayoutStoreError, Tx};

/// A bank account to register; its number already sealed under
/// [`bank_account_context`].
#[derive(Debug, Clone)]
pub struct NewBankAccount<'a> {
    pub program_id: i64,
    pub name: &'a str,
    pub currency: &'a str,
    pub account_number_sealed: &'a [u8],
    pub account_number_last4: &'a str,
    pub is_iban: bool,
    pub bic: Option<&'a str>,
    pub bank_name: Option<&'a str>,
    pub created_by: &'a str,
    pub created_at: DateTime<Utc>,
}

/// A bank account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccountRecord {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub account_number_sealed: Vec<u8>,
    pub account_number_last4: String,
    pub is_iban: bool,
    pub bic: Option<String>,
    pub bank_name: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// Where a bank account's sealed number belongs: its program and its name, which never
/// change (a sealed value moved to another row does not open).
pub fn bank_account_context(program_id: i64, name: &str) -> String {
    format!("bank_accounts.account_number:{program_id}:{name}")
}

/// Registers a bank account; `None` if the program already has one of that name.
pub async fn insert_bank_account(
    tx: &mut Tx<'_>,
    new: &NewBankAccount<'_>,
) -> Result<Option<i64>, PayoutStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO bank_accounts (program_id, name, currency, account_number_sealed,
             account_number_last4, is_iban, bic, bank_name, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (program_id, name) DO NOTHING RETURNING id",
        new.program_id,
        new.name,
        new.currency,
        new.account_number_sealed,
        new.account_number_last4,
        new.is_iban,
        new.bic,
        new.bank_name,
        new.created_by,
        new.created_at,
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The program's bank account with this id (all digits) or else this name.
pub async fn find_bank_account(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
) -> Result<Option<BankAccountRecord>, PayoutStoreError> {
    let (id, name) = super::id_or_name(key);
    Ok(sqlx::query_as!(
        BankAccountRecord,
        "SELECT id, name, currency, account_number_sealed, account_number_last4, is_iban, bic,
                bank_name, created_by, created_at
         FROM bank_accounts WHERE program_id = $1 AND (id = $2 OR name = $3)",
        program_id,
        id,
        name
    )
    .fetch_optional(conn)
    .await?)
}

/// The program's bank accounts, in the order they were registered.
pub async fn list_bank_accounts(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<BankAccountRecord>, PayoutStoreError> {
    Ok(sqlx::query_as!(
        BankAccountRecord,
        "SELECT id, name, currency, account_number_sealed, account_number_last4, is_iban, bic,
                bank_name, created_by, created_at
         FROM bank_accounts WHERE program_id = $1 ORDER BY id",
        program_id
    )
    .fetch_all(conn)
    .await?)
}
