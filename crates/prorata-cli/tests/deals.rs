//! The deal profit-sharing flow from the command line, as DESIGN §10 names its commands, on
//! a real local store: the seed example from `deal create` to the ledger, with the exit
//! statuses of the controls.

#[allow(dead_code)]
mod common;

use common::{
    StoppedOnDrop, User, as_user, failure, id_of, init_without_second_factor, json_of,
    post_distribution, scratch,
};

#[allow(
    clippy::too_many_lines,
    reason = "a scenario reads top to bottom as the steps a user takes"
)]
#[test]
fn the_seed_example_from_deal_create_to_the_ledger_with_two_people() {
    let (_dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    let abe = |args: &[&str]| as_user(&store, "abe", args);
    init_without_second_factor(&admin);
    json_of(&admin(&[
        "--json", "user", "add", "olga", "--role", "officer", "approver",
    ]));
    json_of(&admin(&[
        "--json", "user", "add", "abe", "--role", "approver",
    ]));

    json_of(&olga(&["--json", "partner", "add", "Mobile Traders"]));
    let deal = create_deal(&olga, "Phones", "USD");
    for (name, amount) in [("A", "2000"), ("B", "4000"), ("C", "4000")] {
        json_of(&olga(&["--json", "investor", "add", name]));
        json_of(&olga(&[
            "--json",
            "invest",
            "--deal",
            "Phones",
            "--investor",
            name,
            "--amount",
            amount,
            "--date",
            "2026-11-02",
        ]));
    }
    let over = failure(
        &olga(&[
            "deal",
            "create",
            "--name",
            "X",
            "--currency",
            "USD",
            "--partner",
            "Mobile Traders",
            "--partner-rate",
            "0.9",
            "--platform-rate",
            "0.2",
        ]),
        2,
    );
    assert!(over.starts_with("error[validation]: "), "{over}");
    assert!(over.contains("more than 100%"), "{over}");

    let record = olga(&[
        "--json",
        "performance",
        "record",
        "--deal",
        &deal,
        "--date",
        "2026-11-24",
        "--value",
        "12000",
        "--notes",
        "good week",
    ]);
    let record = json_of(&record);
    assert_eq!(record["flagged"], false);
    let record_id = record["id"].as_i64().expect("an id").to_string();
    let own = failure(&olga(&["performance", "verify", &record_id]), 3);
    assert_eq!(
        own,
        format!(
            "error[permission_denied]: olga made this performance record {record_id} and so cannot check it: a second person must"
        )
    );
    json_of(&abe(&["--json", "performance", "verify", &record_id]));

    let distribution = id_of(&olga(&[
        "--json",
        "distribution",
        "prepare",
        "--deal",
        "Phones",
        "--date",
        "2026-11-24",
    ]));
    let shown = json_of(&abe(&["--json", "distribution", "show", &distribution]));
    assert_eq!(shown["partner_commission"], "400.00");
    assert_eq!(shown["platform_fee"], "40.00");
    let shares: Vec<&str> = shown["shares"]
        .as_array()
        .expect("shares")
        .iter()
        .map(|s| s["amount"].as_str().expect("an amount"))
        .collect();
    assert_eq!(shares, ["312.00", "624.00", "624.00"]);
    assert_eq!(
        failure(&olga(&["distribution", "approve", &distribution]), 3)
            .split(':')
            .next(),
        Some("error[permission_denied]")
    );
    json_of(&abe(&["--json", "distribution", "approve", &distribution]));
    json_of(&abe(&["--json", "distribution", "post", &distribution]));

    let tb = json_of(&admin(&["--json", "ledger", "trial-balance"]));
    assert_eq!(tb["difference"]["USD"], "0.00", "the trial balance is zero");
    let investor_a = json_of(&admin(&["--json", "investor", "list"]))["items"][0]["id"]
        .as_i64()
        .expect("A's id");
    let balance = json_of(&admin(&[
        "--json",
        "ledger",
        "balance",
        &format!("investor:{investor_a}:payable"),
    ]));
    assert_eq!(balance["balance"], "312.00");

    let daily = json_of(&olga(&["--json", "run", "daily", "--date", "2026-11-24"]));
    assert_eq!(
        daily["prepared"].as_array().map(Vec::len),
        Some(0),
        "already prepared: nothing twice"
    );
    assert!(
        daily["skipped"][0]["reason"]
            .as_str()
            .expect("a reason")
            .contains("already prepared")
    );
    let list = json_of(&admin(&[
        "--json",
        "distribution",
        "list",
        "--deal",
        "Phones",
    ]));
    assert_eq!(list["items"][0]["status"], "posted");

    let reconciled = json_of(&admin(&["--json", "reconcile", "ledger"]));
    assert_eq!(reconciled["intact"], true, "{reconciled}");
    assert_eq!(
        reconciled["checks"][1]["name"],
        "profit distributed against the last mark less capital"
    );
    assert_eq!(reconciled["checks"][1]["checked"], 1);

    a_deal_in_a_second_currency_books_apart(&olga, &abe, &admin);
}

/// An NGN deal beside the USD one: its own accounts, and reads of a code kept in both
/// currencies name the currency.
fn a_deal_in_a_second_currency_books_apart(olga: &User<'_>, abe: &User<'_>, admin: &User<'_>) {
    // Capital 10,000 NGN, value 11,000: profit 1,000, platform fee 20.00 NGN.
    post_a_distribution_of_an_ngn_deal(olga, abe);
    let ambiguous = failure(&admin(&["ledger", "balance", "platform:fee_income"]), 2);
    assert_eq!(
        ambiguous,
        "error[validation]: account platform:fee_income is kept in NGN and USD: name the currency"
    );
    let ngn = json_of(&admin(&[
        "--json",
        "ledger",
        "balance",
        "platform:fee_income",
        "--currency",
        "ngn",
    ]));
    assert_eq!(
        (&ngn["currency"], &ngn["balance"]),
        (&"NGN".into(), &"20.00".into())
    );
    let usd = json_of(&admin(&[
        "--json",
        "ledger",
        "statement",
        "platform:fee_income",
        "--currency",
        "USD",
    ]));
    assert_eq!(usd["lines"][0]["balance"], "40.00", "{usd}");
    let tb = json_of(&admin(&["--json", "ledger", "trial-balance"]));
    assert_eq!(tb["difference"]["NGN"], "0.00", "{tb}");
    assert_eq!(tb["difference"]["USD"], "0.00", "{tb}");
    let reconciled = json_of(&admin(&["--json", "reconcile", "ledger"]));
    assert_eq!(reconciled["intact"], true, "{reconciled}");
}

/// A deal in NGN, invested, valued, verified, prepared, approved and posted.
fn post_a_distribution_of_an_ngn_deal(olga: &User<'_>, abe: &User<'_>) {
    let generators = create_deal(olga, "Generators", "NGN");
    json_of(&olga(&[
        "--json",
        "invest",
        "--deal",
        "Generators",
        "--investor",
        "A",
        "--amount",
        "10000",
        "--date",
        "2026-11-02",
    ]));
    post_distribution(olga, abe, &generators, "2026-11-24", "11000");
}

/// `deal create` with the seed example's partner and rates; the deal's id.
fn create_deal(olga: &User<'_>, name: &str, currency: &str) -> String {
    id_of(&olga(&[
        "--json",
        "deal",
        "create",
        "--name",
        name,
        "--currency",
        currency,
        "--partner",
        "Mobile Traders",
        "--partner-rate",
        "0.20",
        "--platform-rate",
        "0.02",
    ]))
}
