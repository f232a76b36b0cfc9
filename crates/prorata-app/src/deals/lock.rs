//! Taking deals and distributions for a change: a set checked and put in the one lock
//! order, and each row locked before it is read for the change.
//!
//! The one lock order: a deal before its distributions, deals and distributions each in
//! ascending id. Whatever moves a deal's high-water mark (capital added, a distribution
//! prepared, cancelled, reversed or posted) holds the deal's row lock, so two of them
//! never both read the same old mark.

use prorata_store::control::Tx;
use prorata_store::deals::{
    DealRecord, DistributionRecord, find_distribution, live_distribution_on_or_after, lock_deal,
    lock_deals_of_distributions, lock_distribution, reversal_under_way,
};

use super::MAX_DISTRIBUTIONS_PER_CALL;
use crate::session::Session;
use crate::{Code, Error};

/// The ids in ascending order, checked: 1 to [`MAX_DISTRIBUTIONS_PER_CALL`], none twice.
/// Every job that locks several distributions locks them in this one order, so two of them
/// can never wait for each other.
pub(crate) fn lock_order(ids: &[i64]) -> Result<Vec<i64>, Error> {
    if ids.is_empty() || ids.len() > MAX_DISTRIBUTIONS_PER_CALL {
        return Err(Error::invalid(
            "id",
            format!("give 1 to {MAX_DISTRIBUTIONS_PER_CALL} distributions"),
        ));
    }
    let mut seen = std::collections::HashSet::with_capacity(ids.len());
    if let Some(twice) = ids.iter().find(|id| !seen.insert(**id)) {
        return Err(Error::invalid(
            "id",
            format!("distribution {twice} is given twice"),
        ));
    }
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    Ok(sorted)
}

/// The program's deal `deal_id`, locked for the rest of the transaction and read afresh.
pub(crate) async fn locked_deal(
    tx: &mut Tx<'_>,
    session: &Session,
    deal_id: i64,
) -> Result<DealRecord, Error> {
    lock_deal(tx, session.program.id, deal_id)
        .await?
        .ok_or_else(|| Error::invalid("deal", format!("no deal {deal_id}")))
}

/// The program's distribution `id` locked after its deal, in the one lock order.
pub(crate) async fn locked_with_deal(
    tx: &mut Tx<'_>,
    session: &Session,
    id: i64,
) -> Result<DistributionRecord, Error> {
    let d = find_distribution(tx, session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("id", format!("no distribution {id}")))?;
    locked_deal(tx, session, d.deal_id).await?;
    locked(tx, session, id).await
}

/// The deals of the distributions `ids`, locked in the one lock order before any of the
/// distributions is.
pub(crate) async fn lock_deals_of(
    tx: &mut Tx<'_>,
    session: &Session,
    ids: &[i64],
) -> Result<(), Error> {
    lock_deals_of_distributions(tx, session.program.id, ids).await?;
    Ok(())
}

/// A reversal of one of the deal's distributions is under way: the mark it undoes is about
/// to go, so no later date may be prepared on it until it is posted or cancelled.
pub(crate) async fn pending_reversal(
    tx: &mut Tx<'_>,
    deal_id: i64,
) -> Result<Option<String>, Error> {
    Ok(reversal_under_way(tx, deal_id).await?.map(|(reversal, original)| {
        format!(
            "reversal {reversal} of distribution {original} is under way: post or cancel it first"
        )
    }))
}

/// The program's distribution `id`, locked for the rest of the transaction.
pub(crate) async fn locked(
    tx: &mut Tx<'_>,
    session: &Session,
    id: i64,
) -> Result<DistributionRecord, Error> {
    lock_distribution(tx, session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("id", format!("no distribution {id}")))
}

/// A later live distribution of the deal builds on `d`'s high-water mark: `d` may not be
/// undone (cancelled, reversed, its reversal posted) before that one is.
pub(crate) async fn refuse_if_built_on(
    tx: &mut Tx<'_>,
    d: &DistributionRecord,
) -> Result<(), Error> {
    let next_day = d.value_date.succ_opt().unwrap_or(d.value_date);
    if let Some((later, on)) = live_distribution_on_or_after(tx, d.deal_id, next_day).await? {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "distribution {later} of {on} builds on the high-water mark of distribution {}: \
                 cancel or reverse {later} first",
                d.id
            ),
        ));
    }
    Ok(())
}
