//! `prorata wallet release | lock | unlock | list | show`: members' wallets. Credits pending
//! for the schedule's holding period are released as available on their day, once (a second
//! run finds nothing due); a wallet is locked by an officer, approver or admin and unlocked
//! by an approver or admin who did not lock it, each with a reason, audited.

use chrono::NaiveDate;
use prorata_domain::control::Role;
use prorata_domain::ledger::chart::member_wallet;
use prorata_store::Store;
use prorata_store::revenue::{
    WalletRecord, find_members, insert_wallet_lock, latest_wallet_lock, release_due_credits,
    wallet_history, wallet_locks_of, wallets,
};
use serde_json::json;

use super::read::community_by_ref;
use super::views::{ReleasedView, WalletLockView, WalletMovementView, WalletView, WalletsReleased};
use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::responses::{Created, Items};
use crate::session::Session;
use crate::{Code, Error, input, stored};

const RELEASE: OperationSpec = OperationSpec {
    name: "wallet.released",
    roles: &[Role::Officer, Role::Admin],
    purpose: "release wallet credits",
};

const LOCK: OperationSpec = OperationSpec {
    name: "wallet.locked",
    roles: &[Role::Officer, Role::Approver, Role::Admin],
    purpose: "lock wallets",
};

const UNLOCK: OperationSpec = OperationSpec {
    name: "wallet.unlocked",
    roles: &[Role::Approver, Role::Admin],
    purpose: "unlock wallets",
};

/// Releases every credit due on or before `as_of` (today unless given, never after it).
pub async fn release_wallet_credits(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    as_of: Option<&str>,
    idempotency_key: &str,
) -> Result<WalletsReleased, Error> {
    let mut op = Operation::begin(store, clock, session, RELEASE, idempotency_key).await?;
    let today = clock.now().date_naive();
    let day = input::optional_date("as_of", as_of)?.unwrap_or(today);
    if day > today {
        return Err(Error::invalid(
            "as_of",
            format!("{day} is after today ({today}): credits are released on their day"),
        ));
    }
    let request = json!({ "as_of": day.to_string() });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let released = release_in_op(&mut op, day).await?;
    op.audit(
        "wallets".to_owned(),
        json!({ "as_of": day.to_string(), "released": &released }),
    )
    .await?;
    op.finish(WalletsReleased {
        id: session.program.id,
        as_of: day.to_string(),
        released,
    })
    .await
}

/// Releases the program's credits due on or before `day` in the operation's transaction
/// (each once: a credit another run holds is skipped, and is that run's to release); what
/// was released, per currency. The daily run calls it too.
pub(crate) async fn release_in_op(
    op: &mut Operation<'_>,
    day: NaiveDate,
) -> Result<Vec<ReleasedView>, Error> {
    let program_id = op.session().program.id;
    release_due_credits(op.tx(), program_id, day)
        .await?
        .into_iter()
        .map(|(currency, credits, minor)| {
            Ok(ReleasedView {
                amount: stored::amount(minor, stored::currency(&currency)?)?,
                currency,
                credits,
            })
        })
        .collect()
}

/// Locks (`lock` true) or unlocks a member's wallet, with a reason.
pub async fn set_wallet_lock(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    member: &str,
    lock: bool,
    reason: &str,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let spec = if lock { LOCK } else { UNLOCK };
    let mut op = Operation::begin(store, clock, session, spec, idempotency_key).await?;
    let reason = input::reason(reason)?;
    let member_id = member_by_ref(&mut op, member).await?;
    let request = json!({ "member_id": member_id, "locked": lock, "reason": reason });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let latest = latest_wallet_lock(op.tx(), member_id).await?;
    let locked_now = latest.as_ref().is_some_and(|l| l.locked);
    if locked_now == lock {
        let state = if lock { "locked" } else { "unlocked" };
        return Err(Error::new(
            Code::Conflict,
            format!("member: the wallet of member {member_id} is already {state}"),
        ));
    }
    if let Some(l) = latest
        .as_ref()
        .filter(|l| !lock && l.acted_by == session.user())
    {
        return Err(Error::new(
            Code::PermissionDenied,
            format!(
                "{} locked this wallet ({}) and may not unlock it: another approver or an admin does",
                l.acted_by, l.reason
            ),
        ));
    }
    let program_id = session.program.id;
    let id = insert_wallet_lock(
        op.tx(),
        program_id,
        member_id,
        lock,
        reason,
        session.user(),
        clock.now(),
    )
    .await?;
    op.audit(member_wallet(member_id).code.to_string(), request)
        .await?;
    op.finish(Created { id }).await
}

async fn member_by_ref(op: &mut Operation<'_>, member: &str) -> Result<i64, Error> {
    let member = member.trim();
    let program_id = op.session().program.id;
    let found = find_members(op.tx(), program_id, member).await?;
    match found.as_slice() {
        [(id, _)] => Ok(*id),
        [] => Err(Error::invalid(
            "member",
            format!("no member is named {member}"),
        )),
        several => Err(Error::invalid(
            "member",
            format!(
                "{member} names members of several communities: give the id ({})",
                several
                    .iter()
                    .map(|(id, community)| format!("{id} in {community}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

pub async fn list_wallets(
    store: &Store,
    session: &Session,
    community: Option<&str>,
) -> Result<Items<WalletView>, Error> {
    let mut conn = store.acquire().await?;
    let community_id = match community {
        Some(reference) => Some(community_by_ref(&mut conn, session, reference).await?.id),
        None => None,
    };
    let items = wallets(&mut conn, session.program.id, community_id, None)
        .await?
        .into_iter()
        .map(|w| wallet_view(w, Vec::new(), Vec::new()))
        .collect::<Result<_, Error>>()?;
    Ok(Items { items })
}

/// A member's wallet with every lock and unlock, the member by id or name.
pub async fn show_wallet(
    store: &Store,
    session: &Session,
    member: &str,
) -> Result<WalletView, Error> {
    let mut conn = store.acquire().await?;
    let member = member.trim();
    let found = find_members(&mut conn, session.program.id, member).await?;
    let [(member_id, _)] = found.as_slice() else {
        return Err(Error::invalid(
            "member",
            format!("no single member is named {member}: give the member's id"),
        ));
    };
    let wallet = wallets(&mut conn, session.program.id, None, Some(*member_id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid("member", format!("no member is named {member}")))?;
    let locks = wallet_locks_of(&mut conn, *member_id)
        .await?
        .into_iter()
        .map(|l| WalletLockView {
            locked: l.locked,
            reason: l.reason,
            acted_by: l.acted_by,
            acted_at: l.acted_at.to_rfc3339(),
        })
        .collect();
    let currency = stored::currency(&wallet.currency)?;
    let history = wallet_history(&mut conn, session.program.id, *member_id, WALLET_HISTORY)
        .await?
        .into_iter()
        .map(|m| {
            Ok(WalletMovementView {
                kind: m.kind,
                date: m.day.to_string(),
                id: m.id,
                amount: stored::amount(m.amount_minor, currency)?,
                status: m.status,
                available_on: m.available_on.map(|d| d.to_string()),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    wallet_view(wallet, locks, history)
}

/// The movements `wallet show` lists, the newest first.
const WALLET_HISTORY: i64 = 200;

fn wallet_view(
    w: WalletRecord,
    locks: Vec<WalletLockView>,
    history: Vec<WalletMovementView>,
) -> Result<WalletView, Error> {
    let currency = stored::currency(&w.currency)?;
    Ok(WalletView {
        member_id: w.member_id,
        member: w.member,
        community_id: w.community_id,
        community: w.community,
        role: w.role,
        account: member_wallet(w.member_id).code.to_string(),
        currency: w.currency,
        status: if w.locked { "locked" } else { "open" }.to_owned(),
        pending: stored::amount(w.pending_minor, currency)?,
        available: stored::amount(w.available_minor, currency)?,
        credited: stored::amount(w.credited_minor, currency)?,
        withdrawn: stored::amount(w.withdrawn_minor, currency)?,
        locks,
        history,
    })
}

/// What a member's wallet still holds pending (not yet withdrawable), the wallet's lock taken
/// for the withdrawal being requested; a locked wallet is refused.
pub(crate) async fn pending_in_open_wallet(
    op: &mut Operation<'_>,
    member_id: i64,
) -> Result<i64, Error> {
    if let Some(lock) = latest_wallet_lock(op.tx(), member_id)
        .await?
        .filter(|l| l.locked)
    {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "payee: the wallet of member {member_id} is locked ({}, by {}): nothing is withdrawn until it is unlocked",
                lock.reason, lock.acted_by
            ),
        ));
    }
    let program_id = op.session().program.id;
    let wallet = wallets(op.tx(), program_id, None, Some(member_id)).await?;
    Ok(wallet.first().map_or(0, |w| w.pending_minor))
}
