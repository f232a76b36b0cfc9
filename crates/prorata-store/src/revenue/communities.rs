//! Communities, their role shares (written with the community, adding up to 100%) and their
//! members per role.

use chrono::{DateTime, Utc};
use prorata_domain::revenue_split::CommunityRole;
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{RevenueStoreError, Tx};
use crate::deals::id_or_name;
use crate::states::Stored;

/// A community to add, with its role shares.
#[derive(Debug, Clone)]
pub struct NewCommunity<'a> {
    pub program_id: i64,
    pub name: &'a str,
    pub currency: &'a str,
    pub shares: &'a [(CommunityRole, Decimal)],
    pub created_by: &'a str,
    pub created_at: DateTime<Utc>,
}

/// A community as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommunityRecord {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// A member to add.
#[derive(Debug, Clone)]
pub struct NewMember<'a> {
    pub program_id: i64,
    pub community_id: i64,
    pub name: &'a str,
    pub role: CommunityRole,
    pub weight: Decimal,
    pub added_by: &'a str,
    pub added_at: DateTime<Utc>,
}

/// A member as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    pub id: i64,
    pub name: String,
    pub role: CommunityRole,
    pub weight: Decimal,
}

/// Adds a community and its shares; `None` if the program has one of this name.
pub async fn insert_community(
    tx: &mut Tx<'_>,
    new: &NewCommunity<'_>,
) -> Result<Option<i64>, RevenueStoreError> {
    let Some(id) = sqlx::query_scalar!(
        "INSERT INTO communities (program_id, name, currency, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (program_id, name) DO NOTHING RETURNING id",
        new.program_id,
        new.name,
        new.currency,
        new.created_by,
        new.created_at
    )
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    let roles: Vec<&str> = new.shares.iter().map(|(role, _)| role.as_str()).collect();
    let shares: Vec<Decimal> = new.shares.iter().map(|(_, share)| *share).collect();
    sqlx::query!(
        "INSERT INTO community_role_shares (program_id, community_id, role, share)
         SELECT $1, $2, role::community_role, share FROM UNNEST($3::text[], $4::numeric[]) AS s(role, share)",
        new.program_id,
        id,
        &roles as &[&str],
        &shares
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}

/// The program's community with this id (all digits) or else this name.
pub async fn find_community(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
) -> Result<Option<CommunityRecord>, RevenueStoreError> {
    let (id, name) = id_or_name(key);
    Ok(sqlx::query_as!(
        CommunityRecord,
        "SELECT id, name, currency, created_by, created_at
         FROM communities WHERE program_id = $1 AND (id = $2 OR name = $3)",
        program_id,
        id,
        name
    )
    .fetch_optional(conn)
    .await?)
}

/// The program's communities, by name.
pub async fn list_communities(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Vec<CommunityRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        CommunityRecord,
        "SELECT id, name, currency, created_by, created_at
         FROM communities WHERE program_id = $1 ORDER BY name",
        program_id
    )
    .fetch_all(conn)
    .await?)
}

/// A community's role shares, in the order of the roles.
pub async fn community_shares(
    conn: &mut PgConnection,
    community_id: i64,
) -> Result<Vec<(CommunityRole, Decimal)>, RevenueStoreError> {
    let rows = sqlx::query!(
        r#"SELECT role::text AS "role!: Stored<CommunityRole>", share
           FROM community_role_shares WHERE community_id = $1 ORDER BY role"#,
        community_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.role.0, r.share)).collect())
}

/// Adds a member; `None` if the community has one of this name.
pub async fn insert_member(
    tx: &mut Tx<'_>,
    new: &NewMember<'_>,
) -> Result<Option<i64>, RevenueStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO community_members (program_id, community_id, name, role, weight, added_by, added_at)
         VALUES ($1, $2, $3, $4::text::community_role, $5, $6, $7)
         ON CONFLICT (community_id, name) DO NOTHING RETURNING id",
        new.program_id,
        new.community_id,
        new.name,
        new.role.as_str(),
        new.weight,
        new.added_by,
        new.added_at
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// A community's members, by role then in the order they were added.
pub async fn community_members(
    conn: &mut PgConnection,
    community_id: i64,
) -> Result<Vec<MemberRecord>, RevenueStoreError> {
    Ok(sqlx::query_as!(
        MemberRecord,
        r#"SELECT id, name, role::text AS "role!: Stored<CommunityRole>", weight
           FROM community_members WHERE community_id = $1 ORDER BY role, id"#,
        community_id
    )
    .fetch_all(conn)
    .await?)
}

/// What a community's revenue came to, in its currency, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommunityTotals {
    pub transactions: i64,
    pub gross_minor: i64,
    /// GST on the gross and on the platform's fee.
    pub gst_minor: i64,
    /// The gateway's fees with their GST.
    pub gateway_fees_minor: i64,
    pub platform_fees_minor: i64,
    pub net_minor: i64,
    /// What its members' paid withdrawals took from their wallets.
    pub withdrawn_minor: i64,
}

pub async fn community_totals(
    conn: &mut PgConnection,
    community_id: i64,
) -> Result<CommunityTotals, RevenueStoreError> {
    Ok(sqlx::query_as!(
        CommunityTotals,
        r#"SELECT count(*) AS "transactions!",
                  coalesce(sum(gross_minor), 0)::bigint AS "gross_minor!",
                  coalesce(sum(gst_minor + platform_fee_gst_minor), 0)::bigint AS "gst_minor!",
                  coalesce(sum(gateway_fee_minor + gateway_fee_gst_minor), 0)::bigint AS "gateway_fees_minor!",
                  coalesce(sum(platform_fee_minor), 0)::bigint AS "platform_fees_minor!",
                  coalesce(sum(net_minor), 0)::bigint AS "net_minor!",
                  coalesce((SELECT sum(d.amount_minor) FROM withdrawals d
                            JOIN ledger_accounts a ON a.id = d.payee_account_id
                            JOIN community_members m ON a.code = 'member:' || m.id || ':wallet'
                                                    AND a.program_id = m.program_id
                            WHERE m.community_id = $1 AND d.status = 'paid'), 0)::bigint AS "withdrawn_minor!"
           FROM revenue_transactions WHERE community_id = $1"#,
        community_id
    )
    .fetch_one(conn)
    .await?)
}
