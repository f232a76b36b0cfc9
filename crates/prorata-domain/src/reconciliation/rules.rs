//! The rules, in order, over what is still unmatched: each takes what it is certain of and
//! leaves the rest to the next. Every loop is bounded by the lines and the items given; a
//! window's candidates are found by binary search among those of the same amount.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{
    BankLine, ByAmount, Expected, LineKind, MAX_LINES_PER_MATCH, MAX_SUGGESTED,
    MAX_WINDOW_BUSINESS_DAYS, Match, MatchOutcome, MatchRule, Matching, Suggestion, window_end,
    window_start,
};

/// Runs the rules over an account's unmatched lines and what the book expects of them.
pub fn match_lines(expected: &Expected, lines: &[BankLine], window_business_days: u32) -> Matching {
    let mut run = Run::new(expected, lines, window_business_days);
    run.by_reference();
    run.by_lines_sum();
    run.by_batch_reference();
    run.by_batch_sum();
    let candidates = run.by_amount_and_date();
    run.suggest(candidates);
    debug_assert!(run.conserves(), "every match adds up on both sides");
    run.out
}

/// A key that names one thing, or several (and so none for certain).
fn unique_index<'a>(
    keys: impl Iterator<Item = (&'a str, usize)>,
) -> HashMap<&'a str, Option<usize>> {
    let mut index: HashMap<&str, Option<usize>> = HashMap::new();
    for (key, at) in keys {
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        index
            .entry(key)
            .and_modify(|named| *named = None)
            .or_insert(Some(at));
    }
    index
}

/// How many of `sorted` fall in `[from, to]`, and the first few of them.
fn in_window(
    sorted: Option<&Vec<(NaiveDate, usize)>>,
    from: NaiveDate,
    to: NaiveDate,
) -> (usize, Vec<usize>) {
    let Some(sorted) = sorted else {
        return (0, Vec::new());
    };
    let start = sorted.partition_point(|(day, _)| *day < from);
    let end = sorted.partition_point(|(day, _)| *day <= to);
    let found = end.saturating_sub(start);
    let first = sorted[start..start + found.min(MAX_SUGGESTED)]
        .iter()
        .map(|(_, at)| *at)
        .collect();
    (found, first)
}

/// The open of both sides for the date rule, by amount.
struct DateIndexes {
    items: ByAmount,
    remittances: ByAmount,
    debits: ByAmount,
    credits: ByAmount,
}

fn sorted(mut index: ByAmount) -> ByAmount {
    for dated in index.values_mut() {
        dated.sort_unstable();
    }
    index
}

struct Run<'a> {
    expected: &'a Expected,
    lines: &'a [BankLine],
    window: u32,
    items_by_reference: HashMap<&'a str, Option<usize>>,
    line_taken: Vec<bool>,
    item_taken: Vec<bool>,
    remittance_taken: Vec<bool>,
    out: Matching,
}

impl<'a> Run<'a> {
    fn new(expected: &'a Expected, lines: &'a [BankLine], window: u32) -> Run<'a> {
        let items = expected.items.iter().enumerate();
        Run {
            expected,
            lines,
            window: window.min(MAX_WINDOW_BUSINESS_DAYS),
            items_by_reference: unique_index(items.map(|(at, i)| (i.reference.as_str(), at))),
            line_taken: vec![false; lines.len()],
            item_taken: vec![false; expected.items.len()],
            remittance_taken: vec![false; expected.remittances.len()],
            out: Matching::default(),
        }
    }

    /// Records a match and marks its sides taken.
    fn take(
        &mut self,
        rule: MatchRule,
        outcome: MatchOutcome,
        lines: &[usize],
        items: &[usize],
        remittances: &[usize],
    ) {
        let mut line_ids: Vec<i64> = lines.iter().map(|&l| self.lines[l].id).collect();
        line_ids.sort_unstable();
        let amount: i64 = lines.iter().map(|&l| self.lines[l].amount_minor).sum();
        for &l in lines {
            debug_assert!(!self.line_taken[l], "a line is matched once");
            self.line_taken[l] = true;
        }
        for &i in items {
            debug_assert!(!self.item_taken[i], "an item is matched once");
            self.item_taken[i] = true;
        }
        for &r in remittances {
            debug_assert!(!self.remittance_taken[r], "a remittance is matched once");
            self.remittance_taken[r] = true;
        }
        self.out.matches.push(Match {
            rule,
            outcome,
            lines: line_ids,
            items: items.iter().map(|&i| self.expected.items[i].id).collect(),
            remittances: remittances
                .iter()
                .map(|&r| self.expected.remittances[r].id)
                .collect(),
            amount_minor: amount,
        });
    }

    /// The untaken item a line's `EndToEndId` names, if one does.
    fn named_item(&self, line: &BankLine) -> Option<usize> {
        let key = line.end_to_end_id.as_deref()?.trim();
        let at = (*self.items_by_reference.get(key)?)?;
        (!self.item_taken[at]).then_some(at)
    }

    /// Rule 1: a payment or a return by its `EndToEndId`; a remittance by its reference.
    fn by_reference(&mut self) {
        let remittances = self.expected.remittances.iter().enumerate();
        let remittances = unique_index(
            remittances.filter_map(|(at, r)| r.reference.as_deref().map(|key| (key, at))),
        );
        for l in 0..self.lines.len() {
            let line = &self.lines[l];
            let outcome = match line.kind {
                LineKind::Debit => MatchOutcome::Paid,
                LineKind::Return => MatchOutcome::Returned,
                LineKind::Credit => {
                    let keys = [line.end_to_end_id.as_deref(), line.remittance.as_deref()];
                    let named = keys.into_iter().flatten().find_map(|key| {
                        let at = (*remittances.get(key.trim())?)?;
                        let r = &self.expected.remittances[at];
                        (!self.remittance_taken[at] && r.amount_minor == line.amount_minor)
                            .then_some(at)
                    });
                    if let Some(at) = named {
                        self.take(
                            MatchRule::Reference,
                            MatchOutcome::Remitted,
                            &[l],
                            &[],
                            &[at],
                        );
                    }
                    continue;
                }
                LineKind::Reversal => continue,
            };
            let Some(at) = self.named_item(line) else {
                continue;
            };
            if self.expected.items[at].amount_minor == line.amount_minor {
                self.take(MatchRule::EndToEndId, outcome, &[l], &[at], &[]);
            }
        }
    }

    /// Rule 2: several debits carrying one item's `EndToEndId` that add up to it.
    fn by_lines_sum(&mut self) {
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for (l, line) in self.lines.iter().enumerate() {
            if self.line_taken[l] || line.kind != LineKind::Debit {
                continue;
            }
            if let Some(at) = self.named_item(line) {
                groups.entry(at).or_default().push(l);
            }
        }
        let mut groups: Vec<(usize, Vec<usize>)> = groups.into_iter().collect();
        groups.sort_unstable();
        for (at, lines) in groups {
            if lines.len() < 2 || lines.len() > MAX_LINES_PER_MATCH {
                continue;
            }
            let total: i128 = lines
                .iter()
                .map(|&l| i128::from(self.lines[l].amount_minor))
                .sum();
            if total == i128::from(self.expected.items[at].amount_minor) {
                self.take(MatchRule::LinesSum, MatchOutcome::Paid, &lines, &[at], &[]);
            }
        }
    }

    /// Each batch's untaken items (by the batch's place) and their total.
    fn batch_remainders(&self) -> HashMap<i64, (Vec<usize>, i128)> {
        let mut remainders: HashMap<i64, (Vec<usize>, i128)> = HashMap::new();
        for (at, item) in self.expected.items.iter().enumerate() {
            if !self.item_taken[at] {
                let (items, total) = remainders.entry(item.batch_id).or_default();
                items.push(at);
                *total += i128::from(item.amount_minor);
            }
        }
        remainders
    }

    /// Rule 3: one debit naming a batch by `PmtInfId` or `MsgId`, for what is left of it.
    fn by_batch_reference(&mut self) {
        let batches = self.expected.batches.iter();
        let by_reference = unique_index(
            batches
                .enumerate()
                .map(|(at, b)| (b.reference.as_str(), at)),
        );
        let mut remainders = self.batch_remainders();
        for l in 0..self.lines.len() {
            let line = &self.lines[l];
            if self.line_taken[l] || line.kind != LineKind::Debit {
                continue;
            }
            let keys = [
                line.payment_information_id.as_deref(),
                line.message_id.as_deref(),
            ];
            let named = keys
                .into_iter()
                .flatten()
                .find_map(|key| *by_reference.get(key.trim())?);
            let Some(batch_id) = named.map(|at| self.expected.batches[at].id) else {
                continue;
            };
            let fits = remainders.get(&batch_id).is_some_and(|(items, total)| {
                !items.is_empty() && *total == i128::from(line.amount_minor)
            });
            if fits && let Some((items, _)) = remainders.remove(&batch_id) {
                self.take(
                    MatchRule::BatchReference,
                    MatchOutcome::Paid,
                    &[l],
                    &items,
                    &[],
                );
            }
        }
    }

    /// Rule 4: one debit for the whole of one batch sent within the window, each the only
    /// one that fits the other.
    fn by_batch_sum(&mut self) {
        let remainders = self.batch_remainders();
        let mut batches = ByAmount::new();
        for (at, batch) in self.expected.batches.iter().enumerate() {
            let Some((items, total)) = remainders.get(&batch.id) else {
                continue;
            };
            if let (true, Ok(total)) = (items.len() >= 2, i64::try_from(*total)) {
                batches.entry(total).or_default().push((batch.sent_on, at));
            }
        }
        let batches = sorted(batches);
        let debits = self.lines_by_amount(LineKind::Debit);
        for l in 0..self.lines.len() {
            let line = &self.lines[l];
            let (Some(day), LineKind::Debit, false) =
                (line.booked_on, line.kind, self.line_taken[l])
            else {
                continue;
            };
            let (found, first) = in_window(
                batches.get(&line.amount_minor),
                window_start(day, self.window),
                day,
            );
            let [at] = first[..] else { continue };
            let sent_on = self.expected.batches[at].sent_on;
            let (lines, _) = in_window(
                debits.get(&line.amount_minor),
                sent_on,
                window_end(sent_on, self.window),
            );
            if found == 1 && lines == 1 {
                let items = remainders[&self.expected.batches[at].id].0.clone();
                self.take(MatchRule::BatchSum, MatchOutcome::Paid, &[l], &items, &[]);
            }
        }
    }

    /// Rule 5: one debit for one item's amount within the window after it was sent, or one
    /// credit for one remittance's within the window either side; each the only one that fits
    /// the other. What fits a line without certainty is returned for the suggestions.
    fn by_amount_and_date(&mut self) -> HashMap<usize, (Vec<usize>, Vec<usize>)> {
        let open = DateIndexes {
            items: self.open_by_amount(&self.item_taken, |at| {
                let i = &self.expected.items[at];
                (i.amount_minor, i.sent_on)
            }),
            remittances: self.open_by_amount(&self.remittance_taken, |at| {
                let r = &self.expected.remittances[at];
                (r.amount_minor, r.remitted_on)
            }),
            debits: self.lines_by_amount(LineKind::Debit),
            credits: self.lines_by_amount(LineKind::Credit),
        };
        let mut uncertain = HashMap::new();
        for l in 0..self.lines.len() {
            let line = &self.lines[l];
            let (Some(day), false) = (line.booked_on, self.line_taken[l]) else {
                continue;
            };
            let fits = match line.kind {
                LineKind::Debit => self.item_by_date(&open, line.amount_minor, day),
                LineKind::Credit => self.remittance_by_date(&open, line.amount_minor, day),
                LineKind::Return | LineKind::Reversal => continue,
            };
            match (fits, line.kind) {
                (Ok(at), LineKind::Debit) => {
                    self.take(MatchRule::AmountDate, MatchOutcome::Paid, &[l], &[at], &[]);
                }
                (Ok(at), _) => {
                    let outcome = MatchOutcome::Remitted;
                    self.take(MatchRule::AmountDate, outcome, &[l], &[], &[at]);
                }
                (Err(first), LineKind::Debit) => _ = uncertain.insert(l, (first, Vec::new())),
                (Err(first), _) => _ = uncertain.insert(l, (Vec::new(), first)),
            }
        }
        uncertain
    }

    /// The one item a debit of `amount` booked on `day` can be, or the first few that fit.
    fn item_by_date(
        &self,
        open: &DateIndexes,
        amount: i64,
        day: NaiveDate,
    ) -> Result<usize, Vec<usize>> {
        let start = window_start(day, self.window);
        let (found, first) = in_window(open.items.get(&amount), start, day);
        let [at] = first[..] else { return Err(first) };
        let sent_on = self.expected.items[at].sent_on;
        let end = window_end(sent_on, self.window);
        let (lines, _) = in_window(open.debits.get(&amount), sent_on, end);
        if found == 1 && lines == 1 {
            Ok(at)
        } else {
            Err(first)
        }
    }

    /// The one remittance a credit of `amount` booked on `day` can be, or the first few.
    fn remittance_by_date(
        &self,
        open: &DateIndexes,
        amount: i64,
        day: NaiveDate,
    ) -> Result<usize, Vec<usize>> {
        let (start, end) = (window_start(day, self.window), window_end(day, self.window));
        let (found, first) = in_window(open.remittances.get(&amount), start, end);
        let [at] = first[..] else { return Err(first) };
        let on = self.expected.remittances[at].remitted_on;
        let (start, end) = (window_start(on, self.window), window_end(on, self.window));
        let (lines, _) = in_window(open.credits.get(&amount), start, end);
        if found == 1 && lines == 1 {
            Ok(at)
        } else {
            Err(first)
        }
    }

    /// What is still open of one side, by amount and date.
    fn open_by_amount(&self, taken: &[bool], of: impl Fn(usize) -> (i64, NaiveDate)) -> ByAmount {
        let mut index = ByAmount::new();
        for (at, _) in taken.iter().enumerate().filter(|(_, taken)| !**taken) {
            let (amount, day) = of(at);
            index.entry(amount).or_default().push((day, at));
        }
        sorted(index)
    }

    /// The untaken lines of a kind with a booking day, by amount.
    fn lines_by_amount(&self, kind: LineKind) -> ByAmount {
        let mut index = ByAmount::new();
        for (l, line) in self.lines.iter().enumerate() {
            if let (false, true, Some(day)) =
                (self.line_taken[l], line.kind == kind, line.booked_on)
            {
                index.entry(line.amount_minor).or_default().push((day, l));
            }
        }
        sorted(index)
    }

    /// What might be each line left: the item its `EndToEndId` names (for another amount),
    /// else what fits its amount and date.
    fn suggest(&mut self, mut uncertain: HashMap<usize, (Vec<usize>, Vec<usize>)>) {
        for l in 0..self.lines.len() {
            if self.line_taken[l] {
                continue;
            }
            let (items, remittances) = match self.named_item(&self.lines[l]) {
                Some(at) => (vec![at], Vec::new()),
                None => uncertain.remove(&l).unwrap_or_default(),
            };
            let items: Vec<i64> = items
                .iter()
                .filter(|&&at| !self.item_taken[at])
                .map(|&at| self.expected.items[at].id)
                .collect();
            let remittances: Vec<i64> = remittances
                .iter()
                .filter(|&&at| !self.remittance_taken[at])
                .map(|&at| self.expected.remittances[at].id)
                .collect();
            if !items.is_empty() || !remittances.is_empty() {
                self.out.suggestions.push(Suggestion {
                    line_id: self.lines[l].id,
                    items,
                    remittances,
                });
            }
        }
    }

    /// Every match's lines add up to what it settles.
    fn conserves(&self) -> bool {
        let item_amounts: HashMap<i64, i64> = self
            .expected
            .items
            .iter()
            .map(|i| (i.id, i.amount_minor))
            .collect();
        let remitted: HashMap<i64, i64> = self
            .expected
            .remittances
            .iter()
            .map(|r| (r.id, r.amount_minor))
            .collect();
        self.out.matches.iter().all(|m| {
            let settled: i64 = m.items.iter().map(|i| item_amounts[i]).sum::<i64>()
                + m.remittances.iter().map(|r| remitted[r]).sum::<i64>();
            settled == m.amount_minor
        })
    }
}
