//! Commissions: the schemes as a tree, a scheme's grid of services by roles and its chain for
//! a service, the network's members and their transactions, and the affiliates' tree with an
//! affiliate's page. The window only reads them: recording is the command line's.

use prorata_app::Error;
use prorata_app::affiliates::{self, AffiliateNodeView, AffiliateView, ProgramStatusView};
use prorata_app::commissions::{
    self, NetworkMemberView, NetworkTransactionView, SchemeChainView, SchemeGridView, SchemeView,
};
use prorata_app::responses::Items;
use tauri::State;

use crate::commands::id::Id;
use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn list_schemes(desk: State<'_, Desk>) -> Result<Items<SchemeView>, Error> {
    let (store, session) = desk.signed_in().await?;
    commissions::list_schemes(&store, &session).await
}

#[tauri::command]
#[specta::specta]
pub async fn scheme_grid(desk: State<'_, Desk>, scheme: Id) -> Result<SchemeGridView, Error> {
    let (store, session) = desk.signed_in().await?;
    commissions::scheme_grid(&store, &session, &scheme.0.to_string()).await
}

#[tauri::command]
#[specta::specta]
pub async fn scheme_chain(
    desk: State<'_, Desk>,
    scheme: Id,
    service: String,
) -> Result<SchemeChainView, Error> {
    let (store, session) = desk.signed_in().await?;
    commissions::scheme_chain(&store, &session, &scheme.0.to_string(), &service).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_network_members(
    desk: State<'_, Desk>,
) -> Result<Items<NetworkMemberView>, Error> {
    let (store, session) = desk.signed_in().await?;
    commissions::list_network_members(&store, &session).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_network_transactions(
    desk: State<'_, Desk>,
    member: Option<Id>,
) -> Result<Items<NetworkTransactionView>, Error> {
    let (store, session) = desk.signed_in().await?;
    let member = member.map(|m| m.0.to_string());
    commissions::list_network_transactions(&store, &session, member.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn show_network_transaction(
    desk: State<'_, Desk>,
    id: Id,
) -> Result<NetworkTransactionView, Error> {
    let (store, session) = desk.signed_in().await?;
    commissions::show_network_transaction(&store, &session, id.0).await
}

#[tauri::command]
#[specta::specta]
pub async fn affiliate_tree(desk: State<'_, Desk>) -> Result<Items<AffiliateNodeView>, Error> {
    let (store, session) = desk.signed_in().await?;
    affiliates::affiliate_tree(&store, &session, None).await
}

#[tauri::command]
#[specta::specta]
pub async fn show_affiliate(desk: State<'_, Desk>, affiliate: Id) -> Result<AffiliateView, Error> {
    let (store, session) = desk.signed_in().await?;
    affiliates::show_affiliate(&store, &session, &affiliate.0.to_string()).await
}

#[tauri::command]
#[specta::specta]
pub async fn program_status(desk: State<'_, Desk>) -> Result<ProgramStatusView, Error> {
    let (store, session) = desk.signed_in().await?;
    affiliates::program_status(&store, &session).await
}
