//! Deals, partners, investors, investments and performance records.

use prorata_app::Error;
use prorata_app::deals::{
    self, DealDetail, DealView, NewDeal, NewInvestment, NewPerformance, PartyView, PerformanceView,
    Recorded,
};
use prorata_app::input::Notation;
use prorata_app::responses::{Closed, Created, Items, Verified};
use serde::Deserialize;
use tauri::State;

use crate::commands::id::Id;
use crate::desk::Desk;

/// A new deal's terms as typed: rates as decimal fractions ("0.20").
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct DealRequest {
    pub name: String,
    pub currency: String,
    pub partner: String,
    pub partner_commission_rate: String,
    pub platform_fee_rate: String,
    pub circuit_breaker_threshold: Option<String>,
}

/// A value to record for a deal on a date.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct PerformanceRequest {
    pub deal: String,
    pub date: String,
    pub value: String,
    pub market_conditions: Option<String>,
    pub notes: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn list_deals(desk: State<'_, Desk>) -> Result<Items<DealView>, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::list_deals(&store, &session).await
}

#[tauri::command]
#[specta::specta]
pub async fn show_deal(desk: State<'_, Desk>, deal: String) -> Result<DealDetail, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::show_deal(&store, &session, &deal).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_deal(
    desk: State<'_, Desk>,
    deal: DealRequest,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    let new = NewDeal {
        notation: Notation::Window,
        name: &deal.name,
        currency: &deal.currency,
        partner: &deal.partner,
        partner_commission_rate: &deal.partner_commission_rate,
        platform_fee_rate: &deal.platform_fee_rate,
        circuit_breaker_threshold: deal
            .circuit_breaker_threshold
            .as_deref()
            .filter(|t| !t.is_empty()),
    };
    deals::create_deal(&store, &desk.clock, &session, new, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_partners(desk: State<'_, Desk>) -> Result<Items<PartyView>, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::list_partners(&store, &session).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_partner(
    desk: State<'_, Desk>,
    name: String,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::add_partner(&store, &desk.clock, &session, &name, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_investors(desk: State<'_, Desk>) -> Result<Items<PartyView>, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    deals::list_investors(&store, &session, data_key.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_investor(
    desk: State<'_, Desk>,
    name: String,
    email: Option<String>,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    let email = email.filter(|email| !email.trim().is_empty());
    let data_key = desk.data_key();
    deals::add_investor(
        &store,
        &desk.clock,
        &session,
        &name,
        email.as_deref(),
        data_key.as_deref(),
        &idempotency_key,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn invest(
    desk: State<'_, Desk>,
    deal: String,
    investor: String,
    amount: String,
    date: String,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    let new = NewInvestment {
        notation: Notation::Window,
        deal: &deal,
        investor: &investor,
        amount: &amount,
        date: &date,
    };
    deals::invest(&store, &desk.clock, &session, new, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn record_performance(
    desk: State<'_, Desk>,
    record: PerformanceRequest,
    idempotency_key: String,
) -> Result<Recorded, Error> {
    let (store, session) = desk.signed_in().await?;
    let new = NewPerformance {
        notation: Notation::Window,
        deal: &record.deal,
        date: &record.date,
        value: &record.value,
        market_conditions: record.market_conditions.as_deref(),
        notes: record.notes.as_deref(),
    };
    deals::record_performance(&store, &desk.clock, &session, new, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn verify_performance(
    desk: State<'_, Desk>,
    id: Id,
    idempotency_key: String,
) -> Result<Verified, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::verify_performance(&store, &desk.clock, &session, id.0, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_performance(
    desk: State<'_, Desk>,
    deal: String,
) -> Result<Items<PerformanceView>, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::list_performance(&store, &session, &deal).await
}

#[tauri::command]
#[specta::specta]
pub async fn close_deal(
    desk: State<'_, Desk>,
    deal: String,
    idempotency_key: String,
) -> Result<Closed, Error> {
    let (store, session) = desk.signed_in().await?;
    deals::close_deal(&store, &desk.clock, &session, &deal, &idempotency_key).await
}
