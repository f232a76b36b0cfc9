//! Opening and finding ledger accounts.

use chrono::{DateTime, Utc};
use prorata_domain::Currency;
use prorata_domain::ledger::{AccountCode, AccountType, Side};
use sqlx::PgConnection;

use super::Tx;

use super::{Account, LedgerStoreError, NewAccount};

/// Opens an account, or returns it if it is already open with the same attributes: opening
/// is idempotent by program and code, and a code never changes meaning.
pub async fn open_account(
    tx: &mut Tx<'_>,
    account: &NewAccount,
    opened_at: DateTime<Utc>,
) -> Result<Account, LedgerStoreError> {
    let conn: &mut PgConnection = tx;
    let inserted = sqlx::query_scalar!(
        r#"INSERT INTO ledger_accounts
               (code, account_type, currency, normal_side, must_not_go_negative, created_at, program_id)
           VALUES ($1, $2::text::ledger_account_type, $3, $4::text::ledger_side, $5, $6, $7)
           ON CONFLICT (program_id, code) DO NOTHING
           RETURNING id"#,
        account.code.as_str(),
        account.account_type.as_str(),
        account.currency.code(),
        account.normal_side.as_str(),
        account.must_not_go_negative,
        opened_at,
        account.program_id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = inserted {
        return Ok(Account {
            id,
            code: account.code.clone(),
            account_type: account.account_type,
            currency: account.currency,
            normal_side: account.normal_side,
            must_not_go_negative: account.must_not_go_negative,
        });
    }
    let existing = find_account(conn, account.program_id, account.code.as_str())
        .await?
        .ok_or_else(|| LedgerStoreError::UnknownAccount(account.code.to_string()))?;
    let same = existing.account_type == account.account_type
        && existing.currency == account.currency
        && existing.normal_side == account.normal_side
        && existing.must_not_go_negative == account.must_not_go_negative;
    if same {
        Ok(existing)
    } else {
        Err(LedgerStoreError::AccountConflict(account.code.to_string()))
    }
}

/// The program's account with this code.
pub async fn find_account(
    conn: &mut PgConnection,
    program_id: i64,
    code: &str,
) -> Result<Option<Account>, LedgerStoreError> {
    let row = sqlx::query!(
        r#"SELECT id, code, account_type::text AS "account_type!", currency,
                  normal_side::text AS "normal_side!", must_not_go_negative
           FROM ledger_accounts WHERE program_id = $1 AND code = $2"#,
        program_id,
        code,
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        account_from_parts(
            r.id,
            &r.code,
            &r.account_type,
            &r.currency,
            &r.normal_side,
            r.must_not_go_negative,
        )
    })
    .transpose()
}

/// Rebuilds an account from stored text; text the domain does not accept means the store
/// was changed behind the ledger's back, which is reported, never papered over.
pub(crate) fn account_from_parts(
    id: i64,
    code: &str,
    account_type: &str,
    currency: &str,
    normal_side: &str,
    must_not_go_negative: bool,
) -> Result<Account, LedgerStoreError> {
    let corrupt = |what: String| LedgerStoreError::Database(sqlx::Error::Decode(what.into()));
    Ok(Account {
        id,
        code: AccountCode::parse(code).map_err(|e| corrupt(e.to_string()))?,
        account_type: AccountType::parse(account_type).map_err(|e| corrupt(e.to_string()))?,
        currency: Currency::from_code(currency).map_err(|e| corrupt(e.to_string()))?,
        normal_side: Side::parse(normal_side).map_err(|e| corrupt(e.to_string()))?,
        must_not_go_negative,
    })
}
