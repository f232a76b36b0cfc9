//! `prorata reconcile bank --bank BANK [--window DAYS]`: the account's imported statement
//! lines matched to what the book expects, by the rules of
//! [`prorata_domain::reconciliation`] in their order, each match recording its rule. Matched
//! debits confirm payout items paid and returns confirm them failed (funds available again),
//! through the payouts flow's own confirmation with its effects; matched credits confirm
//! remittances received. A line that only might be something is suggested, never applied.
//!
//! A run writes a transaction per batch (at most [`crate::payouts::MAX_ITEMS_PER_BATCH`] items) and one per
//! [`MAX_MATCHES_PER_WRITE`] remittance matches, a few statements each: a run interrupted
//! between them is run again, and what was written is not proposed twice. Each write holds the
//! account's matching lock and checks its lines are still open under it, so two runs at once
//! write each match once.

use super::bank_named;
use std::collections::{BTreeMap, HashMap};

use prorata_domain::Currency;
use prorata_domain::payout::BATCH_HANDLERS;
use prorata_domain::reconciliation::{
    DEFAULT_WINDOW_BUSINESS_DAYS, MAX_WINDOW_BUSINESS_DAYS, Match, MatchOutcome, MatchRule,
    Matching, match_lines,
};
use prorata_store::Store;
use prorata_store::payouts::BankAccountRecord;
use prorata_store::reconcile::{
    MatchWriting, OpenLine, count_matched_lines, insert_matches, lock_account_matching,
    open_to_match, unmatched_counts,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::payouts::{Confirmation, ReportLine, confirm_lines_in_op};
use crate::session::Session;
use crate::{Error, stored};

const MATCH: OperationSpec = OperationSpec {
    name: "bank.reconcile",
    roles: BATCH_HANDLERS,
    purpose: "reconcile bank statements",
};

/// The most remittance matches one transaction writes.
pub const MAX_MATCHES_PER_WRITE: usize = 10_000;

/// One match a run made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BankMatchView {
    /// The match, known by its first line.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub rule: MatchRule,
    pub outcome: MatchOutcome,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub lines: Vec<i64>,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub items: Vec<i64>,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub remittances: Vec<i64>,
    pub amount: String,
}

/// A line and what it might be, for a person: never applied by a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SuggestedMatch {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub line_id: i64,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub items: Vec<i64>,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub remittances: Vec<i64>,
}

/// What a run did, and what is left for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BankReconciliation {
    pub matched: Vec<BankMatchView>,
    pub suggested: Vec<SuggestedMatch>,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub unmatched_lines: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub unmatched_items: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub unmatched_remittances: i64,
}

/// Runs the rules over the account's open lines and writes what they are certain of. The
/// command's key is looked up first and taken when the run ends: the same key again answers
/// with the run's report, and writes nothing.
pub async fn reconcile_bank(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
    window_business_days: Option<u32>,
    idempotency_key: &str,
) -> Result<BankReconciliation, Error> {
    let window = window_business_days.unwrap_or(DEFAULT_WINDOW_BUSINESS_DAYS);
    if window > MAX_WINDOW_BUSINESS_DAYS {
        return Err(Error::invalid(
            "window",
            format!("give 0 to {MAX_WINDOW_BUSINESS_DAYS} business days"),
        ));
    }
    let mut op = Operation::begin(store, clock, session, MATCH, idempotency_key).await?;
    let program_id = session.program.id;
    let account = bank_named(op.tx(), program_id, bank).await?;
    let request = json!({ "bank_id": account.id, "window": window });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    // No transaction stays open for the run: one open for minutes would keep every row version
    // the run's own writes leave behind. Each write holds the account's lock and checks its
    // lines instead, and the key is taken again when the run ends.
    op.release().await?;
    let currency = stored::currency(&account.currency)?;
    let mut conn = store.acquire().await?;
    let (lines, expected) = open_to_match(&mut conn, program_id, account.id).await?;
    drop(conn);
    let raw: Vec<_> = lines.iter().map(|l| l.line.clone()).collect();
    let Matching {
        matches,
        suggestions,
    } = match_lines(&expected, &raw, window);
    let run = Run {
        store,
        clock,
        session,
        key: idempotency_key,
        account: &account,
        lines: lines.iter().map(|l| (l.line.id, l)).collect(),
        batch_of: expected
            .items
            .iter()
            .map(|i| (i.id, (i.batch_id, i.reference.as_str())))
            .collect(),
    };
    let written = run.write(matches).await?;
    let mut op = Operation::begin(store, clock, session, MATCH, idempotency_key).await?;
    if let Some(done) = op.claim(&request).await? {
        // The same key ran meanwhile and finished first: its report is the key's.
        return Ok(done);
    }
    let left = unmatched_counts(op.tx(), program_id, account.id).await?;
    let report = BankReconciliation {
        matched: views(&written, currency)?,
        suggested: suggestions
            .into_iter()
            .map(|s| SuggestedMatch {
                line_id: s.line_id,
                items: s.items,
                remittances: s.remittances,
            })
            .collect(),
        unmatched_lines: left.lines,
        unmatched_items: left.items,
        unmatched_remittances: left.remittances,
    };
    op.finish(report).await
}

fn views(matches: &[Match], currency: Currency) -> Result<Vec<BankMatchView>, Error> {
    matches
        .iter()
        .map(|m| {
            Ok(BankMatchView {
                id: m.id(),
                rule: m.rule,
                outcome: m.outcome,
                lines: m.lines.clone(),
                items: m.items.clone(),
                remittances: m.remittances.clone(),
                amount: stored::amount(m.amount_minor, currency)?,
            })
        })
        .collect()
}

/// A run's writing: what it read, to confirm and record its matches.
struct Run<'a> {
    store: &'a Store,
    clock: &'a dyn Clock,
    session: &'a Session,
    /// The command's key: each write's is made from it and the lines it writes.
    key: &'a str,
    account: &'a BankAccountRecord,
    lines: HashMap<i64, &'a OpenLine>,
    /// Each sent item's batch and `EndToEndId`.
    batch_of: HashMap<i64, (i64, &'a str)>,
}

impl Run<'_> {
    /// Writes the matches, a batch's at a time and the remittances' in slices; the ones
    /// written, in order.
    async fn write(&self, matches: Vec<Match>) -> Result<Vec<Match>, Error> {
        let mut by_batch: BTreeMap<i64, Vec<Match>> = BTreeMap::new();
        let mut remitted = Vec::new();
        for m in matches {
            match m.items.first().and_then(|i| self.batch_of.get(i)) {
                Some((batch_id, _)) => by_batch.entry(*batch_id).or_default().push(m),
                None => remitted.push(m),
            }
        }
        let mut written = Vec::new();
        for (batch_id, matches) in by_batch {
            if self.write_slice(Some(batch_id), &matches).await? {
                written.extend(matches);
            }
        }
        for slice in remitted.chunks(MAX_MATCHES_PER_WRITE) {
            if self.write_slice(None, slice).await? {
                written.extend_from_slice(slice);
            }
        }
        Ok(written)
    }

    /// One transaction: under the account's lock, the lines still open, the batch's items
    /// confirmed, the matches recorded. False when another run wrote these lines first.
    async fn write_slice(&self, batch_id: Option<i64>, matches: &[Match]) -> Result<bool, Error> {
        let line_ids: Vec<i64> = matches
            .iter()
            .flat_map(|m| m.lines.iter().copied())
            .collect();
        let digest = digest_of(&line_ids);
        let key = format!("{}:bank:{}:{digest}", self.key, self.account.id);
        let mut op = Operation::begin(self.store, self.clock, self.session, MATCH, &key).await?;
        let request = json!({ "bank_id": self.account.id, "batch_id": batch_id, "lines": digest });
        if let Some(done) = op.claim::<bool>(&request).await? {
            return Ok(done);
        }
        lock_account_matching(op.tx(), self.account.id).await?;
        if count_matched_lines(op.tx(), &line_ids).await? > 0 {
            return op.finish(false).await;
        }
        if let Some(batch_id) = batch_id {
            let confirmations = self.confirmations(matches)?;
            let report: Vec<ReportLine<'_>> = confirmations
                .iter()
                .map(|(reference, outcome)| ReportLine {
                    reference,
                    outcome: match outcome {
                        Ok(paid) => Confirmation::Paid { reference: paid },
                        Err(failed) => Confirmation::Failed { reason: failed },
                    },
                })
                .collect();
            confirm_lines_in_op(&mut op, batch_id, &report).await?;
        }
        let writing = MatchWriting {
            program_id: self.session.program.id,
            bank_account_id: self.account.id,
            currency: &self.account.currency,
            matched_by: self.session.user(),
            matched_at: self.clock.now(),
            reason: None,
        };
        insert_matches(op.tx(), writing, matches).await?;
        let recorded: Vec<_> = matches
            .iter()
            .map(|m| {
                json!([
                    m.id(),
                    m.rule.as_str(),
                    m.outcome.as_str(),
                    m.items,
                    m.remittances
                ])
            })
            .collect();
        op.audit(
            format!("bank:{}", self.account.id),
            json!({ "matched": recorded }),
        )
        .await?;
        op.finish(true).await
    }

    /// What each matched item's confirmation says: its `EndToEndId`, and the bank's reference
    /// of its payment (`Ok`) or the return's reason (`Err`).
    #[allow(clippy::type_complexity, reason = "a pair read once, just below")]
    fn confirmations(
        &self,
        matches: &[Match],
    ) -> Result<Vec<(&str, Result<String, String>)>, Error> {
        let mut out = Vec::new();
        for m in matches {
            let line = self.lines.get(&m.id()).ok_or_else(|| {
                Error::new(
                    crate::Code::Internal,
                    format!("line {} was not read", m.id()),
                )
            })?;
            let said = match (m.outcome, &line.return_reason) {
                (MatchOutcome::Returned, Some(code)) => {
                    Err(format!("returned by the bank ({code})"))
                }
                (MatchOutcome::Returned, None) => Err("returned by the bank".to_owned()),
                _ => Ok(line
                    .bank_reference
                    .clone()
                    .unwrap_or_else(|| format!("bank line {}", line.line.id))),
            };
            for item in &m.items {
                let (_, reference) = self.batch_of.get(item).ok_or_else(|| {
                    Error::new(crate::Code::Internal, format!("item {item} was not read"))
                })?;
                out.push((*reference, said.clone()));
            }
        }
        Ok(out)
    }
}

/// The SHA-256 of a slice's lines: the slice's key, the same on a rerun of the same reading.
fn digest_of(line_ids: &[i64]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for id in line_ids {
        hash.update(id.to_le_bytes());
    }
    prorata_store::crypto::to_hex(&hash.finalize())
}
