//! `prorata withdrawal show | list`: the review queue. Any role in the program may read;
//! bank details are masked, and each request carries what its payee has available now.

use prorata_domain::payout::{PayoutItemStatus, WithdrawalStatus};
use prorata_store::ledger::currencies_kept;
use prorata_store::payouts::{
    WithdrawalRecord, batch_totals, files_of, find_batch, find_withdrawal, items_of, payee_totals,
};
use prorata_store::{PgConnection, Store};

use super::MAX_LIST_ROWS;
use super::batch_views::{BatchView, batch_view, item_view};
use super::execute::issued;
use super::request::{Payee, payable_chart};
use super::views::WithdrawalView;
use crate::Error;
use crate::ledger::{AccountBalanceView, RecordNames};
use crate::responses::Items;
use crate::session::Session;

/// The views of these requests: payees named and their payables' totals, two queries in all.
async fn views(
    conn: &mut PgConnection,
    session: &Session,
    rows: Vec<WithdrawalRecord>,
) -> Result<Vec<WithdrawalView>, Error> {
    let names = RecordNames::read(
        &mut *conn,
        session.program.id,
        rows.iter().map(|w| w.payee_code.as_str()),
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|w| w.payee_account_id).collect();
    let totals = payee_totals(conn, &ids).await?;
    rows.into_iter()
        .map(|w| {
            let payee = names.name(&w.payee_code);
            let balance = totals.get(&w.payee_account_id).copied().unwrap_or_default();
            WithdrawalView::of(&session.actor, w, payee, balance)
        })
        .collect()
}

pub async fn show_withdrawal(
    store: &Store,
    session: &Session,
    id: i64,
) -> Result<WithdrawalView, Error> {
    let mut conn = store.acquire().await?;
    let w = find_withdrawal(&mut conn, session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("withdrawal", format!("no withdrawal is numbered {id}")))?;
    let mut views = views(&mut conn, session, vec![w]).await?;
    Ok(views.remove(0))
}

/// The program's requests, in one status or all, oldest first.
pub async fn list_withdrawals(
    store: &Store,
    session: &Session,
    status: Option<&str>,
) -> Result<Items<WithdrawalView>, Error> {
    let status = status
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|text| {
            WithdrawalStatus::parse(text).map_err(|_| {
                let known: Vec<&str> = WithdrawalStatus::ALL.iter().map(|s| s.as_str()).collect();
                Error::invalid(
                    "status",
                    format!("\"{text}\" is not a status: one of {}", known.join(", ")),
                )
            })
        })
        .transpose()?;
    let mut conn = store.acquire().await?;
    let rows = prorata_store::payouts::list_withdrawals(
        &mut conn,
        session.program.id,
        status,
        MAX_LIST_ROWS,
    )
    .await?;
    Ok(Items {
        items: views(&mut conn, session, rows).await?,
    })
}

/// A batch with its items and the files it issued.
pub async fn show_batch(store: &Store, session: &Session, id: i64) -> Result<BatchView, Error> {
    let mut conn = store.acquire().await?;
    let batch = find_batch(&mut conn, session.program.id, id)
        .await?
        .ok_or_else(|| Error::invalid("batch", format!("no payout batch is numbered {id}")))?;
    let records = items_of(&mut conn, id).await?;
    let live = records
        .iter()
        .filter(|i| i.status != PayoutItemStatus::Released);
    let totals = (
        i64::try_from(live.clone().count()).unwrap_or(i64::MAX),
        live.map(|i| i.amount_minor).sum::<i64>(),
    );
    let items = records
        .into_iter()
        .map(|i| item_view(&session.actor, i))
        .collect::<Result<_, _>>()?;
    let files = issued(files_of(&mut conn, id).await?);
    batch_view(&session.actor, batch, totals, items, files)
}

/// The program's batches, newest first, each with its count and total.
pub async fn list_batches(store: &Store, session: &Session) -> Result<Items<BatchView>, Error> {
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let batches =
        prorata_store::payouts::list_batches(&mut conn, program_id, MAX_LIST_ROWS).await?;
    let totals = batch_totals(&mut conn, program_id).await?;
    let items = batches
        .into_iter()
        .map(|b| {
            let t = totals.get(&b.id).copied().unwrap_or((0, 0));
            batch_view(&session.actor, b, t, Vec::new(), Vec::new())
        })
        .collect::<Result<_, _>>()?;
    Ok(Items { items })
}

/// What a payee's payable holds in each currency it is kept in: posted, held by pending
/// requests, and available to withdraw. None where the payee has never been credited.
pub async fn payee_balances(
    store: &Store,
    session: &Session,
    payee: Payee<'_>,
) -> Result<Items<AccountBalanceView>, Error> {
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let (chart, _) = payable_chart(&mut conn, program_id, payee).await?;
    let code = chart.code.as_str();
    let currencies = currencies_kept(&mut conn, program_id, code).await?;
    drop(conn);
    let mut items = Vec::with_capacity(currencies.len());
    for currency in currencies {
        let currency = crate::stored::currency(&currency)?;
        items.push(
            crate::ledger::account_balance(store, session, code, Some(currency), None).await?,
        );
    }
    Ok(Items { items })
}
