//! Opening and finding ledger accounts.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use prorata_domain::Currency;
use prorata_domain::ledger::{AccountCode, AccountType, Side};
use sqlx::PgConnection;

use super::Tx;

use super::{Account, LedgerStoreError, NewAccount};

/// The account of a query row that selects `id, code, account_type, currency, normal_side,
/// must_not_go_negative` (each query's row is a type of its own, hence a macro).
macro_rules! account_of_row {
    ($row:expr) => {
        account_from_parts(
            $row.id,
            &$row.code,
            &$row.account_type,
            &$row.currency,
            &$row.normal_side,
            $row.must_not_go_negative,
        )
    };
}
pub(crate) use account_of_row;

/// Opens an account, or returns it if it is already open with the same attributes: opening
/// is idempotent by program, code and currency (one book per currency: the same code in
/// another currency is another account), and an account never changes meaning.
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
           ON CONFLICT (program_id, code, currency) DO NOTHING
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
    let existing = find_account(
        conn,
        account.program_id,
        account.code.as_str(),
        account.currency,
    )
    .await?
    .ok_or_else(|| LedgerStoreError::UnknownAccount(account.code.to_string()))?;
    let same = existing.account_type == account.account_type
        && existing.normal_side == account.normal_side
        && existing.must_not_go_negative == account.must_not_go_negative;
    if same {
        Ok(existing)
    } else {
        Err(LedgerStoreError::AccountConflict(account.code.to_string()))
    }
}

/// The program's account with this code in this currency.
pub async fn find_account(
    conn: &mut PgConnection,
    program_id: i64,
    code: &str,
    currency: Currency,
) -> Result<Option<Account>, LedgerStoreError> {
    let row = sqlx::query!(
        r#"SELECT id, code, account_type::text AS "account_type!", currency,
                  normal_side::text AS "normal_side!", must_not_go_negative
           FROM ledger_accounts WHERE program_id = $1 AND code = $2 AND currency = $3"#,
        program_id,
        code,
        currency.code(),
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| account_of_row!(r)).transpose()
}

/// The account a read names by code, and by currency where the code is kept in more than
/// one: a code alone that names accounts in several currencies is ambiguous, and the error
/// lists them; a currency the code is not kept in lists those it is.
pub async fn resolve_account(
    conn: &mut PgConnection,
    program_id: i64,
    code: &str,
    currency: Option<Currency>,
) -> Result<Account, LedgerStoreError> {
    let rows = sqlx::query!(
        r#"SELECT id, code, account_type::text AS "account_type!", currency,
                  normal_side::text AS "normal_side!", must_not_go_negative
           FROM ledger_accounts WHERE program_id = $1 AND code = $2 ORDER BY currency"#,
        program_id,
        code,
    )
    .fetch_all(conn)
    .await?;
    let mut accounts = Vec::with_capacity(rows.len());
    for r in rows {
        accounts.push(account_of_row!(r)?);
    }
    let kept_in = || accounts.iter().map(|a| a.currency.to_string()).collect();
    match currency {
        Some(wanted) => match accounts.iter().find(|a| a.currency == wanted) {
            Some(account) => Ok(account.clone()),
            None if accounts.is_empty() => Err(LedgerStoreError::UnknownAccount(code.to_owned())),
            None => Err(LedgerStoreError::NotInCurrency {
                code: code.to_owned(),
                currency: wanted.to_string(),
                kept_in: kept_in(),
            }),
        },
        None => match accounts.len() {
            0 => Err(LedgerStoreError::UnknownAccount(code.to_owned())),
            1 => Ok(accounts.remove(0)),
            _ => Err(LedgerStoreError::AmbiguousAccount {
                code: code.to_owned(),
                currencies: kept_in(),
            }),
        },
    }
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
/// `open_account` does one, each by code and currency: an account already open with the same attributes is returned,
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
           ORDER BY c, cur
           ON CONFLICT (program_id, code, currency) DO NOTHING"#,
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
        r#"SELECT a.id, a.code, a.account_type::text AS "account_type!", a.currency,
                  a.normal_side::text AS "normal_side!", a.must_not_go_negative
           FROM unnest($2::text[], $3::text[]) AS w(code, currency)
           JOIN ledger_accounts a ON a.program_id = $1 AND a.code = w.code AND a.currency = w.currency"#,
        program_id,
        &codes,
        &currencies,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut by_key = HashMap::with_capacity(rows.len());
    for r in rows {
        let account = account_of_row!(r)?;
        by_key.insert((r.code, account.currency), account);
    }
    as_wanted(accounts, &by_key)
}

/// The accounts found open, in the order wanted; one open with other attributes than
/// wanted is a conflict.
fn as_wanted(
    accounts: &[NewAccount],
    by_key: &HashMap<(String, Currency), Account>,
) -> Result<Vec<Account>, LedgerStoreError> {
    accounts
        .iter()
        .map(|wanted| {
            let found = by_key
                .get(&(wanted.code.to_string(), wanted.currency))
                .ok_or_else(|| LedgerStoreError::UnknownAccount(wanted.code.to_string()))?;
            let same = found.account_type == wanted.account_type
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
