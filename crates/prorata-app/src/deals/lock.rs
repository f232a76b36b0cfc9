//! Taking distributions for a change: a set checked and put in the one lock order, and
//! each row locked before it is read for the change.

use prorata_store::control::Tx;
use prorata_store::deals::{DistributionRecord, live_distribution_on_or_after, lock_distribution};

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
/// undone (`verb`: cancel, reverse) before it.
pub(crate) async fn refuse_if_built_on(
    tx: &mut Tx<'_>,
    d: &DistributionRecord,
    verb: &str,
) -> Result<(), Error> {
    let next_day = d.value_date.succ_opt().unwrap_or(d.value_date);
    if let Some((later, on)) = live_distribution_on_or_after(tx, d.deal_id, next_day).await? {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "distribution {later} of {on} builds on this one's high-water mark: {verb} it first"
            ),
        ));
    }
    Ok(())
}
