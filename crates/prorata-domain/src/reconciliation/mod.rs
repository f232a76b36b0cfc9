//! Bank lines matched to what the book expects of them (DESIGN §8, Reconciliation): the
//! payout items a program's batches sent and the remittances it recorded. The rules run in
//! order, each match naming the rule that made it:
//!
//! 1. `end_to_end_id`: a line carrying an item's reference (its `EndToEndId`) for its exact
//!    amount: a plain debit pays it, a line with the bank's return reason returns it; and
//!    `reference`: a plain credit carrying a remittance's reference, for its amount.
//! 2. `lines_sum`: several debits carrying one item's reference that add up to it.
//! 3. `batch_reference`: one debit naming a batch (`PmtInfId` or `MsgId`) for the total of
//!    its items still unmatched.
//! 4. `batch_sum`: one debit for the exact total of one batch sent within the window, when
//!    no other batch and no other line fits.
//! 5. `amount_date`: one debit for an item's amount within the window after it was sent (or a
//!    credit for a remittance's within the window either side of it), when exactly one fits
//!    each way.
//!
//! A line with candidates that no rule is certain of is a [`Suggestion`]: never applied
//! without a person. Nothing is matched twice. Nothing here reads a store.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::states::state;

mod resolution;
mod rules;
#[cfg(test)]
mod tests;

pub use resolution::{
    RESOLVERS, REVIEWERS, ResolutionStatus, ResolvedAs, needs_review, resolution_outcome,
    review_permit,
};
pub use rules::match_lines;

state!(
    ReconciliationError,
    /// The rule that made a match.
    MatchRule {
        EndToEndId => "end_to_end_id",
        Reference => "reference",
        LinesSum => "lines_sum",
        BatchReference => "batch_reference",
        BatchSum => "batch_sum",
        AmountDate => "amount_date",
        Manual => "manual",
    }
);

state!(
    ReconciliationError,
    /// What a match says happened: items paid or returned, remittances received, or a line
    /// set aside by a person.
    MatchOutcome {
        Paid => "paid",
        Returned => "returned",
        Remitted => "remitted",
        Ignored => "ignored",
    }
);

impl MatchRule {
    /// The rule as a reader says it.
    pub fn label(self) -> &'static str {
        match self {
            MatchRule::EndToEndId => "EndToEndId",
            MatchRule::Reference => "remittance reference",
            MatchRule::LinesSum => "several lines, one payment",
            MatchRule::BatchReference => "batch by its id",
            MatchRule::BatchSum => "batch by its total",
            MatchRule::AmountDate => "amount and date",
            MatchRule::Manual => "by hand",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReconciliationError {
    #[error("\"{0}\" is not a rule or an outcome of a bank match")]
    UnknownStatus(String),
}

/// The window of the date rules when none is given, in business days.
pub const DEFAULT_WINDOW_BUSINESS_DAYS: u32 = 3;
/// The widest window the date rules take: beyond it a date says nothing.
pub const MAX_WINDOW_BUSINESS_DAYS: u32 = 30;
/// How many candidates a suggestion names at most.
pub const MAX_SUGGESTED: usize = 10;
/// How many lines one match joins at most (`lines_sum`).
pub const MAX_LINES_PER_MATCH: usize = 100;

/// What a bank line is, for matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Money out.
    Debit,
    /// Money in.
    Credit,
    /// Either way, with the bank's return reason: a payment that came back.
    Return,
    /// The bank's reversal of an entry of its own: for a person.
    Reversal,
}

impl LineKind {
    pub fn of(credit: bool, reversal: bool, returned: bool) -> LineKind {
        match (returned, reversal, credit) {
            (true, _, _) => LineKind::Return,
            (false, true, _) => LineKind::Reversal,
            (false, false, true) => LineKind::Credit,
            (false, false, false) => LineKind::Debit,
        }
    }
}

/// A booked, unmatched line of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLine {
    pub id: i64,
    pub amount_minor: i64,
    pub kind: LineKind,
    pub booked_on: Option<NaiveDate>,
    pub end_to_end_id: Option<String>,
    pub payment_information_id: Option<String>,
    pub message_id: Option<String>,
    /// The unstructured remittance information.
    pub remittance: Option<String>,
}

/// A payout item sent to the bank and not yet confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentItem {
    pub id: i64,
    pub batch_id: i64,
    /// Its `EndToEndId`.
    pub reference: String,
    pub amount_minor: i64,
    pub sent_on: NaiveDate,
}

/// An executed batch: its `MsgId` (which is also its `PmtInfId`) and the day it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentBatch {
    pub id: i64,
    pub reference: String,
    pub sent_on: NaiveDate,
}

/// A remittance recorded and not yet matched to a credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRemittance {
    pub id: i64,
    pub amount_minor: i64,
    pub remitted_on: NaiveDate,
    pub reference: Option<String>,
}

/// What the book expects of an account's statements.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    pub items: Vec<SentItem>,
    pub batches: Vec<SentBatch>,
    pub remittances: Vec<OpenRemittance>,
}

/// Lines and what they settle, by one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub rule: MatchRule,
    pub outcome: MatchOutcome,
    /// In ascending order: the first names the match.
    pub lines: Vec<i64>,
    pub items: Vec<i64>,
    pub remittances: Vec<i64>,
    pub amount_minor: i64,
}

impl Match {
    /// A match is known by its first line: a line is in one match only.
    pub fn id(&self) -> i64 {
        self.lines[0]
    }
}

/// A line and what might be it, for a person to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub line_id: i64,
    pub items: Vec<i64>,
    pub remittances: Vec<i64>,
}

/// What the rules found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    pub matches: Vec<Match>,
    pub suggestions: Vec<Suggestion>,
}

fn is_business_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The last day `window` business days after `from` (days after it, Saturdays and Sundays
/// not counted: from a Friday, one business day takes in the weekend and Monday).
pub fn window_end(from: NaiveDate, window: u32) -> NaiveDate {
    let window = window.min(MAX_WINDOW_BUSINESS_DAYS);
    let (mut day, mut counted) = (from, 0);
    // Bounded: thirty business days are at most 44 calendar days; a loose bound suffices.
    for _ in 0..=(window * 2 + 4) {
        let Some(next) = day.succ_opt() else { break };
        if is_business_day(next) {
            if counted == window {
                break;
            }
            counted += 1;
        }
        day = next;
    }
    day
}

/// The first day from which `to` is at most `window` business days after.
pub fn window_start(to: NaiveDate, window: u32) -> NaiveDate {
    let window = window.min(MAX_WINDOW_BUSINESS_DAYS);
    let (mut day, mut counted) = (to, 0);
    for _ in 0..=(window * 2 + 4) {
        if is_business_day(day) {
            if counted == window {
                break;
            }
            counted += 1;
        }
        let Some(previous) = day.pred_opt() else {
            break;
        };
        day = previous;
    }
    // One more day back would put one business day too many between it and `to`.
    day
}

/// Indexes of what is still unmatched, by amount, sorted by date for the windows.
pub(crate) type ByAmount = HashMap<i64, Vec<(NaiveDate, usize)>>;
