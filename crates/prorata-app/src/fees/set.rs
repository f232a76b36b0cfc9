//! `prorata fees set`: a new version of the program's fee schedule, set by an admin, taking
//! effect on a day after every earlier version's (and not before today), so that what applied
//! to a day already split never changes. Rates run from 0 to 100%; a platform fee outside the
//! usual 5–20% is set, with a warning.

use prorata_domain::money::Rate;
use prorata_domain::revenue_split::{
    DEFAULT_ANOMALY_MULTIPLE, FEE_SETTERS, FeeSchedule, MAX_ANOMALY_MULTIPLE, MAX_HOLDING_DAYS,
    RevenueSource,
};
use prorata_store::Store;
use prorata_store::revenue::{
    NewFeeSchedule as StoredSchedule, insert_schedule, latest_schedule_date,
};
use rust_decimal::Decimal;
use serde_json::json;

use super::views::ScheduleSet;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::operation::{Operation, OperationSpec};
use crate::session::Session;
use crate::{Code, Error};

const SET: OperationSpec = OperationSpec {
    name: "fees.set",
    roles: FEE_SETTERS,
    purpose: "set fee schedules",
};

/// The days a credit is held when a schedule does not say.
const DEFAULT_HOLDING_DAYS: u32 = 7;

/// A version as given.
#[derive(Debug, Clone)]
pub struct NewFeeSchedule<'a> {
    pub gst_rate: &'a str,
    pub gateway_fee_rate: &'a str,
    pub gateway_fixed_fee: Option<&'a str>,
    pub gateway_fee_gst: bool,
    /// `SOURCE=RATE` for each of event, sponsor, premium and custom.
    pub platform_fee_rates: &'a [String],
    pub platform_fee_gst: bool,
    pub holding_days: Option<u32>,
    /// Transactions above this multiple of their community's median are held (5 unless given).
    pub anomaly_multiple: Option<&'a str>,
    pub effective_from: &'a str,
    pub notation: Notation,
}

pub async fn set_fee_schedule(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewFeeSchedule<'_>,
    idempotency_key: &str,
) -> Result<ScheduleSet, Error> {
    let mut op = Operation::begin(store, clock, session, SET, idempotency_key).await?;
    let schedule = read_schedule(&new)?;
    let from = input::date("from", new.effective_from)?;
    let request = json!({
        "from": from.to_string(), "gst_rate": schedule.gst_rate.to_string(),
        "gateway_fee_rate": schedule.gateway_fee_rate.to_string(),
        "gateway_fixed_fee": schedule.gateway_fixed_fee.to_string(), "gateway_fee_gst": schedule.gateway_fee_gst,
        "platform_fee_rates": schedule.platform_fee_rates.map(|r| r.to_string()),
        "platform_fee_gst": schedule.platform_fee_gst, "holding_days": schedule.holding_days,
        "anomaly_multiple": schedule.anomaly_multiple.to_string(),
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let today = clock.now().date_naive();
    if from < today {
        return Err(Error::invalid(
            "from",
            format!("{from} is before today ({today}): a schedule applies from today on"),
        ));
    }
    if let Some(latest) = latest_schedule_date(op.tx(), session.program.id).await?
        && from <= latest
    {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "from: the latest version takes effect on {latest}; a new one must start after it"
            ),
        ));
    }
    let id = insert_schedule(op.tx(), &stored(&schedule, session, from, clock)).await?;
    op.audit(format!("fee_schedule:{id}"), request).await?;
    op.finish(ScheduleSet {
        id,
        warnings: schedule.warnings(),
    })
    .await
}

fn stored<'a>(
    s: &FeeSchedule,
    session: &'a Session,
    from: chrono::NaiveDate,
    clock: &dyn Clock,
) -> StoredSchedule<'a> {
    StoredSchedule {
        program_id: session.program.id,
        effective_from: from,
        gst_rate: s.gst_rate.as_decimal(),
        gateway_fee_rate: s.gateway_fee_rate.as_decimal(),
        gateway_fixed_fee: s.gateway_fixed_fee,
        gateway_fee_gst: s.gateway_fee_gst,
        platform_fee_rates: s.platform_fee_rates.map(|r| r.as_decimal()),
        platform_fee_gst: s.platform_fee_gst,
        holding_days: i32::try_from(s.holding_days).expect("bounded by MAX_HOLDING_DAYS"),
        anomaly_multiple: s.anomaly_multiple,
        set_by: session.user(),
        set_at: clock.now(),
    }
}

/// The schedule as given, each field checked: rates 0–100%, every source's platform fee
/// given once, a fixed fee of zero or more at most 4 decimals, a holding period of at most a
/// year.
fn read_schedule(new: &NewFeeSchedule<'_>) -> Result<FeeSchedule, Error> {
    let rate = |field: &str, text: &str| input::rate(new.notation, field, text);
    let fixed = new.gateway_fixed_fee.unwrap_or("0").trim();
    let fixed: Decimal = fixed
        .parse::<Decimal>()
        .ok()
        .filter(|d| !d.is_sign_negative() && d.normalize().scale() <= 4)
        .ok_or_else(|| {
            Error::invalid(
                "gateway_fixed_fee",
                format!("\"{fixed}\" is not an amount of zero or more with at most 4 decimals"),
            )
        })?;
    let holding_days = new.holding_days.unwrap_or(DEFAULT_HOLDING_DAYS);
    if holding_days > MAX_HOLDING_DAYS {
        return Err(Error::invalid(
            "holding_days",
            format!("at most {MAX_HOLDING_DAYS} days"),
        ));
    }
    Ok(FeeSchedule {
        gst_rate: rate("gst_rate", new.gst_rate)?,
        gateway_fee_rate: rate("gateway_fee_rate", new.gateway_fee_rate)?,
        gateway_fixed_fee: fixed.normalize(),
        gateway_fee_gst: new.gateway_fee_gst,
        platform_fee_rates: platform_rates(new.platform_fee_rates, |t| rate("platform_rate", t))?,
        platform_fee_gst: new.platform_fee_gst,
        holding_days,
        anomaly_multiple: anomaly_multiple(new.anomaly_multiple)?,
    })
}

/// A multiple of the median from 1 to 1,000 with at most 2 decimals; 5 unless given.
fn anomaly_multiple(given: Option<&str>) -> Result<Decimal, Error> {
    let Some(text) = given else {
        return Ok(DEFAULT_ANOMALY_MULTIPLE);
    };
    text.trim()
        .parse::<Decimal>()
        .ok()
        .filter(|m| *m >= Decimal::ONE && *m <= MAX_ANOMALY_MULTIPLE && m.normalize().scale() <= 2)
        .map(|m| m.normalize())
        .ok_or_else(|| {
            Error::invalid(
                "anomaly_multiple",
                format!("\"{text}\" is not a multiple from 1 to 1000 with at most 2 decimals"),
            )
        })
}

/// `SOURCE=RATE` pairs: each of the four sources exactly once.
fn platform_rates(
    given: &[String],
    rate: impl Fn(&str) -> Result<Rate, Error>,
) -> Result<[Rate; 4], Error> {
    let mut rates: [Option<Rate>; 4] = [None; 4];
    for pair in given {
        let (source, text) = pair.split_once('=').ok_or_else(|| {
            Error::invalid(
                "platform_rate",
                format!("\"{pair}\" is not SOURCE=RATE, e.g. event=0.10"),
            )
        })?;
        let source = RevenueSource::parse(source.trim())?;
        let index = RevenueSource::ALL
            .iter()
            .position(|s| *s == source)
            .expect("a source");
        if rates[index].replace(rate(text.trim())?).is_some() {
            return Err(Error::invalid(
                "platform_rate",
                format!("the rate for {source} is given twice"),
            ));
        }
    }
    let missing: Vec<&str> = RevenueSource::ALL
        .iter()
        .zip(&rates)
        .filter(|(_, r)| r.is_none())
        .map(|(s, _)| s.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(
            "platform_rate",
            format!("give the platform's rate for {} too", missing.join(", ")),
        ));
    }
    Ok(rates.map(|r| r.expect("checked above")))
}
