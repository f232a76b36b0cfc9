//! `prorata revenue report`: what community revenue came to per month and currency (gross,
//! GST collected, gateway charges, platform earnings, net, and the members' wallet payouts the
//! bank confirmed), and the communities that earned the most over the period.

use chrono::{Datelike, NaiveDate};
use prorata_store::Store;
use prorata_store::revenue::{revenue_by_month, top_communities};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::session::Session;
use crate::{Error, stored};

/// The most months one report covers: ten years.
pub const MAX_MONTHS_PER_REPORT: u32 = 120;
/// The communities listed per currency.
const TOP_COMMUNITIES: i64 = 5;

/// A month's revenue in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevenueMonthView {
    /// `2026-11`.
    pub month: String,
    pub currency: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub transactions: i64,
    pub gross: String,
    /// GST on the gross and on the platform's fee.
    pub gst_collected: String,
    /// The gateways' fees with their GST.
    pub gateway_charges: String,
    pub platform_earnings: String,
    pub net: String,
    /// Members' wallet withdrawals the bank confirmed paid in the month.
    pub paid_out: String,
}

/// A community's revenue over the report's months, in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TopCommunityView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub community_id: i64,
    pub community: String,
    pub currency: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub transactions: i64,
    pub gross: String,
    pub net: String,
}

/// The report: its months (first and last, inclusive), each month with revenue or payouts
/// per currency, and the top communities per currency, the most gross first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevenueReportView {
    pub from: String,
    pub to: String,
    pub months: Vec<RevenueMonthView>,
    pub top_communities: Vec<TopCommunityView>,
}

/// The report for the months `from` to `to` (`2026-01`, inclusive); the twelve months up to
/// this one unless given.
pub async fn revenue_report(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<RevenueReportView, Error> {
    let this_month = first_of_month(clock.now().date_naive());
    let to = match to {
        Some(text) => month("to", text)?,
        None => this_month,
    };
    let from = match from {
        Some(text) => month("from", text)?,
        None => to - chrono::Months::new(11),
    };
    let span = months_between(from, to);
    if !(1..=MAX_MONTHS_PER_REPORT).contains(&span) {
        return Err(Error::invalid(
            "from",
            format!(
                "a report covers 1 to {MAX_MONTHS_PER_REPORT} months, from {} to {}: not {span}",
                month_text(from),
                month_text(to)
            ),
        ));
    }
    let until = to + chrono::Months::new(1);
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let months = revenue_by_month(&mut conn, program_id, from, until)
        .await?
        .into_iter()
        .map(month_view)
        .collect::<Result<Vec<_>, Error>>()?;
    let top_communities = top_communities(&mut conn, program_id, from, until, TOP_COMMUNITIES)
        .await?
        .into_iter()
        .map(|c| {
            let currency = stored::currency(&c.currency)?;
            Ok(TopCommunityView {
                community_id: c.community_id,
                community: c.community,
                currency: c.currency,
                transactions: c.transactions,
                gross: stored::amount(c.gross_minor, currency)?,
                net: stored::amount(c.net_minor, currency)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(RevenueReportView {
        from: month_text(from),
        to: month_text(to),
        months,
        top_communities,
    })
}

pub(crate) fn month_view(
    m: prorata_store::revenue::RevenueMonthRecord,
) -> Result<RevenueMonthView, Error> {
    let currency = stored::currency(&m.currency)?;
    let amount = |minor| stored::amount(minor, currency);
    Ok(RevenueMonthView {
        month: month_text(m.month),
        transactions: m.transactions,
        gross: amount(m.gross_minor)?,
        gst_collected: amount(m.gst_collected_minor)?,
        gateway_charges: amount(m.gateway_charges_minor)?,
        platform_earnings: amount(m.platform_earnings_minor)?,
        net: amount(m.net_minor)?,
        paid_out: amount(m.paid_out_minor)?,
        currency: m.currency,
    })
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("every month has a first day")
}

/// The months from `from` to `to`, both counted; 0 when `to` is before `from`.
fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    u32::try_from(index(to) - index(from) + 1).unwrap_or(0)
}

pub(crate) fn month_text(first: NaiveDate) -> String {
    first.format("%Y-%m").to_string()
}

/// `2026-11` as the month's first day.
fn month(field: &str, text: &str) -> Result<NaiveDate, Error> {
    let text = text.trim();
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 7)
        .ok_or_else(|| Error::invalid(field, format!("\"{text}\" is not a month such as 2026-11")))
}
