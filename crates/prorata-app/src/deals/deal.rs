//! `prorata deal create` and closing a deal; finding a deal by what a person typed.

use prorata_domain::control::Role;
use prorata_domain::deal::{check_threshold, default_circuit_breaker_threshold};
use prorata_domain::{Currency, ProfitShareTerms, Rate};
use prorata_store::deals::{DealRecord, NewDeal as StoredDeal, find_deal, find_partner};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::operation::{Operation, OperationSpec};
use crate::responses::{Closed, Created};
use crate::session::Session;
use crate::{Code, Error};

const CREATE_DEAL: OperationSpec = OperationSpec {
    name: "deal.create",
    roles: &[Role::Officer, Role::Admin],
    purpose: "create deals",
};

const CLOSE_DEAL: OperationSpec = OperationSpec {
    name: "deal.close",
    roles: &[Role::Officer, Role::Admin],
    purpose: "close deals",
};

/// A new deal's terms as given: rates as fractions (`0.20`) or percentages (`20%`), as the
/// notation says.
#[derive(Debug, Clone, Copy)]
pub struct NewDeal<'a> {
    pub name: &'a str,
    pub currency: &'a str,
    /// The partner's id or name.
    pub partner: &'a str,
    pub partner_commission_rate: &'a str,
    pub platform_fee_rate: &'a str,
    pub circuit_breaker_threshold: Option<&'a str>,
    pub notation: Notation,
}

/// A new deal's terms once read: every rate checked, the waterfall possible.
struct Terms {
    name: String,
    currency: Currency,
    partner_commission_rate: Rate,
    platform_fee_rate: Rate,
    circuit_breaker_threshold: Rate,
}

fn terms(deal: &NewDeal<'_>) -> Result<Terms, Error> {
    let name = input::name("name", deal.name)?;
    let currency = Currency::from_code(deal.currency).map_err(|e| Error::invalid("currency", e))?;
    let rate = |field: &str, text: &str| input::rate(deal.notation, field, text);
    let partner_commission_rate = rate("partner commission rate", deal.partner_commission_rate)?;
    let platform_fee_rate = rate("platform fee rate", deal.platform_fee_rate)?;
    ProfitShareTerms::new(partner_commission_rate, platform_fee_rate)?;
    let circuit_breaker_threshold = match deal.circuit_breaker_threshold {
        Some(text) => check_threshold(rate("circuit-breaker threshold", text)?)?,
        None => default_circuit_breaker_threshold(),
    };
    Ok(Terms {
        name,
        currency,
        partner_commission_rate,
        platform_fee_rate,
        circuit_breaker_threshold,
    })
}

/// The program's deal by id or name, or a validation error naming it.
pub(crate) async fn deal_by_ref(
    conn: &mut PgConnection,
    session: &Session,
    deal_ref: &str,
) -> Result<DealRecord, Error> {
    find_deal(conn, session.program.id, deal_ref.trim())
        .await?
        .ok_or_else(|| Error::invalid("deal", format!("no deal is called or numbered {deal_ref}")))
}

pub async fn create_deal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    deal: NewDeal<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, CREATE_DEAL, idempotency_key).await?;
    let terms = terms(&deal)?;
    let partner = find_partner(op.tx(), session.program.id, deal.partner.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "partner",
                format!("no partner is called or numbered {}", deal.partner),
            )
        })?;
    let request = json!({
        "name": terms.name, "currency": terms.currency.code(), "partner_id": partner.id,
        "partner_commission_rate": terms.partner_commission_rate.as_decimal().to_string(),
        "platform_fee_rate": terms.platform_fee_rate.as_decimal().to_string(),
        "circuit_breaker_threshold": terms.circuit_breaker_threshold.as_decimal().to_string(),
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let stored = StoredDeal {
        program_id: session.program.id,
        name: &terms.name,
        currency: terms.currency.code(),
        partner_id: partner.id,
        partner_commission_rate: terms.partner_commission_rate.as_decimal(),
        platform_fee_rate: terms.platform_fee_rate.as_decimal(),
        circuit_breaker_threshold: terms.circuit_breaker_threshold.as_decimal(),
        created_by: session.user(),
    };
    let id = prorata_store::deals::create_deal(op.tx(), &stored, clock.now())
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Conflict,
                format!("a deal called {} already exists", terms.name),
            )
        })?;
    op.audit(format!("deal:{id}"), request).await?;
    op.finish(Created { id }).await
}

/// Closes a deal: it takes no new capital and the daily run passes it by. Its records and
/// distributions stay as they are.
pub async fn close_deal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    deal_ref: &str,
    idempotency_key: &str,
) -> Result<Closed, Error> {
    let mut op = Operation::begin(store, clock, session, CLOSE_DEAL, idempotency_key).await?;
    let deal = deal_by_ref(op.tx(), session, deal_ref).await?;
    let request = json!({ "deal_id": deal.id });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    if !prorata_store::deals::close_deal(op.tx(), deal.id).await? {
        return Err(Error::new(
            Code::Conflict,
            format!("deal {} is already closed", deal.name),
        ));
    }
    op.audit(format!("deal:{}", deal.id), json!({ "status": "closed" }))
        .await?;
    op.finish(Closed { id: deal.id }).await
}
