//! `reconcile open | resolve | review` and `bank threshold`: what no rule settled, resolved by
//! an officer with a reason; at or below the account's threshold in effect at once, above it
//! (or always, without one) held until an approver who is not the resolver reviews it; a
//! match settles exactly; two resolutions of one line at once make one; PostgreSQL's half.

use prorata_app::reconcile::{
    LineResolution, MatchOutcome, MatchRule, ResolutionStatus, ReviewDecision, open_on_account,
    resolve_line, review_resolution, set_review_threshold,
};

use crate::matching::{debit, import, reconcile, sent, statement_of, statuses};
use crate::prelude::*;

async fn resolve(
    book: &Book,
    who: &prorata_app::session::Session,
    line: i64,
    resolution: LineResolution,
) -> Result<prorata_app::reconcile::ResolutionView, prorata_app::Error> {
    let reason = "the bank booked it without a reference";
    resolve_line(
        book.store(),
        &book.clock,
        who,
        line,
        resolution,
        reason,
        &book.key(),
    )
    .await
}

async fn open_lines(book: &Book, bank: &str) -> Vec<(i64, String)> {
    let open = open_on_account(book.store(), &book.officer, bank)
        .await
        .expect("open");
    open.lines.into_iter().map(|l| (l.id, l.amount)).collect()
}

async fn threshold(book: &Book, bank: &str, above: &str) {
    let s = book.store();
    set_review_threshold(
        s,
        &book.clock,
        &book.admin,
        bank,
        above,
        Notation::Plain,
        &book.key(),
    )
    .await
    .expect("a threshold");
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a resolution's refusals and its effect, kept in one scenario"
)]
async fn at_or_below_the_threshold_a_resolution_pays_the_item_at_once_and_settles_exactly() {
    let book = Book::new().await;
    owed(&book).await;
    let (batch, bank, items) = sent(&book, &["40.00", "40.00", "25.00"]).await;
    import(
        &book,
        &bank,
        &statement_of("R-1", &[debit("40.00", None), debit("24.00", None)]),
    )
    .await;
    let run = reconcile(&book, &bank).await;
    assert!(run.matched.is_empty(), "40.00 fits two items: {run:?}");
    threshold(&book, &bank, "100.00").await;
    let lines = open_lines(&book, &bank).await;
    let (forty, twenty_four) = (lines[0].0, lines[1].0);
    let differs = resolve(
        &book,
        &book.officer,
        twenty_four,
        LineResolution::Item(items[2].0),
    )
    .await
    .expect_err("24.00 is not 25.00");
    assert_eq!(differs.code, Code::Validation);
    assert!(
        differs.message.contains("a match settles exactly"),
        "{}",
        differs.message
    );
    let as_remittance = resolve(&book, &book.officer, forty, LineResolution::Remittance(1))
        .await
        .expect_err("a debit settles no remittance");
    assert!(
        as_remittance.message.contains("only a plain credit"),
        "{}",
        as_remittance.message
    );
    let approver = resolve(
        &book,
        &book.approver,
        forty,
        LineResolution::Item(items[1].0),
    )
    .await
    .expect_err("an approver does not resolve");
    assert_eq!(approver.code, Code::PermissionDenied);
    let done = resolve(
        &book,
        &book.officer,
        forty,
        LineResolution::Item(items[1].0),
    )
    .await
    .expect("resolved");
    assert_eq!(
        done.status,
        ResolutionStatus::Applied,
        "40.00 is not above 100.00"
    );
    assert_eq!(statuses(&book, batch).await, ["sent", "paid", "sent"]);
    let again = resolve(&book, &book.officer, forty, LineResolution::Ignore)
        .await
        .expect_err("matched already");
    assert_eq!(again.code, Code::Conflict);
    let open = open_on_account(book.store(), &book.officer, &bank)
        .await
        .expect("open");
    assert_eq!(open.lines.len(), 1);
    assert_eq!(open.items.len(), 2);
    assert_eq!(open.review_above.as_deref(), Some("100.00"));
    let matched: (String, String) =
        sqlx::query_as("SELECT rule, outcome FROM bank_matches WHERE id = $1")
            .bind(forty)
            .fetch_one(book.store().pool())
            .await
            .expect("a match");
    assert_eq!(
        matched,
        (
            MatchRule::Manual.to_string(),
            MatchOutcome::Paid.to_string()
        )
    );
    book.ledger_ties().await;
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a review's path from held to applied and to rejected, kept whole"
)]
async fn above_the_threshold_a_resolution_waits_for_another_persons_review() {
    let book = Book::new().await;
    owed(&book).await;
    let (batch, bank, items) = sent(&book, &["60.00", "60.00", "9.00"]).await;
    import(
        &book,
        &bank,
        &statement_of("R-2", &[debit("60.00", None), debit("8.50", None)]),
    )
    .await;
    let lines = open_lines(&book, &bank).await;
    let (sixty, odd) = (lines[0].0, lines[1].0);
    let held = resolve(&book, &book.both, sixty, LineResolution::Item(items[0].0))
        .await
        .expect("resolved");
    assert_eq!(
        held.status,
        ResolutionStatus::PendingReview,
        "no threshold: every one waits"
    );
    assert!(!held.review.allowed, "the resolver does not review it");
    assert_eq!(
        statuses(&book, batch).await,
        ["sent", "sent", "sent"],
        "nothing in effect yet"
    );
    assert_eq!(open_lines(&book, &bank).await.len(), 1, "the line is held");
    let run = reconcile(&book, &bank).await;
    assert!(run.matched.is_empty() && run.suggested.iter().all(|s| s.line_id != sixty));
    let s = book.store();
    let own = review_resolution(
        s,
        &book.clock,
        &book.both,
        held.id,
        ReviewDecision::Approve,
        &book.key(),
    )
    .await
    .expect_err("maker-checker");
    assert_eq!(own.code, Code::PermissionDenied);
    let approved = review_resolution(
        s,
        &book.clock,
        &book.approver,
        held.id,
        ReviewDecision::Approve,
        &book.key(),
    )
    .await
    .expect("approved");
    assert_eq!(approved.status, ResolutionStatus::Applied);
    assert_eq!(approved.reviewed_by.as_deref(), Some("abe"));
    assert_eq!(statuses(&book, batch).await, ["paid", "sent", "sent"]);
    let twice = review_resolution(
        s,
        &book.clock,
        &book.approver,
        held.id,
        ReviewDecision::Approve,
        &book.key(),
    )
    .await
    .expect_err("reviewed once");
    assert_eq!(twice.code, Code::Conflict);

    let aside = resolve(&book, &book.officer, odd, LineResolution::Ignore)
        .await
        .expect("set aside");
    let reject = ReviewDecision::Reject {
        reason: "it is the 9.00 payment less a fee: ask the bank",
    };
    let rejected = review_resolution(
        s,
        &book.clock,
        &book.approver,
        aside.id,
        reject,
        &book.key(),
    )
    .await
    .expect("rejected");
    assert_eq!(rejected.status, ResolutionStatus::Rejected);
    assert_eq!(
        open_lines(&book, &bank).await,
        [(odd, "8.50".to_owned())],
        "open again"
    );
    book.ledger_ties().await;
}

#[tokio::test]
async fn two_resolutions_of_one_line_at_once_make_one() {
    let book = Book::new().await;
    owed(&book).await;
    let (_, bank, items) = sent(&book, &["70.00", "70.00"]).await;
    import(&book, &bank, &statement_of("R-3", &[debit("70.00", None)])).await;
    let line = open_lines(&book, &bank).await[0].0;
    let (one, two) = tokio::join!(
        resolve(&book, &book.officer, line, LineResolution::Item(items[0].0)),
        resolve(&book, &book.both, line, LineResolution::Item(items[1].0)),
    );
    let made = [&one, &two].iter().filter(|r| r.is_ok()).count();
    assert_eq!(made, 1, "{one:?} {two:?}");
    let refused = if one.is_err() { one } else { two };
    assert_eq!(refused.expect_err("one refused").code, Code::Conflict);
}

#[tokio::test]
async fn postgres_holds_the_threshold_the_review_and_the_held_line_against_the_application() {
    let book = Book::new().await;
    owed(&book).await;
    let (_, bank, items) = sent(&book, &["90.00"]).await;
    import(&book, &bank, &statement_of("R-4", &[debit("90.00", None)])).await;
    let line = open_lines(&book, &bank).await[0].0;
    let applied = book
        .refused(&format!(
            "INSERT INTO bank_resolutions (program_id, bank_account_id, currency, bank_line_id, action, amount_minor,
                 reason, status, resolved_by, resolved_at)
             SELECT program_id, bank_account_id, currency, id, 'ignore', amount_minor, 'forged', 'applied', 'olga', now()
             FROM bank_lines WHERE id = {line}"
        ))
        .await;
    assert!(applied.contains("waits for an approver"), "{applied}");
    let held = resolve(&book, &book.both, line, LineResolution::Item(items[0].0))
        .await
        .expect("held for review");
    let own = book
        .refused(&format!(
            "UPDATE bank_resolutions SET status = 'applied', reviewed_by = 'bo', reviewed_at = now() WHERE id = {}",
            held.id
        ))
        .await;
    assert!(
        own.contains("bank_resolution_reviewer_is_not_resolver"),
        "{own}"
    );
    let by_rule = book
        .refused(&format!(
            "WITH m AS (INSERT INTO bank_matches (id, program_id, bank_account_id, currency, rule, outcome, amount_minor, matched_by, matched_at)
                        SELECT id, program_id, bank_account_id, currency, 'amount_date', 'paid', amount_minor, 'olga', now()
                        FROM bank_lines WHERE id = {line} RETURNING id, program_id)
             INSERT INTO bank_match_lines (bank_line_id, program_id, match_id) SELECT id, program_id, id FROM m"
        ))
        .await;
    assert!(
        by_rule.contains("waits for the review of its resolution"),
        "{by_rule}"
    );
    let reworded = book
        .refused(&format!(
            "UPDATE bank_resolutions SET reason = 'other' WHERE id = {}",
            held.id
        ))
        .await;
    assert!(reworded.contains("permission denied"), "{reworded}");
}
