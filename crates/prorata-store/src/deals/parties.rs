//! Partners, who run deals, and investors, who fund them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{DealStoreError, Tx};

/// A partner or an investor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub id: i64,
    pub name: String,
    pub email_sealed: Option<Vec<u8>>,
}

/// Adds a partner; `None` if the program already has one of that name.
pub async fn create_partner(
    tx: &mut Tx<'_>,
    program_id: i64,
    name: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Option<i64>, DealStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO partners (program_id, name, created_by, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (program_id, name) DO NOTHING RETURNING id",
        program_id,
        name,
        by,
        at
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Adds an investor with an optional sealed e-mail; `None` if the name is taken.
pub async fn create_investor(
    tx: &mut Tx<'_>,
    program_id: i64,
    name: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Option<i64>, DealStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO investors (program_id, name, created_by, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (program_id, name) DO NOTHING RETURNING id",
        program_id,
        name,
        by,
        at
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Seals an investor's e-mail (already sealed by the caller with the row's context).
pub async fn set_investor_email(
    tx: &mut Tx<'_>,
    investor_id: i64,
    sealed: &[u8],
) -> Result<(), DealStoreError> {
    sqlx::query!(
        "UPDATE investors SET email_sealed = $2 WHERE id = $1",
        investor_id,
        sealed
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The program's partner with this id (all digits) or else this name.
pub async fn find_partner(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
) -> Result<Option<Party>, DealStoreError> {
    let (id, name) = super::id_or_name(key);
    Ok(sqlx::query_as!(
        Party,
        r#"SELECT id, name, NULL::bytea AS "email_sealed" FROM partners
           WHERE program_id = $1 AND (id = $2 OR name = $3)"#,
        program_id,
        id,
        name
    )
    .fetch_optional(conn)
    .await?)
}

/// The program's investor with this id (all digits) or else this name.
pub async fn find_investor(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
) -> Result<Option<Party>, DealStoreError> {
    let (id, name) = super::id_or_name(key);
    Ok(sqlx::query_as!(
        Party,
        "SELECT id, name, email_sealed FROM investors
         WHERE program_id = $1 AND (id = $2 OR name = $3)",
        program_id,
        id,
        name
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn list_partners(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<Party>, DealStoreError> {
    Ok(sqlx::query_as!(
        Party,
        r#"SELECT id, name, NULL::bytea AS "email_sealed" FROM partners WHERE program_id = $1 ORDER BY id"#,
        program_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn list_investors(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<Party>, DealStoreError> {
    Ok(sqlx::query_as!(
        Party,
        "SELECT id, name, email_sealed FROM investors WHERE program_id = $1 ORDER BY id",
        program_id
    )
    .fetch_all(conn)
    .await?)
}

/// The names of some of a program's deals, partners and investors, by id: what the ledger's
/// screens show beside the codes of their accounts. Ids of another program are not found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyNames {
    pub deals: HashMap<i64, String>,
    pub partners: HashMap<i64, String>,
    pub investors: HashMap<i64, String>,
}

pub async fn party_names(
    conn: &mut PgConnection,
    program_id: i64,
    deal_ids: &[i64],
    partner_ids: &[i64],
    investor_ids: &[i64],
) -> Result<PartyNames, DealStoreError> {
    let rows = sqlx::query!(
        r#"SELECT 'deal' AS "kind!", id AS "id!", name AS "name!" FROM deals
           WHERE program_id = $1 AND id = ANY($2)
           UNION ALL
           SELECT 'partner', id, name FROM partners WHERE program_id = $1 AND id = ANY($3)
           UNION ALL
           SELECT 'investor', id, name FROM investors WHERE program_id = $1 AND id = ANY($4)"#,
        program_id,
        deal_ids,
        partner_ids,
        investor_ids
    )
    .fetch_all(conn)
    .await?;
    let mut names = PartyNames::default();
    for r in rows {
        let map = match r.kind.as_str() {
            "deal" => &mut names.deals,
            "partner" => &mut names.partners,
            _ => &mut names.investors,
        };
        map.insert(r.id, r.name);
    }
    Ok(names)
}
