//! Community revenue: the monthly report with the top communities, the communities, and the
//! members' wallets with their history, and the report written as a PDF into a folder.

use prorata_app::Error;
use prorata_app::responses::Items;
use prorata_app::revenue::{
    self, CommunityView, RevenueReportView, RevenueReportWritten, WalletView,
};
use tauri::State;

use crate::commands::id::Id;
use crate::desk::Desk;

#[tauri::command]
#[specta::specta]
pub async fn revenue_report(
    desk: State<'_, Desk>,
    from: Option<String>,
    to: Option<String>,
) -> Result<RevenueReportView, Error> {
    let (store, session) = desk.signed_in().await?;
    revenue::revenue_report(
        &store,
        &desk.clock,
        &session,
        from.as_deref(),
        to.as_deref(),
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_communities(desk: State<'_, Desk>) -> Result<Items<CommunityView>, Error> {
    let (store, session) = desk.signed_in().await?;
    revenue::list_communities(&store, &session).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_wallets(
    desk: State<'_, Desk>,
    community: Option<Id>,
) -> Result<Items<WalletView>, Error> {
    let (store, session) = desk.signed_in().await?;
    let community = community.map(|c| c.0.to_string());
    revenue::list_wallets(&store, &session, community.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn show_wallet(desk: State<'_, Desk>, member: Id) -> Result<WalletView, Error> {
    let (store, session) = desk.signed_in().await?;
    revenue::show_wallet(&store, &session, &member.0.to_string()).await
}

#[tauri::command]
#[specta::specta]
pub async fn write_revenue_report(
    desk: State<'_, Desk>,
    from: Option<String>,
    to: Option<String>,
    folder: String,
) -> Result<RevenueReportWritten, Error> {
    let (store, session) = desk.signed_in().await?;
    let period = (from.as_deref(), to.as_deref());
    let folder = std::path::Path::new(&folder);
    revenue::write_revenue_report_into(&store, &desk.clock, &session, period, folder).await
}
