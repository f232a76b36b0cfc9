//! `prorata txn show | list | reverse`: a network's transactions with each member's part, and
//! the correction of one, a reversal with a reason: its entry undone by the ledger's
//! reversal (every leg on the other side, once), refused where a member has already been
//! paid or has asked for what the reversal would take back.

use prorata_domain::ledger::AccountType;
use prorata_domain::ledger::chart::member_commission_payable;
use prorata_domain::{Currency, Money};
use prorata_store::Store;
use prorata_store::commissions::{
    NetworkTransactionFilter, NetworkTransactionRecord, NewNetworkReversal,
    insert_network_reversal, lock_network_transaction, network_commissions_of,
    network_transactions,
};
use prorata_store::ledger::{account_balance, reverse_entry};
use serde_json::json;

use super::members::member_by_ref;
use super::transactions::RECORDERS;
use super::views::{
    NetworkCommissionView, NetworkTransactionStatus, NetworkTransactionView, role_word,
};
use crate::clock::Clock;
use crate::ledger::event_key;
use crate::operation::{Operation, OperationSpec};
use crate::payouts::time_text;
use crate::responses::{Changed, Items};
use crate::session::Session;
use crate::{Code, Error, input, stored};

const REVERSE: OperationSpec = OperationSpec {
    name: "network_transaction.reversed",
    roles: RECORDERS,
    purpose: "reverse network transactions",
};

/// The most transactions a list shows: the newest.
pub const MAX_TRANSACTIONS_LISTED: i64 = 1_000;

/// A transaction with each upline member's part.
pub async fn show_network_transaction(
    store: &Store,
    session: &Session,
    id: i64,
) -> Result<NetworkTransactionView, Error> {
    let mut conn = store.acquire().await?;
    let filter = NetworkTransactionFilter {
        id: Some(id),
        member_id: None,
        limit: 1,
    };
    let record = network_transactions(&mut conn, session.program.id, filter)
        .await?
        .pop()
        .ok_or_else(|| unknown(id))?;
    let parts = network_commissions_of(&mut conn, &[id]).await?;
    let mut view = view_of(record, session)?;
    let currency = stored::currency(&view.currency)?;
    view.commissions = parts
        .into_iter()
        .map(|p| {
            Ok(NetworkCommissionView {
                member_id: p.member_id,
                member: p.member,
                role: role_word(p.role),
                margin: p.margin.normalize().to_string(),
                amount: stored::amount(p.amount_minor, currency)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(view)
}

/// The program's newest transactions, or those of a member (by it, or earning it a part).
pub async fn list_network_transactions(
    store: &Store,
    session: &Session,
    member: Option<&str>,
) -> Result<Items<NetworkTransactionView>, Error> {
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let member_id = match member {
        Some(key) => Some(
            member_by_ref(&mut conn, program_id, "member", key)
                .await?
                .id,
        ),
        None => None,
    };
    let filter = NetworkTransactionFilter {
        id: None,
        member_id,
        limit: MAX_TRANSACTIONS_LISTED,
    };
    let items = network_transactions(&mut conn, program_id, filter)
        .await?
        .into_iter()
        .map(|r| view_of(r, session))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Items { items })
}

fn view_of(
    r: NetworkTransactionRecord,
    session: &Session,
) -> Result<NetworkTransactionView, Error> {
    let currency = stored::currency(&r.currency)?;
    let status = if r.reversal_entry_id.is_some() {
        NetworkTransactionStatus::Reversed
    } else {
        NetworkTransactionStatus::Recorded
    };
    let can_reverse = status == NetworkTransactionStatus::Recorded
        && session
            .actor
            .require_any(RECORDERS, REVERSE.purpose)
            .is_ok();
    Ok(NetworkTransactionView {
        id: r.id,
        status,
        member_id: r.member_id,
        member: r.member,
        service: r.service,
        amount: stored::amount(r.amount_minor, currency)?,
        currency: r.currency,
        commission_rate: r.commission_rate.normalize().to_string(),
        commission: stored::amount(r.commission_minor, currency)?,
        reference: r.reference,
        entry_id: r.entry_id,
        recorded_by: r.recorded_by,
        recorded_at: time_text(r.recorded_at),
        reversal_entry_id: r.reversal_entry_id,
        reversal_reason: r.reversal_reason,
        reversed_by: r.reversed_by,
        reversed_at: r.reversed_at.map(time_text),
        can_reverse,
        commissions: Vec::new(),
    })
}

fn unknown(id: i64) -> Error {
    Error::invalid(
        "transaction",
        format!("no network transaction {id} in this program"),
    )
}

/// Reverses a transaction's commissions, with the reason, once.
pub async fn reverse_network_transaction(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    reason: &str,
    idempotency_key: &str,
) -> Result<Changed, Error> {
    let mut op = Operation::begin(store, clock, session, REVERSE, idempotency_key).await?;
    let reason = input::reason(reason)?.to_owned();
    let program_id = session.program.id;
    // Two reversals of one transaction at once: the second waits, then finds the first's.
    lock_network_transaction(op.tx(), id).await?;
    let filter = NetworkTransactionFilter {
        id: Some(id),
        member_id: None,
        limit: 1,
    };
    let record = network_transactions(op.tx(), program_id, filter)
        .await?
        .pop()
        .ok_or_else(|| unknown(id))?;
    let request = json!({ "transaction_id": id, "reason": reason });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    if let (Some(by), Some(at)) = (&record.reversed_by, record.reversed_at) {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "transaction {id} was reversed by {by} on {}: a transaction is reversed once",
                at.date_naive()
            ),
        ));
    }
    refuse_beyond_available(&mut op, &record).await?;
    let now = clock.now();
    let outcome = reverse_entry(
        op.tx(),
        record.entry_id,
        &event_key("network-reversal", &id.to_string()),
        session.user(),
        now.date_naive(),
        &format!("reversal of network transaction {id}: {reason}"),
        now,
    )
    .await?;
    let reversal = NewNetworkReversal {
        program_id,
        transaction_id: id,
        entry_id: outcome.entry_id(),
        reason: &reason,
        reversed_by: session.user(),
        reversed_at: now,
    };
    insert_network_reversal(op.tx(), &reversal).await?;
    op.audit(
        format!("network_transaction:{id}"),
        json!({ "request": request, "status": "reversed", "entry_id": outcome.entry_id() }),
    )
    .await?;
    op.finish(Changed { id }).await
}

/// Refuses a reversal that would take back more than a member has available of its
/// commission payable (paid, or held for a withdrawal), naming the member; PostgreSQL
/// refuses the same when the entry is booked, whatever happens in between.
async fn refuse_beyond_available(
    op: &mut Operation<'_>,
    record: &NetworkTransactionRecord,
) -> Result<(), Error> {
    let currency: Currency = stored::currency(&record.currency)?;
    let parts = network_commissions_of(op.tx(), &[record.id]).await?;
    let program_id = op.session().program.id;
    for part in parts.iter().filter(|p| p.amount_minor > 0) {
        let account = member_commission_payable(part.member_id);
        debug_assert_eq!(account.account_type, AccountType::Liability);
        let balance = account_balance(
            op.tx(),
            program_id,
            account.code.as_str(),
            Some(currency),
            None,
        )
        .await?;
        let available = balance.totals.available_minor(balance.account.normal_side);
        if available < i128::from(part.amount_minor) {
            let part_amount: Money = stored::money(part.amount_minor, currency)?;
            let left = stored::wide_amount(available.max(0), currency)?;
            return Err(Error::new(
                Code::Conflict,
                format!(
                    "transaction {}: {} earned {part_amount} of it and has {left} available: \
                     the rest was paid or is held for a withdrawal, so the reversal cannot take it back",
                    record.id, part.member
                ),
            ));
        }
    }
    Ok(())
}
