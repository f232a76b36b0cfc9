//! `prorata distribution post`: approved distributions into the ledger, each as one
//! balanced entry booked in the same transaction as its status, with its business id
//! (`distribution:{id}`) as the entry's idempotency key.
//!
//! Dr `deal:{id}:profit_receivable` the profit; Cr `partner:{id}:payable` the commission;
//! Cr `platform:fee_income` the fee; Cr `investor:{id}:payable` each investor's shares.

use std::collections::BTreeMap;

use prorata_domain::control::Role;
use prorata_domain::deal::{DistributionAction, DistributionStatus};
use prorata_domain::ledger::{AccountCode, AccountType, Leg, Phase, Side, check_balanced};
use prorata_domain::{Currency, Money};
use prorata_store::Store;
use prorata_store::control::Tx;
use prorata_store::deals::{
    DistributionRecord, mark_posted, mark_shares_reversed, refresh_statistics, shares_of,
};
use prorata_store::ledger::{
    MAX_POSTINGS_PER_BATCH, NewAccount, NewEntry, open_accounts, post_entries, reverse_entry,
};
use serde_json::json;

use super::distribution::{check_set, in_lock_order, locked};
use super::{audit, begin, finish, money, stored_currency};
use crate::clock::Clock;
use crate::control::{Created, Items};
use crate::idempotent::claim;
use crate::session::Session;
use crate::{Code, Error};

fn code(text: String) -> Result<AccountCode, Error> {
    AccountCode::parse(&text).map_err(|e| Error::new(Code::Internal, e.to_string()))
}

fn account(
    program_id: i64,
    code: &AccountCode,
    account_type: AccountType,
    currency: Currency,
) -> NewAccount {
    NewAccount {
        program_id,
        code: code.clone(),
        account_type,
        currency,
        normal_side: account_type.normal_side(),
        // What is owed to partners and investors can never be paid below zero.
        must_not_go_negative: account_type == AccountType::Liability,
    }
}

/// The entry of one distribution and the accounts it books to.
async fn entry_of(
    tx: &mut Tx<'_>,
    session: &Session,
    d: &DistributionRecord,
) -> Result<(NewEntry, Vec<NewAccount>), Error> {
    let currency = stored_currency(&d.currency)?;
    let program = session.program.id;
    let mut legs = Vec::new();
    let mut accounts = Vec::new();
    let mut add =
        |text: String, account_type: AccountType, side: Side, amount: Money| -> Result<(), Error> {
            if amount.is_zero() {
                return Ok(());
            }
            let code = code(text)?;
            accounts.push(account(program, &code, account_type, currency));
            legs.push(Leg {
                account: code,
                side,
                amount,
            });
            Ok(())
        };
    add(
        format!("deal:{}:profit_receivable", d.deal_id),
        AccountType::Asset,
        Side::Debit,
        money(d.profit_minor, currency)?,
    )?;
    add(
        format!("partner:{}:payable", d.partner_id),
        AccountType::Liability,
        Side::Credit,
        money(d.partner_commission_minor, currency)?,
    )?;
    add(
        "platform:fee_income".to_owned(),
        AccountType::Income,
        Side::Credit,
        money(d.platform_fee_minor, currency)?,
    )?;
    let mut by_investor: BTreeMap<i64, i64> = BTreeMap::new();
    for share in shares_of(tx, d.id).await? {
        *by_investor.entry(share.investor_id).or_insert(0) += share.amount_minor;
    }
    for (investor, amount_minor) in by_investor {
        add(
            format!("investor:{investor}:payable"),
            AccountType::Liability,
            Side::Credit,
            money(amount_minor, currency)?,
        )?;
    }
    // Asserted here and again by PostgreSQL when the transaction commits.
    check_balanced(&legs)
        .map_err(|e| Error::new(Code::Internal, format!("distribution {}: {e}", d.id)))?;
    let entry = NewEntry {
        program_id: program,
        idempotency_key: format!("distribution:{}", d.id),
        kind: "distribution_posted".to_owned(),
        phase: Phase::Posted,
        effective_date: d.value_date,
        actor: session.user().to_owned(),
        description: format!("distribution {}: {}, {}", d.id, d.deal_name, d.value_date),
        legs,
    };
    Ok((entry, accounts))
}

/// Books a batch of entries, opening their accounts first (in one statement).
async fn book(
    tx: &mut Tx<'_>,
    clock: &dyn Clock,
    session: &Session,
    batch: &mut Vec<(i64, NewEntry)>,
    accounts: &mut Vec<NewAccount>,
) -> Result<(), Error> {
    if batch.is_empty() {
        return Ok(());
    }
    accounts.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    accounts.dedup_by(|a, b| a.code == b.code);
    open_accounts(tx, session.program.id, accounts, clock.now()).await?;
    let entries: Vec<NewEntry> = batch.iter().map(|(_, entry)| entry.clone()).collect();
    let outcomes = post_entries(tx, &entries, clock.now()).await?;
    for ((id, _), outcome) in batch.iter().zip(outcomes) {
        mark_posted(tx, *id, session.user(), outcome.entry_id(), clock.now()).await?;
        let after = json!({ "status": "posted", "journal_entry_id": outcome.entry_id() });
        audit(
            tx,
            clock,
            session,
            "distribution.post",
            format!("distribution:{id}"),
            after,
            None,
        )
        .await?;
    }
    batch.clear();
    accounts.clear();
    Ok(())
}

/// Posts an approved reversal: the mirror of the original's journal entry, keyed by the
/// reversal's business id; the original's shares are then owed no more.
async fn post_reversal(
    tx: &mut Tx<'_>,
    clock: &dyn Clock,
    session: &Session,
    d: &DistributionRecord,
) -> Result<(), Error> {
    let original_id = d.reverses_distribution_id.ok_or_else(|| {
        Error::new(
            Code::Internal,
            format!("reversal {} names no distribution", d.id),
        )
    })?;
    let original = locked(tx, session, original_id).await?;
    let entry_id = original.journal_entry_id.ok_or_else(|| {
        Error::new(
            Code::Internal,
            format!("distribution {original_id} was posted without an entry"),
        )
    })?;
    let reason = d.correction_reason.clone().unwrap_or_default();
    let outcome = reverse_entry(
        tx,
        entry_id,
        &format!("distribution:{}", d.id),
        session.user(),
        clock.now().date_naive(),
        &format!("reversal {} of distribution {original_id}: {reason}", d.id),
        clock.now(),
    )
    .await?;
    mark_posted(tx, d.id, session.user(), outcome.entry_id(), clock.now()).await?;
    mark_shares_reversed(tx, original_id).await?;
    let after = json!({ "status": "posted", "journal_entry_id": outcome.entry_id(), "reverses": original_id });
    audit(
        tx,
        clock,
        session,
        "distribution.post",
        format!("distribution:{}", d.id),
        after,
        Some(&reason),
    )
    .await?;
    Ok(())
}

/// Posts approved distributions to the ledger, all or none.
pub async fn post_distributions(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    ids: &[i64],
    key: &str,
) -> Result<Items<Created>, Error> {
    session
        .actor
        .require_any(&[Role::Officer, Role::Approver], "post distributions")?;
    check_set(ids)?;
    let ids = &in_lock_order(ids);
    let mut tx = begin(store).await?;
    let request = json!({ "ids": ids });
    if let Some(done) = claim(
        &mut tx,
        clock,
        key,
        "distribution.post",
        session.user(),
        &request,
    )
    .await?
    {
        return Ok(done);
    }
    let mut batch = Vec::new();
    let mut accounts = Vec::new();
    let mut postings = 0usize;
    for &id in ids {
        let d = locked(&mut tx, session, id).await?;
        DistributionStatus::parse(&d.status)?.after(DistributionAction::Post)?;
        if d.kind == "reversal" {
            post_reversal(&mut tx, clock, session, &d).await?;
            continue;
        }
        let (entry, entry_accounts) = entry_of(&mut tx, session, &d).await?;
        if postings + entry.legs.len() > MAX_POSTINGS_PER_BATCH {
            book(&mut tx, clock, session, &mut batch, &mut accounts).await?;
            // More batches follow: let the planner see what this transaction has written.
            refresh_statistics(&mut tx).await?;
            postings = 0;
        }
        postings += entry.legs.len();
        accounts.extend(entry_accounts);
        batch.push((id, entry));
    }
    book(&mut tx, clock, session, &mut batch, &mut accounts).await?;
    finish(
        tx,
        key,
        Items {
            items: ids.iter().map(|&id| Created { id }).collect(),
        },
    )
    .await
}
