//! Opening and finding ledger accounts.

use std::collections::HashMap;

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

/// The most accounts one `open_accounts` call opens.
pub const MAX_ACCOUNTS_PER_OPEN: usize = 100_000;

/// Opens many accounts of one program in two statements (one insert, one read), as
/// `open_account` does one: an account already open with the same attributes is returned,
/// one open with other attributes is a conflict. Returned in the order given.
pub async fn open_accounts(
    tx: &mut Tx<'_>,
    program_id: i64,
    accounts: &[NewAccount],
    opened_at: DateTime<Utc>,
) -> Result<Vec<Account>, LedgerStoreError> {
    assert!(
        accounts.len() <= MAX_ACCOUNTS_PER_OPEN,
        "open at most {MAX_ACCOUNTS_PER_OPEN} accounts at once"
    );
    assert!(
        accounts.iter().all(|a| a.program_id == program_id),
        "accounts of one program"
    );
    let codes: Vec<String> = accounts.iter().map(|a| a.code.to_string()).collect();
    let types: Vec<String> = accounts
        .iter()
        .map(|a| a.account_type.as_str().to_owned())
        .collect();
    let currencies: Vec<String> = accounts
        .iter()
        .map(|a| a.currency.code().to_owned())
        .collect();
    let sides: Vec<String> = accounts
        .iter()
        .map(|a| a.normal_side.as_str().to_owned())
        .collect();
    let flags: Vec<bool> = accounts.iter().map(|a| a.must_not_go_negative).collect();
    let conn: &mut PgConnection = tx;
    sqlx::query!(
        r#"INSERT INTO ledger_accounts
               (code, account_type, currency, normal_side, must_not_go_negative, created_at, program_id)
           SELECT c, t::ledger_account_type, cur, s::ledger_side, f, $6, $7
           FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[]) AS u(c, t, cur, s, f)
           ORDER BY c
           ON CONFLICT (program_id, code) DO NOTHING"#,
        &codes,
        &types,
        &currencies,
        &sides,
        &flags,
        opened_at,
        program_id,
    )
    .execute(&mut *conn)
    .await?;
    let rows = sqlx::query!(
        r#"SELECT id, code, account_type::text AS "account_type!", currency,
                  normal_side::text AS "normal_side!", must_not_go_negative
           FROM ledger_accounts WHERE program_id = $1 AND code = ANY($2)"#,
        program_id,
        &codes,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut by_code = HashMap::with_capacity(rows.len());
    for r in rows {
        let account = account_from_parts(
            r.id,
            &r.code,
            &r.account_type,
            &r.currency,
            &r.normal_side,
            r.must_not_go_negative,
        )?;
        by_code.insert(r.code, account);
    }
    as_wanted(accounts, &by_code)
}

/// The accounts found open, in the order wanted; one open with other attributes than
/// wanted is a conflict.
fn as_wanted(
    accounts: &[NewAccount],
    by_code: &HashMap<String, Account>,
) -> Result<Vec<Account>, LedgerStoreError> {
    accounts
        .iter()
        .map(|wanted| {
            let found = by_code
                .get(wanted.code.as_str())
                .ok_or_else(|| LedgerStoreError::UnknownAccount(wanted.code.to_string()))?;
            let same = found.account_type == wanted.account_type
                && found.currency == wanted.currency
                && found.normal_side == wanted.normal_side
                && found.must_not_go_negative == wanted.must_not_go_negative;
            if same {
                Ok(found.clone())
            } else {
                Err(LedgerStoreError::AccountConflict(wanted.code.to_string()))
            }
        })
        .collect()
}
