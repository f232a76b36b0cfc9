//! `prorata distribution post`: approved distributions into the ledger, each as the one
//! balanced entry of the `distribution_posted` template, booked in the same transaction as
//! its status, with its business id (`distribution:{id}`) as the entry's idempotency key.
//! An approved reversal books the mirror of its original's entry instead.

use prorata_domain::control::Role;
use prorata_domain::deal::{DistributionAction, DistributionKind};
use prorata_domain::ledger::Phase;
use prorata_store::Store;
use prorata_store::control::Tx;
use prorata_store::deals::{
    DistributionRecord, mark_posted, mark_shares_reversed, refresh_statistics, shares_of,
};
use prorata_store::ledger::{
    MAX_POSTINGS_PER_BATCH, NewAccount, NewEntry, open_accounts, post_entries, reverse_entry,
};
use serde_json::json;

use super::entry_view::posting_template;
use super::lock::{lock_deals_of, lock_order, locked, refuse_if_built_on};
use crate::clock::Clock;
use crate::ledger::new_account;
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::{Items, Posted};
use crate::session::Session;
use crate::{Code, Error, stored};

const POST: OperationSpec = OperationSpec {
    name: "distribution.post",
    roles: &[Role::Officer, Role::Approver],
    purpose: "post distributions",
};

/// The entry of one distribution and the accounts it books to.
async fn entry_of(
    tx: &mut Tx<'_>,
    session: &Session,
    d: &DistributionRecord,
) -> Result<(NewEntry, Vec<NewAccount>), Error> {
    let currency = stored::currency(&d.currency)?;
    let shares = shares_of(tx, d.id).await?;
    let template = posting_template(d, &shares, currency)?;
    let program = session.program.id;
    let accounts = template
        .accounts
        .iter()
        .map(|account| new_account(program, account, currency))
        .collect();
    let entry = NewEntry {
        program_id: program,
        idempotency_key: format!("distribution:{}", d.id),
        kind: template.kind.to_owned(),
        phase: Phase::Posted,
        effective_date: d.value_date,
        actor: session.user().to_owned(),
        description: format!("distribution {}: {}, {}", d.id, d.deal_name, d.value_date),
        legs: template.legs,
    };
    Ok((entry, accounts))
}

/// Entries waiting to be booked together, with the accounts they need.
#[derive(Debug, Default)]
struct Batch {
    entries: Vec<(i64, NewEntry)>,
    accounts: Vec<NewAccount>,
    postings: usize,
}

/// Books a batch of entries, opening their accounts first (in one statement), and marks
/// each distribution posted with its audit record.
async fn book(op: &mut Operation<'_>, batch: &mut Batch) -> Result<(), Error> {
    if batch.entries.is_empty() {
        return Ok(());
    }
    let (session, now) = (op.session(), op.clock().now());
    // One account per code and currency: a batch may post deals of several currencies.
    batch
        .accounts
        .sort_by(|a, b| (a.code.as_str(), a.currency).cmp(&(b.code.as_str(), b.currency)));
    batch
        .accounts
        .dedup_by(|a, b| a.code == b.code && a.currency == b.currency);
    open_accounts(op.tx(), session.program.id, &batch.accounts, now).await?;
    let entries: Vec<NewEntry> = batch.entries.iter().map(|(_, e)| e.clone()).collect();
    let outcomes = post_entries(op.tx(), &entries, now).await?;
    for ((id, _), outcome) in batch.entries.iter().zip(outcomes) {
        mark_posted(op.tx(), *id, session.user(), outcome.entry_id(), now).await?;
        let after = json!({ "status": "posted", "journal_entry_id": outcome.entry_id() });
        op.audit(format!("distribution:{id}"), after).await?;
    }
    *batch = Batch::default();
    Ok(())
}

/// Posts an approved reversal: the mirror of the original's journal entry, keyed by the
/// reversal's business id; the original's shares are then owed no more.
async fn post_reversal(op: &mut Operation<'_>, d: &DistributionRecord) -> Result<(), Error> {
    let (session, now) = (op.session(), op.clock().now());
    let original_id = d.reverses_distribution_id.ok_or_else(|| {
        Error::new(
            Code::Internal,
            format!("reversal {} names no distribution", d.id),
        )
    })?;
    let original = locked(op.tx(), session, original_id).await?;
    // Nothing is prepared on a mark while its reversal is under way; this holds for what
    // was prepared before that rule, too.
    refuse_if_built_on(op.tx(), &original).await?;
    let entry_id = original.journal_entry_id.ok_or_else(|| {
        Error::new(
            Code::Internal,
            format!("distribution {original_id} was posted without an entry"),
        )
    })?;
    let reason = d.correction_reason.clone().unwrap_or_default();
    let outcome = reverse_entry(
        op.tx(),
        entry_id,
        &format!("distribution:{}", d.id),
        session.user(),
        now.date_naive(),
        &format!("reversal {} of distribution {original_id}: {reason}", d.id),
        now,
    )
    .await?;
    mark_posted(op.tx(), d.id, session.user(), outcome.entry_id(), now).await?;
    mark_shares_reversed(op.tx(), original_id).await?;
    let after = json!({ "status": "posted", "journal_entry_id": outcome.entry_id(), "reverses": original_id });
    let change = Change::new(POST.name, format!("distribution:{}", d.id), after);
    op.record(change.because(Some(&reason))).await
}

/// Posts approved distributions to the ledger, all or none.
pub async fn post_distributions(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    ids: &[i64],
    idempotency_key: &str,
) -> Result<Items<Posted>, Error> {
    let mut op = Operation::begin(store, clock, session, POST, idempotency_key).await?;
    let ids = lock_order(ids)?;
    let request = json!({ "ids": ids });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    lock_deals_of(op.tx(), session, &ids).await?;
    let mut batch = Batch::default();
    for &id in &ids {
        let d = locked(op.tx(), session, id).await?;
        d.status.after(DistributionAction::Post)?;
        if d.kind == DistributionKind::Reversal {
            post_reversal(&mut op, &d).await?;
            continue;
        }
        let (entry, accounts) = entry_of(op.tx(), session, &d).await?;
        if batch.postings + entry.legs.len() > MAX_POSTINGS_PER_BATCH {
            book(&mut op, &mut batch).await?;
            // More batches follow: let the planner see what this transaction has written.
            refresh_statistics(op.tx()).await?;
        }
        batch.postings += entry.legs.len();
        batch.accounts.extend(accounts);
        batch.entries.push((id, entry));
    }
    book(&mut op, &mut batch).await?;
    let items = ids.iter().map(|&id| Posted { id }).collect();
    op.finish(Items { items }).await
}
