//! `prorata invest`: capital entering a deal on a date, which raises the deal's high-water
//! mark by its amount on that date.

use chrono::NaiveDate;
use prorata_domain::Currency;
use prorata_domain::control::Role;
use prorata_domain::deal::{CapitalIn, DealStatus};
use prorata_store::deals::{
    InvestmentRecord, NewInvestment as StoredInvestment, add_investment, find_investor,
    live_distribution_on_or_after,
};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use super::deal::deal_by_ref;
use super::lock::locked_deal;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::operation::{Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, stored};

const INVEST: OperationSpec = OperationSpec {
    name: "invest",
    roles: &[Role::Officer, Role::Admin],
    purpose: "record investments",
};

/// Capital entering a deal, as given.
#[derive(Debug, Clone, Copy)]
pub struct NewInvestment<'a> {
    /// The deal's id or name.
    pub deal: &'a str,
    /// The investor's id or name.
    pub investor: &'a str,
    pub amount: &'a str,
    pub date: &'a str,
    pub notation: Notation,
}

/// Records an investment in a deal on a date.
pub async fn invest(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewInvestment<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, INVEST, idempotency_key).await?;
    let invested_on = input::date("date", new.date)?;
    let deal = deal_by_ref(op.tx(), session, new.deal).await?;
    let currency = stored::currency(&deal.currency)?;
    let amount = input::amount(new.notation, "amount", new.amount, currency)?;
    if amount.is_zero() {
        return Err(Error::invalid(
            "amount",
            "an investment must be more than zero",
        ));
    }
    let investor = find_investor(op.tx(), session.program.id, new.investor.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "investor",
                format!("no investor is called or numbered {}", new.investor),
            )
        })?;
    let request = json!({
        "deal_id": deal.id, "investor_id": investor.id, "amount": amount.to_string(),
        "date": invested_on.to_string(),
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    // Capital moves the deal's mark: it is added under the deal's lock, which a prepare
    // of the same deal takes too, so new capital is never paid out as profit.
    let deal = locked_deal(op.tx(), session, deal.id).await?;
    if deal.status != DealStatus::Active {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "deal {} is {}: it takes no new capital",
                deal.name, deal.status
            ),
        ));
    }
    refuse_if_distributed_after(op.tx(), deal.id, invested_on).await?;
    let stored = StoredInvestment {
        program_id: session.program.id,
        deal_id: deal.id,
        investor_id: investor.id,
        amount_minor: stored::minor_units(amount)?,
        invested_on,
        created_by: session.user(),
    };
    let id = add_investment(op.tx(), &stored, clock.now()).await?;
    op.audit(format!("investment:{id}"), request).await?;
    op.finish(Created { id }).await
}

/// Capital dated on or before a distribution would change a mark already used: refused.
async fn refuse_if_distributed_after(
    conn: &mut PgConnection,
    deal_id: i64,
    invested_on: NaiveDate,
) -> Result<(), Error> {
    if let Some((id, on)) = live_distribution_on_or_after(conn, deal_id, invested_on).await? {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "date: distribution {id} of {on} already used the capital up to its date; \
                 date the investment after {on}"
            ),
        ));
    }
    Ok(())
}

/// The deal's capital as dated amounts, for the high-water mark.
pub(crate) fn capital_of(
    investments: &[InvestmentRecord],
    currency: Currency,
) -> Result<Vec<CapitalIn>, Error> {
    investments
        .iter()
        .map(|i| {
            Ok(CapitalIn {
                date: i.invested_on,
                amount: stored::money(i.amount_minor, currency)?,
            })
        })
        .collect()
}
