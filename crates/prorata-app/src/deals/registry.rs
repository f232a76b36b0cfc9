//! `prorata deal create | list | show` and `prorata invest`.

use prorata_domain::control::Role;
use prorata_domain::deal::{CapitalIn, check_threshold, default_circuit_breaker_threshold};
use prorata_domain::{Currency, Money, ProfitShareTerms, Rate};
use prorata_store::deals::{
    DealRecord, NewDeal as StoredDeal, NewInvestment as StoredInvestment, add_investment,
    create_deal as store_create, find_deal, find_investor, find_partner, investments_of,
    list_deals as store_list,
};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use super::performance::{history, performance_view};
use super::{
    DealDetail, DealView, InvestmentView, MAX_LIST_ROWS, amount, audit, begin, date, finish, minor,
    money, stored_currency,
};
use crate::clock::Clock;
use crate::control::{Created, Items};
use crate::idempotent::claim;
use crate::session::Session;
use crate::{Code, Error};

/// A new deal's terms as given: rates as decimal fractions ("0.20").
#[derive(Debug, Clone, Copy)]
pub struct NewDeal<'a> {
    pub name: &'a str,
    pub currency: &'a str,
    pub partner: &'a str,
    pub partner_commission_rate: &'a str,
    pub platform_fee_rate: &'a str,
    pub circuit_breaker_threshold: Option<&'a str>,
}

fn rate(field: &str, text: &str) -> Result<Rate, Error> {
    Rate::parse(text).map_err(|e| Error::invalid(field, e))
}

pub(crate) fn deal_view(deal: DealRecord) -> Result<DealView, Error> {
    let currency = stored_currency(&deal.currency)?;
    Ok(DealView {
        id: deal.id,
        name: deal.name,
        currency: deal.currency,
        partner_id: deal.partner_id,
        partner: deal.partner_name,
        partner_commission_rate: deal.partner_commission_rate.normalize().to_string(),
        platform_fee_rate: deal.platform_fee_rate.normalize().to_string(),
        circuit_breaker_threshold: deal.circuit_breaker_threshold.normalize().to_string(),
        status: deal.status,
        capital: amount(deal.capital_minor, currency)?,
        investments: deal.investments,
    })
}

/// The program's deal by id or name, or a validation error naming it.
pub(crate) async fn deal_by_key(
    conn: &mut PgConnection,
    session: &Session,
    key: &str,
) -> Result<DealRecord, Error> {
    find_deal(conn, session.program.id, key.trim())
        .await?
        .ok_or_else(|| Error::invalid("deal", format!("no deal is called or numbered {key}")))
}

pub async fn create_deal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    deal: NewDeal<'_>,
    key: &str,
) -> Result<Created, Error> {
    session
        .actor
        .require_any(&[Role::Officer, Role::Admin], "create deals")?;
    let name = deal.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(Error::invalid("name", "give a name of 1 to 200 characters"));
    }
    let currency = Currency::from_code(deal.currency).map_err(|e| Error::invalid("currency", e))?;
    let partner_rate = rate("partner_rate", deal.partner_commission_rate)?;
    let platform_rate = rate("platform_rate", deal.platform_fee_rate)?;
    ProfitShareTerms::new(partner_rate, platform_rate)?;
    let threshold = match deal.circuit_breaker_threshold {
        Some(text) => check_threshold(rate("threshold", text)?)?,
        None => default_circuit_breaker_threshold(),
    };
    let mut tx = begin(store).await?;
    // The ledger's accounts are named as DESIGN §3 names them (`platform:fee_income`,
    // `investor:{id}:payable`), one currency each: a program keeps its deals in one currency,
    // and a deal in another is refused here rather than when its first posting would fail.
    if let Some(existing) =
        prorata_store::deals::program_currency(&mut tx, session.program.id).await?
        && existing != currency.code()
    {
        return Err(Error::invalid(
            "currency",
            format!(
                "program {} keeps its deals in {existing}; a {} deal belongs in a program of its own",
                session.program.slug,
                currency.code()
            ),
        ));
    }
    let partner = find_partner(&mut tx, session.program.id, deal.partner.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "partner",
                format!("no partner is called or numbered {}", deal.partner),
            )
        })?;
    let request = json!({
        "name": name, "currency": currency.code(), "partner_id": partner.id,
        "partner_commission_rate": partner_rate.as_decimal().to_string(),
        "platform_fee_rate": platform_rate.as_decimal().to_string(),
        "circuit_breaker_threshold": threshold.as_decimal().to_string(),
    });
    if let Some(done) = claim(&mut tx, clock, key, "deal.create", session.user(), &request).await? {
        return Ok(done);
    }
    let stored = StoredDeal {
        program_id: session.program.id,
        name,
        currency: currency.code(),
        partner_id: partner.id,
        partner_commission_rate: partner_rate.as_decimal(),
        platform_fee_rate: platform_rate.as_decimal(),
        circuit_breaker_threshold: threshold.as_decimal(),
        created_by: session.user(),
    };
    let id = store_create(&mut tx, &stored, clock.now())
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Conflict,
                format!("a deal called {name} already exists"),
            )
        })?;
    audit(
        &mut tx,
        clock,
        session,
        "deal.create",
        format!("deal:{id}"),
        request,
        None,
    )
    .await?;
    finish(tx, key, Created { id }).await
}

pub async fn list_deals(store: &Store, session: &Session) -> Result<Items<DealView>, Error> {
    let mut conn = store.acquire().await?;
    let deals = store_list(&mut conn, session.program.id, 0, MAX_LIST_ROWS).await?;
    Ok(Items {
        items: deals.into_iter().map(deal_view).collect::<Result<_, _>>()?,
    })
}

/// A deal with its investments, performance records, history of value and mark, and
/// distributions.
pub async fn show_deal(store: &Store, session: &Session, key: &str) -> Result<DealDetail, Error> {
    let mut conn = store.acquire().await?;
    let deal = deal_by_key(&mut conn, session, key).await?;
    let currency = stored_currency(&deal.currency)?;
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
            .map(|i| {
                Ok(InvestmentView {
                    id: i.id,
                    investor_id: i.investor_id,
                    investor: i.investor_name,
                    amount: amount(i.amount_minor, currency)?,
                    invested_on: i.invested_on.to_string(),
                })
            })
            .collect::<Result<_, Error>>()?,
        performance: records
            .into_iter()
            .map(|r| performance_view(r, currency))
            .collect::<Result<_, _>>()?,
        history,
        distributions: distributions
            .into_iter()
            .map(|d| super::distribution::distribution_view(d, Vec::new()))
            .collect::<Result<_, _>>()?,
        deal: deal_view(deal)?,
    })
}

pub(crate) fn capital_of(
    investments: &[prorata_store::deals::InvestmentRecord],
    currency: Currency,
) -> Result<Vec<CapitalIn>, Error> {
    investments
        .iter()
        .map(|i| {
            Ok(CapitalIn {
                date: i.invested_on,
                amount: money(i.amount_minor, currency)?,
            })
        })
        .collect()
}

/// Capital entering a deal, as given.
#[derive(Debug, Clone, Copy)]
pub struct NewInvestment<'a> {
    /// The deal's id or name.
    pub deal: &'a str,
    /// The investor's id or name.
    pub investor: &'a str,
    pub amount: &'a str,
    pub date: &'a str,
}

/// Records an investment in a deal on a date; it raises the deal's high-water mark by its
/// amount on that date.
pub async fn invest(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewInvestment<'_>,
    key: &str,
) -> Result<Created, Error> {
    session
        .actor
        .require_any(&[Role::Officer, Role::Admin], "record investments")?;
    let NewInvestment {
        deal,
        investor,
        amount: amount_text,
        date: date_text,
    } = new;
    let invested_on = date("date", date_text)?;
    let mut tx = begin(store).await?;
    let deal = deal_by_key(&mut tx, session, deal).await?;
    let currency = stored_currency(&deal.currency)?;
    let amount = Money::parse(amount_text, currency).map_err(|e| Error::invalid("amount", e))?;
    if amount.is_zero() {
        return Err(Error::invalid(
            "amount",
            "an investment must be more than zero",
        ));
    }
    if deal.status != "active" {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "deal {} is {}: it takes no new capital",
                deal.name, deal.status
            ),
        ));
    }
    let investor = find_investor(&mut tx, session.program.id, investor.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "investor",
                format!("no investor is called or numbered {investor}"),
            )
        })?;
    let request = json!({
        "deal_id": deal.id, "investor_id": investor.id, "amount": amount.to_string(),
        "date": invested_on.to_string(),
    });
    if let Some(done) = claim(&mut tx, clock, key, "invest", session.user(), &request).await? {
        return Ok(done);
    }
    refuse_if_distributed_after(&mut tx, deal.id, invested_on).await?;
    let stored = StoredInvestment {
        program_id: session.program.id,
        deal_id: deal.id,
        investor_id: investor.id,
        amount_minor: minor(amount)?,
        invested_on,
        created_by: session.user(),
    };
    let id = add_investment(&mut tx, &stored, clock.now()).await?;
    audit(
        &mut tx,
        clock,
        session,
        "invest",
        format!("investment:{id}"),
        request,
        None,
    )
    .await?;
    finish(tx, key, Created { id }).await
}

/// Capital dated on or before a distribution would change a mark already used: refused.
async fn refuse_if_distributed_after(
    conn: &mut PgConnection,
    deal_id: i64,
    invested_on: chrono::NaiveDate,
) -> Result<(), Error> {
    if let Some((id, on)) =
        prorata_store::deals::live_distribution_on_or_after(conn, deal_id, invested_on).await?
    {
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

/// Closes a deal: it takes no new capital and the daily run passes it by. Its records and
/// distributions stay as they are.
pub async fn close_deal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    deal: &str,
    key: &str,
) -> Result<Created, Error> {
    session
        .actor
        .require_any(&[Role::Officer, Role::Admin], "close deals")?;
    let mut tx = begin(store).await?;
    let deal = deal_by_key(&mut tx, session, deal).await?;
    let request = json!({ "deal_id": deal.id });
    if let Some(done) = claim(&mut tx, clock, key, "deal.close", session.user(), &request).await? {
        return Ok(done);
    }
    if !prorata_store::deals::close_deal(&mut tx, deal.id).await? {
        return Err(Error::new(
            Code::Conflict,
            format!("deal {} is already closed", deal.name),
        ));
    }
    audit(
        &mut tx,
        clock,
        session,
        "deal.close",
        format!("deal:{}", deal.id),
        json!({ "status": "closed" }),
        None,
    )
    .await?;
    finish(tx, key, Created { id: deal.id }).await
}
