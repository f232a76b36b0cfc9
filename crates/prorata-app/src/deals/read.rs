//! `prorata deal list | show`, `performance list` and `distribution show | list`: what the
//! front ends read. Any role in the program may read.

use std::collections::HashMap;

use prorata_store::deals::{
    BreakerMove, DistributionRecord, breaker_moves, find_distribution, investments_of, shares_of,
};
use prorata_store::{PgConnection, Store};

use super::deal::deal_by_ref;
use super::invest::capital_of;
use super::views::{deal_view, distribution_view, history, investment_view, performance_view};
use super::{DealDetail, DealView, DistributionView, MAX_LIST_ROWS, PerformanceView};
use crate::responses::Items;
use crate::session::Session;
use crate::{Error, stored};

pub async fn list_deals(store: &Store, session: &Session) -> Result<Items<DealView>, Error> {
    let mut conn = store.acquire().await?;
    let deals =
        prorata_store::deals::list_deals(&mut conn, session.program.id, 0, MAX_LIST_ROWS).await?;
    Ok(Items {
        items: deals
            .into_iter()
            .map(|d| deal_view(d, &session.actor))
            .collect::<Result<_, _>>()?,
    })
}

/// A deal with its investments, performance records, history of value and mark, and
/// distributions.
pub async fn show_deal(
    store: &Store,
    session: &Session,
    deal_ref: &str,
) -> Result<DealDetail, Error> {
    let mut conn = store.acquire().await?;
    let deal = deal_by_ref(&mut conn, session, deal_ref).await?;
    let currency = stored::currency(&deal.currency)?;
    let investments = investments_of(&mut conn, deal.id).await?;
    let records = prorata_store::deals::list_performance(&mut conn, deal.id, MAX_LIST_ROWS).await?;
    let distributions = prorata_store::deals::list_distributions(
        &mut conn,
        session.program.id,
        Some(deal.id),
        MAX_LIST_ROWS,
    )
    .await?;
    let capital = capital_of(&investments, currency)?;
    let history = history(&records, &distributions, &capital, currency)?;
    Ok(DealDetail {
        investments: investments
            .into_iter()
            .map(|i| investment_view(i, currency))
            .collect::<Result<_, Error>>()?,
        performance: records
            .into_iter()
            .map(|r| performance_view(r, &deal, &session.actor))
            .collect::<Result<_, _>>()?,
        history,
        distributions: list_views(&mut conn, session, distributions).await?,
        deal: deal_view(deal, &session.actor)?,
    })
}

pub async fn list_performance(
    store: &Store,
    session: &Session,
    deal_ref: &str,
) -> Result<Items<PerformanceView>, Error> {
    let mut conn = store.acquire().await?;
    let deal = deal_by_ref(&mut conn, session, deal_ref).await?;
    let records = prorata_store::deals::list_performance(&mut conn, deal.id, MAX_LIST_ROWS).await?;
    Ok(Items {
        items: records
            .into_iter()
            .map(|r| performance_view(r, &deal, &session.actor))
            .collect::<Result<_, _>>()?,
    })
}

/// A distribution with every share: the whole calculation, for review before approval.
pub async fn show_distribution(
    store: &Store,
    session: &Session,
    id: i64,
) -> Result<DistributionView, Error> {
    let mut conn = store.acquire().await?;
    let d = find_distribution(&mut conn, session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("id", format!("no distribution {id}")))?;
    let shares = shares_of(&mut conn, id).await?;
    let breaker = breaker_moves(&mut conn, session.program.id, &[id]).await?;
    distribution_view(d, shares, breaker.first(), &session.actor)
}

/// Distributions as a list shows them (no shares), flagged ones with the breaker's verdict,
/// read for all of them in one query.
async fn list_views(
    conn: &mut PgConnection,
    session: &Session,
    rows: Vec<DistributionRecord>,
) -> Result<Vec<DistributionView>, Error> {
    let flagged: Vec<i64> = rows.iter().filter(|d| d.flagged).map(|d| d.id).collect();
    let moves: HashMap<i64, BreakerMove> = breaker_moves(conn, session.program.id, &flagged)
        .await?
        .into_iter()
        .map(|m| (m.distribution_id, m))
        .collect();
    rows.into_iter()
        .map(|d| {
            let breaker = moves.get(&d.id);
            distribution_view(d, Vec::new(), breaker, &session.actor)
        })
        .collect()
}

pub async fn list_distributions(
    store: &Store,
    session: &Session,
    deal_ref: Option<&str>,
) -> Result<Items<DistributionView>, Error> {
    let mut conn = store.acquire().await?;
    let deal_id = match deal_ref {
        Some(deal_ref) => Some(deal_by_ref(&mut conn, session, deal_ref).await?.id),
        None => None,
    };
    let rows = prorata_store::deals::list_distributions(
        &mut conn,
        session.program.id,
        deal_id,
        MAX_LIST_ROWS,
    )
    .await?;
    Ok(Items {
        items: list_views(&mut conn, session, rows).await?,
    })
}
