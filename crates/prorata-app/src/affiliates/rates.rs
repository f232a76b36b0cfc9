//! `prorata affiliate rates --direct R --override R [--from D]`: an admin sets the program's
//! affiliate rates from a day on; earlier sales keep the rates of their own day.

use prorata_domain::affiliate::AffiliateRates;
use prorata_domain::control::Role;
use prorata_store::Store;
use prorata_store::affiliates::{affiliate_rates, insert_affiliate_rates};
use serde_json::json;

use super::views::AffiliateRatesView;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::operation::{Operation, OperationSpec};
use crate::responses::{Created, Items};
use crate::session::Session;
use crate::{Code, Error};

const SET: OperationSpec = OperationSpec {
    name: "affiliate.rates_set",
    roles: &[Role::Admin],
    purpose: "set the affiliate rates",
};

/// Sets the rates in effect from `from` (today unless given, never earlier).
#[allow(
    clippy::too_many_arguments,
    reason = "the rates as given, and the act's context"
)]
pub async fn set_affiliate_rates(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    (direct, over): (&str, &str),
    from: Option<&str>,
    notation: Notation,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, SET, idempotency_key).await?;
    let direct = input::rate(notation, "direct", direct)?;
    let over = input::rate(notation, "override", over)?;
    let rates = AffiliateRates::new(direct, over)?;
    let today = clock.now().date_naive();
    let from = input::optional_date("from", from)?.unwrap_or(today);
    if from < today {
        return Err(Error::invalid(
            "from",
            format!("{from} is before today ({today}): sales already recorded keep their rates"),
        ));
    }
    let request = json!({ "direct": rates.direct.to_string(), "override": rates.over.to_string(),
                          "from": from.to_string() });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let program_id = session.program.id;
    let taken = affiliate_rates(op.tx(), program_id).await?;
    if taken.iter().any(|r| r.effective_from == from) {
        return Err(Error::new(
            Code::Conflict,
            format!("from: rates already take effect on {from}: set them from another day"),
        ));
    }
    let id = insert_affiliate_rates(
        op.tx(),
        program_id,
        rates.direct.as_decimal(),
        rates.over.as_decimal(),
        from,
        session.user(),
        clock.now(),
    )
    .await?;
    op.audit(format!("affiliate_rates:{id}"), request).await?;
    op.finish(Created { id }).await
}

/// Every version of the rates, the earliest first.
pub async fn list_affiliate_rates(
    store: &Store,
    session: &Session,
) -> Result<Items<AffiliateRatesView>, Error> {
    let mut conn = store.acquire().await?;
    let items = affiliate_rates(&mut conn, session.program.id)
        .await?
        .into_iter()
        .map(|r| AffiliateRatesView {
            id: r.id,
            direct_rate: r.direct_rate.normalize().to_string(),
            override_rate: r.override_rate.normalize().to_string(),
            effective_from: r.effective_from.to_string(),
            set_by: r.set_by,
        })
        .collect();
    Ok(Items { items })
}
