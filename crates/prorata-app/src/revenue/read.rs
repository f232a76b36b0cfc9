//! `prorata community show | list` and `prorata revenue show | list`: a community with its
//! shares and members, and its transactions with every step of their split.

use prorata_domain::Currency;
use prorata_domain::ledger::chart::member_wallet;
use prorata_domain::revenue_split::CommunityRole;
use prorata_store::revenue::{
    CommunityRecord, RevenueTransactionRecord, community_members, community_shares,
    community_totals, find_community, list_communities as stored_communities, revenue_transactions,
    role_parts_of, wallet_credits_of,
};
use prorata_store::{PgConnection, Store};
use rust_decimal::Decimal;

use super::views::{
    CommunityTotalsView, CommunityView, MemberView, RevenueCreditView, RevenueRoleView,
    RevenueView, RoleShareView,
};
use crate::responses::Items;
use crate::session::Session;
use crate::{Error, stored};

/// The most transactions one list returns.
const LIST_LIMIT: i64 = 100_000;

/// The program's community with this id or name.
pub(crate) async fn community_by_ref(
    conn: &mut PgConnection,
    session: &Session,
    reference: &str,
) -> Result<CommunityRecord, Error> {
    let reference = reference.trim();
    find_community(conn, session.program.id, reference)
        .await?
        .ok_or_else(|| Error::invalid("community", format!("no community is named {reference}")))
}

pub async fn show_community(
    store: &Store,
    session: &Session,
    reference: &str,
) -> Result<CommunityView, Error> {
    let mut conn = store.acquire().await?;
    let community = community_by_ref(&mut conn, session, reference).await?;
    community_view(&mut conn, community).await
}

pub async fn list_communities(
    store: &Store,
    session: &Session,
) -> Result<Items<CommunityView>, Error> {
    let mut conn = store.acquire().await?;
    let mut items = Vec::new();
    for community in stored_communities(&mut conn, session.program.id).await? {
        items.push(community_view(&mut conn, community).await?);
    }
    Ok(Items { items })
}

async fn community_view(
    conn: &mut PgConnection,
    community: CommunityRecord,
) -> Result<CommunityView, Error> {
    let text = |d: Decimal| d.normalize().to_string();
    let role_shares = community_shares(conn, community.id)
        .await?
        .into_iter()
        .map(|(role, share)| RoleShareView {
            role,
            share: text(share),
        })
        .collect();
    let members = community_members(conn, community.id)
        .await?
        .into_iter()
        .map(|m| MemberView {
            id: m.id,
            wallet: member_wallet(m.id).code.to_string(),
            name: m.name,
            role: m.role,
            weight: text(m.weight),
        })
        .collect();
    let t = community_totals(conn, community.id).await?;
    let currency = stored::currency(&community.currency)?;
    let amount = |minor: i64| stored::amount(minor, currency);
    let totals = CommunityTotalsView {
        transactions: t.transactions,
        gross: amount(t.gross_minor)?,
        gst: amount(t.gst_minor)?,
        gateway_fees: amount(t.gateway_fees_minor)?,
        platform_fees: amount(t.platform_fees_minor)?,
        net: amount(t.net_minor)?,
        withdrawn: amount(t.withdrawn_minor)?,
    };
    Ok(CommunityView {
        totals,
        id: community.id,
        name: community.name,
        currency: community.currency,
        role_shares,
        members,
    })
}

pub async fn show_revenue(store: &Store, session: &Session, id: i64) -> Result<RevenueView, Error> {
    let mut conn = store.acquire().await?;
    let record = revenue_transactions(&mut conn, session.program.id, None, Some(id), 0, 1)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid("id", format!("no revenue transaction is numbered {id}")))?;
    let currency = stored::currency(&record.currency)?;
    let credits = wallet_credits_of(&mut conn, id)
        .await?
        .into_iter()
        .map(|c| {
            Ok(RevenueCreditView {
                member_id: c.member_id,
                member: c.member,
                role: c.role,
                amount: stored::amount(c.amount_minor, currency)?,
                available_on: c.available_on.to_string(),
                status: c.status,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let parts = role_parts_of(&mut conn, &[id]).await?;
    revenue_view(record, &parts, credits)
}

/// The program's transactions, of one community or all, the newest recorded first, each with its
/// steps and roles' parts (the members' credits are in `show`).
pub async fn list_revenue(
    store: &Store,
    session: &Session,
    community: Option<&str>,
) -> Result<Items<RevenueView>, Error> {
    let mut conn = store.acquire().await?;
    let community_id = match community {
        Some(reference) => Some(community_by_ref(&mut conn, session, reference).await?.id),
        None => None,
    };
    let program_id = session.program.id;
    let records =
        revenue_transactions(&mut conn, program_id, community_id, None, 0, LIST_LIMIT).await?;
    let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
    let parts = role_parts_of(&mut conn, &ids).await?;
    // The newest first.
    let items = records
        .into_iter()
        .rev()
        .map(|record| revenue_view(record, &parts, Vec::new()))
        .collect::<Result<_, Error>>()?;
    Ok(Items { items })
}

/// Whether a transaction's gateway has paid it into the bank: `settled` or `recorded`.
pub(crate) fn status_word(r: &RevenueTransactionRecord) -> &'static str {
    if r.settlement_id.is_some() {
        "settled"
    } else {
        "recorded"
    }
}

/// Where a transaction stands with review: `none`, `held` or `released`.
pub(crate) fn review_word(r: &RevenueTransactionRecord) -> &'static str {
    match r.hold_released {
        None => "none",
        Some(false) => "held",
        Some(true) => "released",
    }
}

/// A transaction with its roles' parts, found among `parts` (of any transactions, by id).
fn revenue_view(
    r: RevenueTransactionRecord,
    parts: &[(i64, CommunityRole, Decimal, i64)],
    credits: Vec<RevenueCreditView>,
) -> Result<RevenueView, Error> {
    let currency: Currency = stored::currency(&r.currency)?;
    let amount = |minor: i64| stored::amount(minor, currency);
    let text = |d: Decimal| d.normalize().to_string();
    let roles = parts
        .iter()
        .filter(|p| p.0 == r.id)
        .map(|&(_, role, share, minor)| {
            Ok(RevenueRoleView {
                role,
                share: text(share),
                amount: amount(minor)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(RevenueView {
        id: r.id,
        status: status_word(&r).to_owned(),
        review: review_word(&r).to_owned(),
        community_id: r.community_id,
        community: r.community,
        source: r.source,
        currency: r.currency,
        date: r.occurred_on.to_string(),
        gateway: r.gateway,
        reference: r.reference,
        fee_schedule_id: r.fee_schedule_id,
        gst_rate: text(r.gst_rate),
        gateway_fee_rate: text(r.gateway_fee_rate),
        platform_fee_rate: text(r.platform_fee_rate),
        gross: amount(r.gross_minor)?,
        gst: amount(r.gst_minor)?,
        gateway_fee: amount(r.gateway_fee_minor)?,
        gateway_fee_gst: amount(r.gateway_fee_gst_minor)?,
        platform_fee: amount(r.platform_fee_minor)?,
        platform_fee_gst: amount(r.platform_fee_gst_minor)?,
        net: amount(r.net_minor)?,
        roles,
        credits,
        journal_entry_id: r.entry_id,
        settlement_id: r.settlement_id,
        recorded_by: r.recorded_by,
    })
}
