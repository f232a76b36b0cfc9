use std::collections::HashSet;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn debit(id: i64, amount_minor: i64, booked: &str) -> BankLine {
    BankLine {
        id,
        amount_minor,
        kind: LineKind::Debit,
        booked_on: Some(day(booked)),
        end_to_end_id: None,
        payment_information_id: None,
        message_id: None,
        remittance: None,
    }
}

fn with_e2e(mut line: BankLine, e2e: &str) -> BankLine {
    line.end_to_end_id = Some(e2e.to_owned());
    line
}

fn item(id: i64, batch_id: i64, amount_minor: i64, sent: &str) -> SentItem {
    SentItem {
        id,
        batch_id,
        reference: format!("E2E-{id}"),
        amount_minor,
        sent_on: day(sent),
    }
}

fn batch(id: i64, sent: &str) -> SentBatch {
    SentBatch {
        id,
        reference: format!("BATCH-{id}"),
        sent_on: day(sent),
    }
}

fn expected(items: Vec<SentItem>) -> Expected {
    let mut batches: Vec<SentBatch> = items
        .iter()
        .map(|i| SentBatch {
            id: i.batch_id,
            reference: format!("BATCH-{}", i.batch_id),
            sent_on: i.sent_on,
        })
        .collect();
    batches.dedup_by_key(|b| b.id);
    Expected {
        items,
        batches,
        remittances: Vec::new(),
    }
}

fn rules_of(matching: &Matching) -> Vec<(MatchRule, MatchOutcome, Vec<i64>, Vec<i64>)> {
    let of = |m: &Match| (m.rule, m.outcome, m.lines.clone(), m.items.clone());
    matching.matches.iter().map(of).collect()
}

#[test]
fn business_day_windows_skip_weekends_both_ways() {
    // 2026-11-20 is a Friday.
    assert_eq!(window_end(day("2026-11-20"), 1), day("2026-11-23"));
    assert_eq!(window_end(day("2026-11-19"), 1), day("2026-11-22"));
    assert_eq!(window_end(day("2026-11-20"), 3), day("2026-11-25"));
    assert_eq!(window_end(day("2026-11-23"), 0), day("2026-11-23"));
    assert_eq!(window_start(day("2026-11-23"), 1), day("2026-11-20"));
    assert_eq!(window_start(day("2026-11-25"), 3), day("2026-11-20"));
    assert_eq!(window_start(day("2026-11-22"), 0), day("2026-11-20"));
}

#[test]
fn a_debit_naming_an_item_for_its_amount_pays_it_and_a_return_returns_it() {
    let book = expected(vec![
        item(1, 10, 5_000, "2026-11-20"),
        item(2, 10, 7_000, "2026-11-20"),
    ]);
    let mut returned = with_e2e(debit(101, 7_000, "2026-11-24"), "E2E-2");
    returned.kind = LineKind::Return;
    let lines = [with_e2e(debit(100, 5_000, "2026-11-23"), "E2E-1"), returned];
    let matching = match_lines(&book, &lines, DEFAULT_WINDOW_BUSINESS_DAYS);
    assert_eq!(
        rules_of(&matching),
        vec![
            (
                MatchRule::EndToEndId,
                MatchOutcome::Paid,
                vec![100],
                vec![1]
            ),
            (
                MatchRule::EndToEndId,
                MatchOutcome::Returned,
                vec![101],
                vec![2]
            ),
        ]
    );
}

#[test]
fn a_different_amount_is_only_suggested() {
    let book = expected(vec![item(1, 10, 2_000, "2026-11-20")]);
    let lines = [with_e2e(debit(100, 1_999, "2026-11-23"), "E2E-1")];
    let matching = match_lines(&book, &lines, DEFAULT_WINDOW_BUSINESS_DAYS);
    assert!(matching.matches.is_empty());
    assert_eq!(
        matching.suggestions,
        vec![Suggestion {
            line_id: 100,
            items: vec![1],
            remittances: vec![]
        }]
    );
}

#[test]
fn several_debits_carrying_one_reference_pay_it_when_they_add_up() {
    let book = expected(vec![item(1, 10, 10_000, "2026-11-20")]);
    let lines = [
        with_e2e(debit(101, 6_000, "2026-11-23"), "E2E-1"),
        with_e2e(debit(100, 4_000, "2026-11-23"), "E2E-1"),
    ];
    let matching = match_lines(&book, &lines, DEFAULT_WINDOW_BUSINESS_DAYS);
    assert_eq!(
        rules_of(&matching),
        vec![(
            MatchRule::LinesSum,
            MatchOutcome::Paid,
            vec![100, 101],
            vec![1]
        )]
    );
    assert_eq!(
        matching.matches[0].id(),
        100,
        "a match is known by its first line"
    );
}

#[test]
fn one_debit_naming_a_batch_pays_what_is_left_of_it() {
    let book = expected(vec![
        item(1, 10, 1_000, "2026-11-20"),
        item(2, 10, 2_000, "2026-11-20"),
        item(3, 10, 3_000, "2026-11-20"),
    ]);
    let mut whole = debit(100, 5_000, "2026-11-23");
    whole.payment_information_id = Some("BATCH-10".to_owned());
    let lines = [with_e2e(debit(99, 1_000, "2026-11-23"), "E2E-1"), whole];
    let matching = match_lines(&book, &lines, DEFAULT_WINDOW_BUSINESS_DAYS);
    assert_eq!(
        rules_of(&matching),
        vec![
            (MatchRule::EndToEndId, MatchOutcome::Paid, vec![99], vec![1]),
            (
                MatchRule::BatchReference,
                MatchOutcome::Paid,
                vec![100],
                vec![2, 3]
            ),
        ]
    );
}

#[test]
fn a_debit_for_a_batchs_total_pays_it_only_when_it_is_the_one_batch_in_the_window() {
    let mut book = expected(vec![
        item(1, 10, 1_000, "2026-11-20"),
        item(2, 10, 2_000, "2026-11-20"),
        item(3, 11, 1_500, "2026-11-02"),
        item(4, 11, 1_500, "2026-11-02"),
    ]);
    book.batches = vec![batch(10, "2026-11-20"), batch(11, "2026-11-02")];
    let lines = [debit(100, 3_000, "2026-11-24")];
    let matching = match_lines(&book, &lines, DEFAULT_WINDOW_BUSINESS_DAYS);
    assert_eq!(
        rules_of(&matching),
        vec![(
            MatchRule::BatchSum,
            MatchOutcome::Paid,
            vec![100],
            vec![1, 2]
        )],
        "batch 11 has the same total but was sent weeks before"
    );
    let wide = match_lines(&book, &lines, MAX_WINDOW_BUSINESS_DAYS);
    assert!(
        wide.matches.is_empty(),
        "with a month's window two batches fit"
    );
}

#[test]
fn amount_and_date_match_only_when_exactly_one_candidate_fits_each_way() {
    let book = expected(vec![
        item(1, 10, 4_200, "2026-11-20"),
        item(2, 11, 3_300, "2026-11-20"),
        item(3, 11, 3_300, "2026-11-23"),
    ]);
    let lines = [
        debit(100, 4_200, "2026-11-25"),
        debit(101, 3_300, "2026-11-24"),
        debit(102, 4_200, "2026-12-10"),
    ];
    let matching = match_lines(&book, &lines, DEFAULT_WINDOW_BUSINESS_DAYS);
    assert_eq!(
        rules_of(&matching),
        vec![(
            MatchRule::AmountDate,
            MatchOutcome::Paid,
            vec![100],
            vec![1]
        )]
    );
    assert_eq!(
        matching.suggestions,
        vec![Suggestion {
            line_id: 101,
            items: vec![2, 3],
            remittances: vec![]
        }],
        "two items of 33.00 fit line 101; line 102 is outside every window"
    );
    let narrow = match_lines(&book, &lines, 2);
    assert!(
        narrow.matches.is_empty(),
        "three business days after is outside two"
    );
}

#[test]
fn two_lines_for_one_item_of_the_same_amount_match_neither() {
    let book = expected(vec![item(1, 10, 4_200, "2026-11-20")]);
    let lines = [
        debit(100, 4_200, "2026-11-23"),
        debit(101, 4_200, "2026-11-24"),
    ];
    let matching = match_lines(&book, &lines, DEFAULT_WINDOW_BUSINESS_DAYS);
    assert!(matching.matches.is_empty());
    assert_eq!(matching.suggestions.len(), 2);
}

#[test]
fn credits_settle_remittances_by_reference_then_by_amount_and_date() {
    let book = Expected {
        remittances: vec![
            OpenRemittance {
                id: 7,
                amount_minor: 90_000,
                remitted_on: day("2026-11-20"),
                reference: Some("Q3-PROFIT".to_owned()),
            },
            OpenRemittance {
                id: 8,
                amount_minor: 12_500,
                remitted_on: day("2026-11-24"),
                reference: None,
            },
        ],
        ..Expected::default()
    };
    let mut by_reference = debit(100, 90_000, "2026-11-27");
    by_reference.kind = LineKind::Credit;
    by_reference.remittance = Some(" Q3-PROFIT ".to_owned());
    let mut by_date = debit(101, 12_500, "2026-11-23");
    by_date.kind = LineKind::Credit;
    let matching = match_lines(
        &book,
        &[by_reference, by_date],
        DEFAULT_WINDOW_BUSINESS_DAYS,
    );
    let remitted: Vec<_> = matching
        .matches
        .iter()
        .map(|m| (m.rule, m.outcome, m.lines.clone(), m.remittances.clone()))
        .collect();
    assert_eq!(
        remitted,
        vec![
            (
                MatchRule::Reference,
                MatchOutcome::Remitted,
                vec![100],
                vec![7]
            ),
            (
                MatchRule::AmountDate,
                MatchOutcome::Remitted,
                vec![101],
                vec![8]
            ),
        ]
    );
}

#[test]
fn reversals_and_credits_never_pay_an_item() {
    let book = expected(vec![item(1, 10, 5_000, "2026-11-20")]);
    let mut reversal = with_e2e(debit(100, 5_000, "2026-11-23"), "E2E-1");
    reversal.kind = LineKind::Reversal;
    let mut credit = with_e2e(debit(101, 5_000, "2026-11-23"), "E2E-1");
    credit.kind = LineKind::Credit;
    let matching = match_lines(&book, &[reversal, credit], DEFAULT_WINDOW_BUSINESS_DAYS);
    assert!(matching.matches.is_empty());
}

fn scenario() -> impl Strategy<Value = (Vec<SentItem>, Vec<BankLine>)> {
    let items = prop::collection::vec((1i64..4, 1i64..6, 0i64..10), 1..30);
    let lines = prop::collection::vec((0usize..40, 1i64..6, 0i64..12, 0u8..4), 0..40);
    (items, lines).prop_map(|(items, lines)| {
        let base = day("2026-11-02");
        let items: Vec<SentItem> = items
            .into_iter()
            .enumerate()
            .map(|(at, (batch_id, amount, offset))| SentItem {
                id: i64::try_from(at).unwrap_or(0) + 1,
                batch_id,
                reference: format!("E2E-{}", at + 1),
                amount_minor: amount * 100,
                sent_on: base + chrono::Duration::days(offset),
            })
            .collect();
        let lines = lines
            .into_iter()
            .enumerate()
            .map(|(at, (named, amount, offset, how))| {
                let mut line = debit(
                    1_000 + i64::try_from(at).unwrap_or(0),
                    amount * 100,
                    "2026-11-02",
                );
                line.booked_on = Some(base + chrono::Duration::days(offset));
                line.end_to_end_id = (how & 1 == 1).then(|| format!("E2E-{named}"));
                line.payment_information_id = (how == 2).then(|| format!("BATCH-{}", named % 4));
                line
            })
            .collect();
        (items, lines)
    })
}

proptest! {
    #[test]
    fn nothing_is_matched_twice_and_every_match_adds_up((items, lines) in scenario()) {
        let mut book = expected(items);
        book.batches.sort_by_key(|b| b.id);
        book.batches.dedup_by_key(|b| b.id);
        let matching = match_lines(&book, &lines, DEFAULT_WINDOW_BUSINESS_DAYS);
        let (mut seen_lines, mut seen_items) = (HashSet::new(), HashSet::new());
        for m in &matching.matches {
            prop_assert!(!m.lines.is_empty() && m.lines.windows(2).all(|w| w[0] < w[1]));
            for l in &m.lines {
                prop_assert!(seen_lines.insert(*l), "line {} matched twice", l);
            }
            for i in &m.items {
                prop_assert!(seen_items.insert(*i), "item {} matched twice", i);
            }
            let lines_total: i64 = lines.iter().filter(|l| m.lines.contains(&l.id)).map(|l| l.amount_minor).sum();
            let items_total: i64 = book.items.iter().filter(|i| m.items.contains(&i.id)).map(|i| i.amount_minor).sum();
            prop_assert_eq!(lines_total, m.amount_minor);
            prop_assert_eq!(items_total, m.amount_minor);
        }
        for s in &matching.suggestions {
            prop_assert!(!seen_lines.contains(&s.line_id), "a matched line is not suggested");
        }
    }
}

#[test]
fn a_resolution_settles_only_what_its_line_can_be_and_waits_above_the_threshold() {
    let item = ResolvedAs::Item;
    assert_eq!(
        resolution_outcome(LineKind::Debit, item),
        Ok(MatchOutcome::Paid)
    );
    assert_eq!(
        resolution_outcome(LineKind::Return, item),
        Ok(MatchOutcome::Returned)
    );
    assert!(resolution_outcome(LineKind::Credit, item).is_err());
    assert!(resolution_outcome(LineKind::Reversal, item).is_err());
    let remittance = ResolvedAs::Remittance;
    assert_eq!(
        resolution_outcome(LineKind::Credit, remittance),
        Ok(MatchOutcome::Remitted)
    );
    assert!(resolution_outcome(LineKind::Debit, remittance).is_err());
    assert_eq!(
        resolution_outcome(LineKind::Reversal, ResolvedAs::Ignored),
        Ok(MatchOutcome::Ignored)
    );
    assert!(
        needs_review(1, None),
        "without a threshold every resolution is reviewed"
    );
    assert!(!needs_review(100_000, Some(100_000)));
    assert!(needs_review(100_001, Some(100_000)));
}

#[test]
fn only_an_approver_other_than_the_resolver_reviews_a_waiting_resolution() {
    use crate::control::{Actor, Refusal, Role, UserName};
    let actor = |name: &str, role: Role| Actor {
        user: UserName::parse(name).expect("a name"),
        roles: [role].into_iter().collect(),
    };
    let pending = ResolutionStatus::PendingReview;
    assert!(review_permit(&actor("abe", Role::Approver), pending, "olga").allowed);
    let own = review_permit(&actor("olga", Role::Approver), pending, "olga");
    assert_eq!(own.refused_by, Some(Refusal::MakerChecker));
    let officer = review_permit(&actor("bo", Role::Officer), pending, "olga");
    assert_eq!(officer.refused_by, Some(Refusal::MissingRole));
    let done = review_permit(
        &actor("abe", Role::Approver),
        ResolutionStatus::Applied,
        "olga",
    );
    assert_eq!(done.refused_by, Some(Refusal::State));
}
