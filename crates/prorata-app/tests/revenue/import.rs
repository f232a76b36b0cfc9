//! `revenue import`: a file of transactions checked whole before anything is written, then
//! recorded in batches as `revenue record` records each line; the same file, an overlapping
//! one or a line recorded by hand under its key recorded once; two imports of one file at
//! once; anomalies within a file.

use prorata_app::revenue::{self, RevenueImported};

use crate::prelude::*;

const HEADER: &str = "key,community,source,gross,date,gateway,reference\n";

async fn import(book: &Book, file: &str) -> Result<RevenueImported, prorata_app::Error> {
    revenue::import_revenue(book.store(), &book.clock, &book.officer, file.as_bytes()).await
}

async fn transactions(book: &Book) -> Vec<RevenueView> {
    revenue::list_revenue(book.store(), &book.officer, None)
        .await
        .expect("listed")
        .items
}

/// `count` event lines of 100.00 to 100.99 on `date`, keyed `pay_{first + n}`.
fn lines(first: usize, count: usize, date: &str) -> String {
    (first..first + count)
        .map(|n| {
            format!(
                "pay_{n},Chess club,event,100.{:02},{date},razorpay,\n",
                n % 100
            )
        })
        .collect()
}

#[tokio::test]
async fn a_file_is_split_to_the_paisa_as_record_splits_each_line_and_imported_again_records_nothing()
 {
    let book = Book::new().await;
    club(&book).await;
    let file = format!(
        "{HEADER}ev-1,Chess club,event,10000.00,2026-11-25,razorpay,Spring open\n\
         sp-1,Chess club,sponsor,50000.00,2026-11-25,razorpay,\n"
    );
    let done = import(&book, &file).await.expect("imported");
    assert_eq!(
        (
            done.lines,
            done.recorded,
            done.already_recorded,
            done.batches
        ),
        (2, 2, 0, 1)
    );
    let listed = transactions(&book).await;
    let by_source = |s: &str| {
        listed
            .iter()
            .find(|v| v.source.as_str() == s)
            .expect("imported")
    };
    assert_eq!(
        steps(by_source("event")),
        [
            "10000.00", "1800.00", "164.00", "29.52", "800.65", "0.00", "7205.83"
        ]
    );
    assert_eq!(
        steps(by_source("sponsor")),
        [
            "50000.00", "9000.00", "820.00", "147.60", "4803.89", "0.00", "35228.51"
        ]
    );
    assert_eq!(by_source("event").reference.as_deref(), Some("Spring open"));
    assert_eq!(book.balance("gateway:razorpay:clearing").await, "60000.00");
    let again = import(&book, &file).await.expect("imported again");
    assert_eq!((again.recorded, again.already_recorded), (0, 2));
    assert_eq!(transactions(&book).await.len(), 2, "nothing recorded twice");
    assert_eq!(book.balance("gateway:razorpay:clearing").await, "60000.00");
}

#[tokio::test]
async fn a_file_of_more_than_a_batch_overlapping_files_and_a_line_recorded_by_hand_are_each_recorded_once()
 {
    let book = Book::new().await;
    club(&book).await;
    let by_hand = NewRevenue {
        community: "Chess club",
        source: "event",
        gross: "100.00",
        date: "2026-11-25",
        gateway: Some("razorpay"),
        reference: None,
        notation: Notation::Plain,
    };
    revenue::record_revenue(book.store(), &book.clock, &book.officer, by_hand, "pay_0")
        .await
        .expect("recorded by hand");
    let first = format!("{HEADER}{}", lines(0, 1_001, "2026-11-25"));
    let done = import(&book, &first).await.expect("imported");
    assert_eq!(
        (
            done.lines,
            done.batches,
            done.recorded,
            done.already_recorded
        ),
        (1_001, 2, 1_000, 1)
    );
    let overlapping = format!("{HEADER}{}", lines(999, 3, "2026-11-25"));
    let done = import(&book, &overlapping).await.expect("imported");
    assert_eq!((done.recorded, done.already_recorded), (1, 2));
    assert_eq!(transactions(&book).await.len(), 1_002);
    let expected: i64 = (0..1_002).map(|n| 10_000 + n % 100).sum();
    assert_eq!(
        book.balance("gateway:razorpay:clearing").await,
        format!("{}.{:02}", expected / 100, expected % 100)
    );
    let tb = prorata_app::ledger::trial_balance(book.store(), &book.officer, None)
        .await
        .expect("a trial balance");
    assert_eq!(tb.difference.get("INR").map(String::as_str), Some("0.00"));
    let tied = prorata_app::reconcile::reconcile_ledger(book.store(), &book.officer)
        .await
        .expect("reconciled");
    assert!(tied.intact, "{tied:?}");
}

#[tokio::test]
async fn a_bad_line_refuses_the_whole_file_naming_its_line_and_nothing_is_written() {
    let book = Book::new().await;
    club(&book).await;
    let ok = lines(0, 2, "2026-11-25");
    for (bad, says) in [
        (
            "pay_9,Go club,event,100.00,2026-11-25,,\n",
            "line 4: community: no community is named Go club",
        ),
        (
            "pay_9,Chess club,event,12.3.4,2026-11-25,,\n",
            "line 4: gross",
        ),
        (
            "pay_9,Chess club,raffle,100.00,2026-11-25,,\n",
            "line 4: source: \"raffle\" is not a revenue source",
        ),
        (
            "pay_9,Chess club,event,100.00,2026-11-26,,\n",
            "line 4: date: 2026-11-26 is after today (2026-11-25)",
        ),
        (
            "pay_9,Chess club,event,100.00,2026-11-24,,\n",
            "line 4: date: no fee schedule is in effect on 2026-11-24",
        ),
        (
            "pay_9,Chess club,event,,2026-11-25,,\n",
            "line 4: gross: is empty",
        ),
        (
            "pay_0,Chess club,event,100.00,2026-11-25,,\n",
            "line 4: key: pay_0 is also the key of line 2",
        ),
    ] {
        let file = format!("{HEADER}{ok}{bad}");
        let error = import(&book, &file).await.expect_err("refused");
        assert!(error.message.contains(says), "{bad}: {}", error.message);
    }
    let error = import(
        &book,
        "key,community,gross,date\npay_1,Chess club,1.00,2026-11-25\n",
    )
    .await
    .expect_err("no source column");
    assert!(
        error.message.contains("its header has no source column"),
        "{}",
        error.message
    );
    let error = import(&book, HEADER).await.expect_err("empty");
    assert!(
        error.message.contains("it has no transactions"),
        "{}",
        error.message
    );
    assert!(transactions(&book).await.is_empty(), "nothing written");
    let error = revenue::import_revenue(
        book.store(),
        &book.clock,
        &book.approver,
        format!("{HEADER}{ok}").as_bytes(),
    )
    .await
    .expect_err("an approver does not record revenue");
    assert_eq!(error.code, Code::PermissionDenied);
}

#[tokio::test]
async fn the_same_file_imported_twice_at_the_same_moment_is_recorded_once() {
    let book = Book::new().await;
    club(&book).await;
    let file = format!("{HEADER}{}", lines(0, 1_500, "2026-11-25"));
    let (a, b) = tokio::join!(import(&book, &file), import(&book, &file));
    let (a, b) = (a.expect("imported"), b.expect("imported"));
    assert_eq!(a.recorded + b.recorded, 1_500, "{a:?} {b:?}");
    assert_eq!(a.already_recorded + b.already_recorded, 1_500);
    assert_eq!(transactions(&book).await.len(), 1_500);
}

#[tokio::test]
async fn a_line_far_above_the_days_before_in_the_same_file_is_held_for_review() {
    let book = Book::new().await;
    club(&book).await;
    book.clock.advance(chrono::Duration::days(2));
    let file = format!(
        "{HEADER}{}big,Chess club,event,100000.00,2026-11-26,razorpay,\nsame-day,Chess club,event,100000.00,2026-11-25,razorpay,\n",
        lines(0, 5, "2026-11-25")
    );
    let done = import(&book, &file).await.expect("imported");
    assert_eq!((done.recorded, done.held_for_review), (7, 1));
    let held: Vec<_> = transactions(&book)
        .await
        .into_iter()
        .filter(|v| v.review == "held")
        .collect();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].date.as_str(), held[0].gross.as_str()),
        ("2026-11-26", "100000.00")
    );
}
