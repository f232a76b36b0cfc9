//! `prorata reconcile bank --bank BANK`: the account's imported statement lines matched to
//! the payout items its batches sent, by the items' `EndToEndId`, each match recording its
//! rule. A booked debit of the item's exact amount confirms it paid; a line carrying a return
//! reason confirms it failed, its funds available again; both through the payouts flow's own
//! confirmation, with its effects and idempotency (a line's key is its id, so a rerun after an
//! interruption confirms nothing twice). A line whose amount differs is left for a person.

use prorata_domain::control::Role;
use prorata_store::Store;
use prorata_store::payouts::find_bank_account;
use prorata_store::reconcile::{
    MatchCandidate, insert_bank_match, match_candidates, unmatched_counts,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::payouts::{Confirmation, confirm_item};
use crate::session::Session;
use crate::{Error, stored};

const MATCH: OperationSpec = OperationSpec {
    name: "bank_line.matched",
    roles: &[Role::Officer, Role::Admin],
    purpose: "reconcile bank statements",
};

/// One match a run made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BankMatchView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub line_id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub item_id: i64,
    /// `end_to_end_id` (paid) or `return` (failed).
    pub rule: String,
    pub amount: String,
}

/// What a run did, and what is left for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BankReconciliation {
    pub matched: Vec<BankMatchView>,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub unmatched_lines: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub unmatched_items: i64,
}

pub async fn reconcile_bank(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
) -> Result<BankReconciliation, Error> {
    session.actor.require_any(MATCH.roles, MATCH.purpose)?;
    let program_id = session.program.id;
    let mut conn = store.acquire().await?;
    let account = find_bank_account(&mut conn, program_id, bank.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid("bank", format!("no bank account is named {}", bank.trim()))
        })?;
    let currency = stored::currency(&account.currency)?;
    let candidates = match_candidates(&mut conn, program_id, account.id).await?;
    drop(conn);
    let mut matched = Vec::new();
    for c in candidates {
        let Some(rule) = rule_of(&c) else {
            continue;
        };
        apply(store, clock, session, &c, rule).await?;
        matched.push(BankMatchView {
            line_id: c.line_id,
            item_id: c.item_id,
            rule: rule.to_owned(),
            amount: stored::amount(c.line_amount_minor, currency)?,
        });
    }
    let mut conn = store.acquire().await?;
    let (unmatched_lines, unmatched_items) =
        unmatched_counts(&mut conn, program_id, account.id).await?;
    Ok(BankReconciliation {
        matched,
        unmatched_lines,
        unmatched_items,
    })
}

/// The rule a candidate meets with certainty, if any: a return of a sent item, or a booked
/// debit of a sent item's exact amount.
fn rule_of(c: &MatchCandidate) -> Option<&'static str> {
    if c.item_status != "sent" || c.line_amount_minor != c.item_amount_minor {
        return None;
    }
    match (&c.return_reason, c.credit, c.reversal) {
        (Some(_), _, _) => Some("return"),
        (None, false, false) => Some("end_to_end_id"),
        _ => None,
    }
}

/// Confirms the item through the payouts flow, then records the match; both under keys of the
/// line, so a rerun after an interruption repeats neither.
async fn apply(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    c: &MatchCandidate,
    rule: &str,
) -> Result<(), Error> {
    let reason = c
        .return_reason
        .as_deref()
        .map(|code| format!("returned by the bank ({code})"));
    let reference = c
        .bank_reference
        .clone()
        .unwrap_or_else(|| format!("bank line {}", c.line_id));
    let confirmation = match &reason {
        Some(reason) => Confirmation::Failed { reason },
        None => Confirmation::Paid {
            reference: &reference,
        },
    };
    let key = format!("bank-line:{}", c.line_id);
    confirm_item(store, clock, session, c.item_id, confirmation, &key).await?;
    let match_key = format!("{key}:match");
    let mut op = Operation::begin(store, clock, session, MATCH, &match_key).await?;
    let request = json!({ "line_id": c.line_id, "item_id": c.item_id, "rule": rule });
    if op.claim::<serde_json::Value>(&request).await?.is_some() {
        return Ok(());
    }
    let program_id = session.program.id;
    insert_bank_match(
        op.tx(),
        program_id,
        (c.line_id, c.item_id, rule),
        (session.user(), clock.now()),
    )
    .await?;
    op.audit(format!("bank_line:{}", c.line_id), request.clone())
        .await?;
    op.finish(request).await?;
    Ok(())
}
