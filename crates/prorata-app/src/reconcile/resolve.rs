//! `prorata reconcile resolve LINE (--with ITEM | --remittance R | --ignore) --reason T`: an
//! officer resolves an open line by hand, always with a reason, on the record. A match settles
//! exactly: a plain debit pays a sent item of its amount, a return returns one, a plain credit
//! settles a remittance of its amount; any line may be set aside. At or below the account's
//! review threshold it takes effect at once; above it (or always, when the account has none)
//! it holds the line until an approver who is not the resolver reviews it:
//! `prorata reconcile review RESOLUTION (--approve | --reject --reason T)`.
//! `prorata bank threshold --bank BANK --review-above AMOUNT` (an admin) sets the threshold.

use super::bank_named;
use prorata_domain::control::{Role, UserName, check_maker_checker};
use prorata_domain::payout::PayoutItemStatus;
use prorata_domain::reconciliation::{
    LineKind, Match, MatchOutcome, MatchRule, RESOLVERS, REVIEWERS, ResolutionStatus, ResolvedAs,
    needs_review, resolution_outcome,
};
use prorata_store::Store;
use prorata_store::payouts::{find_item, lock_batch};
use prorata_store::reconcile::{
    LineStanding, MatchWriting, NewResolution, ResolutionRecord, find_remittance_standing,
    insert_matches, insert_resolution, insert_review_threshold, line_standing,
    lock_account_matching, lock_resolution, mark_reviewed, review_threshold,
};
use serde_json::json;

use super::views::ResolutionView;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::operation::{Operation, OperationSpec};
use crate::payouts::{Confirmation, ReportLine, confirm_lines_in_op};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, stored};

const RESOLVE: OperationSpec = OperationSpec {
    name: "bank_line.resolve",
    roles: RESOLVERS,
    purpose: "resolve bank lines by hand",
};

const REVIEW: OperationSpec = OperationSpec {
    name: "bank_resolution.review",
    roles: REVIEWERS,
    purpose: "review resolutions of bank lines",
};

const THRESHOLD: OperationSpec = OperationSpec {
    name: "bank.review_threshold",
    roles: &[Role::Admin],
    purpose: "set review thresholds",
};

/// What a person says a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineResolution {
    Item(i64),
    Remittance(i64),
    Ignore,
}

/// A reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDecision<'a> {
    Approve,
    Reject { reason: &'a str },
}

/// Resolves an open line: in effect at once at or below the threshold, else held for review.
pub async fn resolve_line(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    line_id: i64,
    resolution: LineResolution,
    reason: &str,
    idempotency_key: &str,
) -> Result<ResolutionView, Error> {
    let reason = input::reason(reason)?;
    let mut op = Operation::begin(store, clock, session, RESOLVE, idempotency_key).await?;
    let request = json!({ "line": line_id, "as": format!("{resolution:?}"), "reason": reason });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let line = open_line(&mut op, line_id).await?;
    let (item, remittance) = match resolution {
        LineResolution::Item(id) => (Some(id), None),
        LineResolution::Remittance(id) => (None, Some(id)),
        LineResolution::Ignore => (None, None),
    };
    let new = NewResolution {
        program_id: session.program.id,
        bank_account_id: line.bank_account_id,
        currency: &line.currency,
        bank_line_id: line.id,
        payout_item_id: item,
        remittance_id: remittance,
        amount_minor: line.amount_minor,
        reason,
        status: ResolutionStatus::Applied,
        resolved_by: session.user(),
        resolved_at: clock.now(),
    };
    check_target(&mut op, &line, &new).await?;
    let threshold = review_threshold(op.tx(), line.bank_account_id).await?;
    let status = if needs_review(line.amount_minor, threshold) {
        ResolutionStatus::PendingReview
    } else {
        ResolutionStatus::Applied
    };
    let id = insert_resolution(op.tx(), NewResolution { status, ..new }).await?;
    let record = lock_resolution(op.tx(), session.program.id, id)
        .await?
        .ok_or_else(|| Error::new(Code::Internal, "a resolution just made is gone"))?;
    if status == ResolutionStatus::Applied {
        apply_in_op(&mut op, &line, &record).await?;
    }
    op.audit(
        format!("bank_line:{line_id}"),
        json!({ "resolution": id, "status": status.as_str(), "item": item, "remittance": remittance, "reason": reason }),
    )
    .await?;
    let view = ResolutionView::of(record, op.actor())?;
    op.finish(view).await
}

/// The line, under the account's matching lock, open: booked, in no match, held by no
/// resolution.
async fn open_line(op: &mut Operation<'_>, line_id: i64) -> Result<LineStanding, Error> {
    let program_id = op.session().program.id;
    let unknown = || Error::invalid("line", format!("no bank line is numbered {line_id}"));
    let line = line_standing(op.tx(), program_id, line_id)
        .await?
        .ok_or_else(unknown)?;
    lock_account_matching(op.tx(), line.bank_account_id).await?;
    // Read again under the lock: a run or another person may have taken it meanwhile.
    let line = line_standing(op.tx(), program_id, line_id)
        .await?
        .ok_or_else(unknown)?;
    let conflict = |what: String| Error::new(Code::Conflict, format!("bank line {line_id} {what}"));
    if line.status != "BOOK" {
        return Err(conflict(format!(
            "is {}: only a booked line is resolved",
            line.status
        )));
    }
    if let Some(m) = line.match_id {
        return Err(conflict(format!("is matched already (match {m})")));
    }
    if let Some(r) = line.pending_resolution_id {
        return Err(conflict(format!("waits for the review of resolution {r}")));
    }
    Ok(line)
}

fn kind_of(line: &LineStanding) -> LineKind {
    LineKind::of(line.credit, line.reversal, line.return_reason.is_some())
}

/// What the resolution names is open, of the line's account, of the kind the line can
/// settle and of its exact amount.
async fn check_target(
    op: &mut Operation<'_>,
    line: &LineStanding,
    new: &NewResolution<'_>,
) -> Result<(), Error> {
    let resolved_as = match (new.payout_item_id, new.remittance_id) {
        (Some(_), _) => ResolvedAs::Item,
        (_, Some(_)) => ResolvedAs::Remittance,
        _ => ResolvedAs::Ignored,
    };
    resolution_outcome(kind_of(line), resolved_as)
        .map_err(|why| Error::invalid("line", format!("bank line {}: {why}", line.id)))?;
    let currency = stored::currency(&line.currency)?;
    let differs = |what: String, amount: i64| -> Result<(), Error> {
        if amount == line.amount_minor {
            return Ok(());
        }
        Err(Error::invalid(
            "line",
            format!(
                "bank line {} is {} and {what} {}: a match settles exactly; set the line aside with --ignore and a reason",
                line.id,
                stored::amount(line.amount_minor, currency)?,
                stored::amount(amount, currency)?
            ),
        ))
    };
    if let Some(id) = new.payout_item_id {
        let amount = open_item(op, line.bank_account_id, id).await?;
        differs(format!("payout item {id}"), amount)?;
    }
    if let Some(id) = new.remittance_id {
        let program_id = op.session().program.id;
        let (bank, r) = find_remittance_standing(op.tx(), program_id, id)
            .await?
            .ok_or_else(|| {
                Error::invalid("remittance", format!("no remittance is numbered {id}"))
            })?;
        if bank != line.bank_account_id {
            let why = format!("remittance {id} was recorded into another account");
            return Err(Error::invalid("remittance", why));
        }
        if r.matched {
            let why = format!("remittance {id} is settled by a credit already");
            return Err(Error::new(Code::Conflict, why));
        }
        differs(format!("remittance {id}"), r.amount_minor)?;
    }
    Ok(())
}

/// The item's amount, when it is sent from this account and not confirmed.
async fn open_item(op: &mut Operation<'_>, account_id: i64, id: i64) -> Result<i64, Error> {
    let program_id = op.session().program.id;
    let item = find_item(op.tx(), program_id, id)
        .await?
        .ok_or_else(|| Error::invalid("item", format!("no payout item is numbered {id}")))?;
    let batch = lock_batch(op.tx(), program_id, item.batch_id)
        .await?
        .ok_or_else(|| Error::new(Code::Internal, format!("item {id} has no batch")))?;
    if batch.bank_id != account_id {
        let why = format!("payout item {id} was sent from another account");
        return Err(Error::invalid("item", why));
    }
    if item.status != PayoutItemStatus::Sent {
        let why = format!(
            "payout item {id} is {}: only an item sent to the bank is matched",
            item.status
        );
        return Err(Error::new(Code::Conflict, why));
    }
    Ok(item.amount_minor)
}

/// Puts a resolution in effect: the item confirmed through the payouts flow, and the line's
/// match written with the person's reason.
async fn apply_in_op(
    op: &mut Operation<'_>,
    line: &LineStanding,
    r: &ResolutionRecord,
) -> Result<(), Error> {
    let resolved_as = match (r.payout_item_id, r.remittance_id) {
        (Some(_), _) => ResolvedAs::Item,
        (_, Some(_)) => ResolvedAs::Remittance,
        _ => ResolvedAs::Ignored,
    };
    let outcome = resolution_outcome(kind_of(line), resolved_as)
        .map_err(|why| Error::invalid("line", why))?;
    if let Some(item_id) = r.payout_item_id {
        let program_id = op.session().program.id;
        let item = find_item(op.tx(), program_id, item_id)
            .await?
            .ok_or_else(|| {
                Error::invalid("item", format!("no payout item is numbered {item_id}"))
            })?;
        let paid = line
            .bank_reference
            .clone()
            .unwrap_or_else(|| format!("bank line {}", line.id));
        let failed = match &line.return_reason {
            Some(code) => format!("returned by the bank ({code})"),
            None => "returned by the bank".to_owned(),
        };
        let said = if outcome == MatchOutcome::Paid {
            Confirmation::Paid { reference: &paid }
        } else {
            Confirmation::Failed { reason: &failed }
        };
        let report = [ReportLine {
            reference: &item.reference,
            outcome: said,
        }];
        confirm_lines_in_op(op, item.batch_id, &report).await?;
    }
    let m = Match {
        rule: MatchRule::Manual,
        outcome,
        lines: vec![line.id],
        items: r.payout_item_id.into_iter().collect(),
        remittances: r.remittance_id.into_iter().collect(),
        amount_minor: line.amount_minor,
    };
    let writing = MatchWriting {
        program_id: op.session().program.id,
        bank_account_id: line.bank_account_id,
        currency: &line.currency,
        matched_by: op.session().user(),
        matched_at: op.clock().now(),
        reason: Some(&r.reason),
    };
    insert_matches(op.tx(), writing, std::slice::from_ref(&m)).await?;
    Ok(())
}

/// An approver reviews a resolution waiting for it: approved, it takes effect now (what it
/// names still open); rejected, with a reason, its line is open again.
pub async fn review_resolution(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    decision: ReviewDecision<'_>,
    idempotency_key: &str,
) -> Result<ResolutionView, Error> {
    let note = match decision {
        ReviewDecision::Approve => None,
        ReviewDecision::Reject { reason } => Some(input::reason(reason)?),
    };
    let mut op = Operation::begin(store, clock, session, REVIEW, idempotency_key).await?;
    let request = json!({ "resolution": id, "approve": note.is_none(), "reason": note });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let program_id = session.program.id;
    let r = lock_resolution(op.tx(), program_id, id)
        .await?
        .ok_or_else(|| Error::invalid("resolution", format!("no resolution is numbered {id}")))?;
    let resolver = UserName::parse(&r.resolved_by)?;
    check_maker_checker(&resolver, &op.actor().user, &format!("resolution {id}"))?;
    if r.status != ResolutionStatus::PendingReview {
        let why = format!(
            "resolution {id} is {}: only one waiting for review is reviewed",
            r.status
        );
        return Err(Error::new(Code::Conflict, why));
    }
    lock_account_matching(op.tx(), r.bank_account_id).await?;
    let status = if note.is_some() {
        ResolutionStatus::Rejected
    } else {
        ResolutionStatus::Applied
    };
    mark_reviewed(op.tx(), id, status, (session.user(), clock.now()), note).await?;
    if status == ResolutionStatus::Applied {
        let line = line_standing(op.tx(), program_id, r.bank_line_id)
            .await?
            .ok_or_else(|| Error::new(Code::Internal, "a resolution's line is gone"))?;
        let new = NewResolution {
            program_id,
            bank_account_id: r.bank_account_id,
            currency: &r.currency,
            bank_line_id: r.bank_line_id,
            payout_item_id: r.payout_item_id,
            remittance_id: r.remittance_id,
            amount_minor: r.amount_minor,
            reason: &r.reason,
            status,
            resolved_by: &r.resolved_by,
            resolved_at: r.resolved_at,
        };
        check_target(&mut op, &line, &new).await?;
        apply_in_op(&mut op, &line, &r).await?;
    }
    op.audit(
        format!("bank_resolution:{id}"),
        json!({ "status": status.as_str(), "note": note }),
    )
    .await?;
    let reviewed = lock_resolution(op.tx(), program_id, id)
        .await?
        .ok_or_else(|| Error::new(Code::Internal, "a resolution just reviewed is gone"))?;
    let view = ResolutionView::of(reviewed, op.actor())?;
    op.finish(view).await
}

/// An admin sets the amount above which a resolution on the account waits for review.
pub async fn set_review_threshold(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
    review_above: &str,
    notation: Notation,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, THRESHOLD, idempotency_key).await?;
    let program_id = session.program.id;
    let account = bank_named(op.tx(), program_id, bank).await?;
    let currency = stored::currency(&account.currency)?;
    let above = input::amount(notation, "review_above", review_above, currency)?;
    if above.minor_units() < 0 {
        return Err(Error::invalid(
            "review_above",
            "a threshold is zero or more",
        ));
    }
    let request = json!({ "bank_id": account.id, "above": above.to_string() });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let minor = stored::minor_units(above)?;
    let at = (program_id, account.id, account.currency.as_str());
    let id = insert_review_threshold(op.tx(), at, minor, (session.user(), clock.now())).await?;
    op.audit(
        format!("bank:{}", account.id),
        json!({ "review_above": above.to_string() }),
    )
    .await?;
    op.finish(Created { id }).await
}
