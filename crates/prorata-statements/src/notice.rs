//! The distribution notice laid out: the deal's value against its high-water mark, the
//! waterfall with its rates as percentages, the investor's share of the pool, and what the
//! distribution did to the investor's balance.

use crate::layout::{Align, Column, Flow, Page, Row, columns};
use crate::model::DistributionNotice;
use crate::statement::{facts, title_block};
use crate::text;

pub(crate) fn pages(notice: &DistributionNotice) -> Vec<Page> {
    let mut flow = Flow::default();
    title_block(
        &mut flow,
        &notice.issuer.name,
        "Distribution notice",
        &notice.notice_id,
    );
    facts(
        &mut flow,
        &[
            ("Investor", notice.recipient.name.clone()),
            ("Investor no.", notice.recipient.investor_id.to_string()),
            ("Currency", text::currency_label(notice.value.currency())),
        ],
        &[
            ("Deal", notice.deal_name.clone()),
            ("Value date", text::date(notice.value_date)),
            ("Distribution", format!("D-{}", notice.distribution_id)),
        ],
    );
    let cols = columns(vec![
        Column {
            title: "Calculation",
            width: 0.0,
            align: Align::Left,
        },
        Column {
            title: "Rate",
            width: 80.0,
            align: Align::Right,
        },
        Column {
            title: "Amount",
            width: 110.0,
            align: Align::Right,
        },
    ]);
    flow.heading("How the profit was shared");
    flow.table(&cols, &waterfall(notice));
    flow.heading("Your balance");
    flow.table(&cols, &balance(notice));
    flow.advance(10.0);
    flow.note(&format!(
        "Profit is the value above the high-water mark; the mark then becomes {}.",
        text::amount(notice.new_high_water_mark)
    ));
    flow.note("The investor pool is shared over the capital active on the value date, by amount.");
    flow.finish()
}

fn row(label: &str, rate: String, amount: String) -> Row {
    Row::line(vec![label.to_owned(), rate, amount])
}

fn waterfall(n: &DistributionNotice) -> Vec<Row> {
    let minus = |m: prorata_domain::Money| {
        text::amount(
            prorata_domain::Money::from_minor_units(-m.minor_units(), m.currency()).unwrap_or(m),
        )
    };
    vec![
        row(
            &format!("Deal value on {}", text::date(n.value_date)),
            String::new(),
            text::amount(n.value),
        ),
        row(
            "High-water mark before",
            String::new(),
            text::amount(n.high_water_mark),
        ),
        Row::total(vec![
            "Profit above the mark".to_owned(),
            String::new(),
            text::amount(n.profit),
        ]),
        row(
            "Partner commission",
            n.partner_commission_rate.percent_text(),
            minus(n.partner_commission),
        ),
        row(
            "Platform fee",
            n.platform_fee_rate.percent_text(),
            minus(n.platform_fee),
        ),
        Row::total(vec![
            "Investor pool".to_owned(),
            String::new(),
            text::amount(n.investor_pool),
        ]),
        row(
            "Your capital in the deal",
            String::new(),
            text::amount(n.investment),
        ),
        row(
            "All capital sharing in the pool",
            String::new(),
            text::amount(n.active_capital),
        ),
        Row::total(vec![
            "Your share of the pool".to_owned(),
            text::percent_of(
                n.investment.minor_units(),
                n.active_capital.minor_units(),
                4,
            ),
            text::amount(n.share),
        ]),
    ]
}

fn balance(n: &DistributionNotice) -> Vec<Row> {
    vec![
        row(
            "Balance before this distribution",
            String::new(),
            text::amount(n.balance_before),
        ),
        row("This distribution", String::new(), text::amount(n.share)),
        Row::total(vec![
            "Balance after".to_owned(),
            String::new(),
            text::amount(n.balance_after),
        ]),
        row(
            &format!("Distributions from {} to date", n.deal_name),
            String::new(),
            text::amount(n.cumulative_to_date),
        ),
    ]
}
