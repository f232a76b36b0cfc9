//! `prorata units holdings --deal DEAL [--as-of D]`: who holds the deal's units at the end of
//! a day, from the register's movements, and each holder's part of all of them.

use prorata_domain::Units;
use prorata_statements::text::percent_of;
use prorata_store::Store;
use prorata_store::units::holdings_as_of;

use super::views::{HoldingView, HoldingsView};
use crate::deals::deal_by_ref;
use crate::session::Session;
use crate::{Code, Error, input, stored};

pub async fn holdings(
    store: &Store,
    session: &Session,
    deal: &str,
    as_of: Option<&str>,
) -> Result<HoldingsView, Error> {
    let as_of = input::optional_date("as_of", as_of)?;
    let mut conn = store.acquire().await?;
    let deal = deal_by_ref(&mut conn, session, deal).await?;
    let rows = holdings_as_of(&mut conn, deal.id, as_of).await?;
    let held: Vec<(i64, String, Units)> = rows
        .into_iter()
        .map(|r| Ok((r.investor_id, r.investor_name, stored::units(r.units)?)))
        .collect::<Result<_, Error>>()?;
    let total = held
        .iter()
        .try_fold(Units::zero(), |sum, (_, _, units)| sum.checked_add(*units))
        .ok_or_else(|| {
            Error::new(
                Code::Internal,
                "the deal's units pass what a holding may have",
            )
        })?;
    let items = held
        .into_iter()
        .map(|(investor_id, investor, units)| HoldingView {
            investor_id,
            investor,
            units: units.to_string(),
            ownership_percent: percent_of(units.minor_units(), total.minor_units(), 7),
        })
        .collect();
    Ok(HoldingsView {
        deal_id: deal.id,
        deal: deal.name,
        as_of: as_of.map(|d| d.to_string()),
        total_units: total.to_string(),
        items,
        permits: prorata_domain::lp::register_permits(&session.actor),
    })
}
