//! `prorata reconcile open --bank BANK`: what is open on an account for a person to resolve:
//! booked lines in no match and held by no resolution, sent items no line confirmed,
//! remittances no credit settled, and the resolutions waiting for an approver.

use super::bank_named;
use prorata_domain::payout::BATCH_HANDLERS;
use prorata_store::Store;
use prorata_store::reconcile::{
    list_resolutions, open_items, open_line_standings, remittance_standing, review_threshold,
};

use super::views::{OpenItemView, OpenLineView, OpenOnAccount, OpenRemittanceView, ResolutionView};
use crate::session::Session;
use crate::{Error, stored};

/// The most rows of each side one listing returns.
pub const MAX_OPEN_LISTED: i64 = 5_000;

pub async fn open_on_account(
    store: &Store,
    session: &Session,
    bank: &str,
) -> Result<OpenOnAccount, Error> {
    session
        .actor
        .require_any(BATCH_HANDLERS, "see what is open on a bank account")?;
    let program_id = session.program.id;
    let mut conn = store.acquire().await?;
    let account = bank_named(&mut conn, program_id, bank).await?;
    let currency = stored::currency(&account.currency)?;
    let lines = open_line_standings(&mut conn, program_id, account.id, MAX_OPEN_LISTED).await?;
    let items = open_items(&mut conn, program_id, account.id, MAX_OPEN_LISTED).await?;
    let remittances =
        remittance_standing(&mut conn, program_id, account.id, true, MAX_OPEN_LISTED).await?;
    let pending =
        list_resolutions(&mut conn, program_id, account.id, true, MAX_OPEN_LISTED).await?;
    let above = review_threshold(&mut conn, account.id).await?;
    let code = account.currency.as_str();
    Ok(OpenOnAccount {
        review_above: above.map(|a| stored::amount(a, currency)).transpose()?,
        lines: lines
            .into_iter()
            .map(OpenLineView::of)
            .collect::<Result<_, _>>()?,
        items: items
            .into_iter()
            .map(|i| OpenItemView::of(i, code))
            .collect::<Result<_, _>>()?,
        remittances: remittances
            .into_iter()
            .map(|r| OpenRemittanceView::of(r, code))
            .collect::<Result<_, _>>()?,
        pending_resolutions: pending
            .into_iter()
            .map(|r| ResolutionView::of(r, &session.actor))
            .collect::<Result<_, _>>()?,
        currency: account.currency.clone(),
        bank: account.name,
    })
}
