//! Deal profit sharing: partners and investors, deals and investments, performance records
//! (recorded, then verified by another person), distributions by the high-water-mark rule
//! (prepared, approved by another person, posted to the ledger, or cancelled), and the daily
//! run that prepares every active deal's distribution for a date.

mod daily;
mod distribution;
mod errors;
mod parties;
mod performance;
mod posting;
mod registry;
mod views;

pub use daily::{DailyRunReport, PreparedDeal, SkippedDeal, run_daily};
pub use distribution::{
    approve_distributions, cancel_distribution, list_distributions, prepare_distribution,
    reverse_distribution, show_distribution,
};
pub use parties::{add_investor, add_partner, list_investors, list_partners};
pub use performance::{
    NewPerformance, Recorded, list_performance, record_performance, verify_performance,
};
pub use posting::post_distributions;
pub use registry::{
    NewDeal, NewInvestment, close_deal, create_deal, invest, list_deals, show_deal,
};
pub use views::{
    DealDetail, DealView, DistributionView, InvestmentView, MarkPoint, PartyView, PerformanceView,
    ShareView,
};

use prorata_domain::{Currency, Money};

use crate::{Code, Error};

/// The most rows one list returns.
pub const MAX_LIST_ROWS: i64 = 10_000;

/// A stored amount in minor units as a decimal string at the currency's scale.
pub(crate) fn amount(minor: i64, currency: Currency) -> Result<String, Error> {
    money(minor, currency).map(|m| m.to_string())
}

pub(crate) fn money(minor: i64, currency: Currency) -> Result<Money, Error> {
    Money::from_minor_units(i128::from(minor), currency).map_err(|e| {
        Error::new(
            Code::Internal,
            format!("a stored amount is out of range: {e}"),
        )
    })
}

/// Minor units of an amount that fits a stored column (at most 15 integer digits, so it does).
pub(crate) fn minor(amount: Money) -> Result<i64, Error> {
    i64::try_from(amount.minor_units())
        .map_err(|_| Error::invalid("amount", format!("{amount} is too large")))
}

pub(crate) fn stored_currency(code: &str) -> Result<Currency, Error> {
    Currency::from_code(code)
        .map_err(|e| Error::new(Code::Internal, format!("a stored currency: {e}")))
}

/// Reads a required `YYYY-MM-DD` date.
pub(crate) fn date(field: &str, text: &str) -> Result<chrono::NaiveDate, Error> {
    crate::ledger::parse_date(field, Some(text))?
        .ok_or_else(|| Error::invalid(field, "a date is required"))
}

/// Appends the audit record of a change in the change's own transaction.
pub(crate) async fn audit(
    tx: &mut prorata_store::control::Tx<'_>,
    clock: &dyn crate::clock::Clock,
    session: &crate::session::Session,
    action: &str,
    object: String,
    after: serde_json::Value,
    reason: Option<&str>,
) -> Result<(), Error> {
    let record = prorata_store::control::AuditRecord {
        program_id: Some(session.program.id),
        actor: session.user().to_owned(),
        action: action.to_owned(),
        object,
        before: None,
        after: Some(after),
        reason: reason.map(str::to_owned),
    };
    prorata_store::control::append_audit(tx, &record, clock.now()).await?;
    Ok(())
}

pub(crate) async fn begin(
    store: &prorata_store::Store,
) -> Result<prorata_store::control::Tx<'static>, Error> {
    store
        .pool()
        .begin()
        .await
        .map_err(crate::session::store_error)
}

/// The end of every change: its result kept under the idempotency key, then the commit, so
/// a replay finds exactly what this call returned.
pub(crate) async fn finish<T: serde::Serialize>(
    mut tx: prorata_store::control::Tx<'_>,
    key: &str,
    result: T,
) -> Result<T, Error> {
    crate::idempotent::complete(&mut tx, key, &result).await?;
    commit(tx).await?;
    Ok(result)
}

pub(crate) async fn commit(tx: prorata_store::control::Tx<'_>) -> Result<(), Error> {
    tx.commit().await.map_err(crate::session::store_error)
}
