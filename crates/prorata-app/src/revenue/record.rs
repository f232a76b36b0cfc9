//! `prorata revenue record`: a community's revenue split under the fee schedule in effect on
//! its day (DESIGN §8), every step kept on the transaction with the schedule version it used,
//! its one balanced entry booked, each role's part spread over the role's members as wallet
//! credits, pending for the schedule's holding period.

use chrono::NaiveDate;
use prorata_domain::ledger::Phase;
use prorata_domain::ledger::templates::{RevenueRecorded, revenue_recorded};
use prorata_domain::revenue_split::{
    CommunityRole, FeeSchedule, GatewayName, MemberCredit, MemberWeight, REVENUE_RECORDERS,
    RevenueSource, RevenueSplit, RoleShare, SplitTerms, credit_members, is_anomalous,
    split_revenue,
};
use prorata_domain::{Currency, Money};
use prorata_store::Store;
use prorata_store::revenue::{
    CommunityRecord, FeeScheduleRecord, NewRevenueTransaction, community_members, community_shares,
    insert_hold, insert_role_parts, insert_transaction, insert_wallet_credits, median_before,
    schedule_as_of,
};
use serde_json::json;

use super::read::community_by_ref;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::ledger::{TemplateBooking, book_template, event_key};
use crate::operation::{Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, stored};

const RECORD: OperationSpec = OperationSpec {
    name: "revenue.recorded",
    roles: REVENUE_RECORDERS,
    purpose: "record community revenue",
};

/// A revenue transaction as given.
#[derive(Debug, Clone, Copy)]
pub struct NewRevenue<'a> {
    /// The community's id or name.
    pub community: &'a str,
    /// `event`, `sponsor`, `premium` or `custom`.
    pub source: &'a str,
    pub gross: &'a str,
    pub date: &'a str,
    /// The payment gateway that collected it; `default` unless given.
    pub gateway: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub notation: Notation,
}

/// The request read and checked, before anything is written.
struct Revenue {
    community: CommunityRecord,
    source: RevenueSource,
    gross: Money,
    date: NaiveDate,
    gateway: GatewayName,
    reference: Option<String>,
}

pub async fn record_revenue(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewRevenue<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, RECORD, idempotency_key).await?;
    let revenue = read_request(&mut op, new).await?;
    let today = clock.now().date_naive();
    if revenue.date > today {
        return Err(Error::invalid(
            "date",
            format!(
                "{} is after today ({today}): revenue is recorded once it came in",
                revenue.date
            ),
        ));
    }
    let request = json!({
        "community_id": revenue.community.id, "source": revenue.source.as_str(),
        "gross": revenue.gross.to_string(), "currency": revenue.gross.currency().code(),
        "date": revenue.date.to_string(), "gateway": revenue.gateway.as_str(), "reference": revenue.reference,
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let program_id = session.program.id;
    let schedule = schedule_as_of(op.tx(), program_id, revenue.date)
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Conflict,
                format!(
                    "date: no fee schedule is in effect on {}: an admin sets one with `fees set`",
                    revenue.date
                ),
            )
        })?;
    let terms = fee_schedule(&schedule)?.terms(revenue.source, revenue.gross.currency())?;
    let (split, roles, credits) = split_and_credit(&mut op, &revenue, &terms).await?;
    let template = revenue_recorded(&RevenueRecorded {
        gateway: &revenue.gateway,
        split: &split,
        credits: &credits,
    })?;
    let booking = TemplateBooking {
        program_id,
        template,
        currency: revenue.gross.currency(),
        phase: Phase::Posted,
        idempotency_key: event_key("revenue", idempotency_key),
        effective_date: revenue.date,
        actor: session.user(),
        description: format!("{} revenue of {}", revenue.source, revenue.community.name),
    };
    let entry_id = book_template(op.tx(), booking, clock.now()).await?;
    let id = store_transaction(
        &mut op,
        clock,
        &revenue,
        (&schedule, &terms),
        &split,
        entry_id,
    )
    .await?;
    store_parts(&mut op, id, &revenue, &schedule, &split, &roles, &credits).await?;
    let held = hold_if_anomalous(&mut op, id, &revenue, &schedule).await?;
    op.audit(
        format!("revenue:{id}"),
        json!({ "request": request, "fee_schedule_id": schedule.id, "journal_entry_id": entry_id,
                "net": split.net.to_string(), "held_for_review": held }),
    )
    .await?;
    op.finish(Created { id }).await
}

async fn read_request(op: &mut Operation<'_>, new: NewRevenue<'_>) -> Result<Revenue, Error> {
    let source = RevenueSource::parse(new.source.trim())?;
    let date = input::date("date", new.date)?;
    let gateway = GatewayName::parse(new.gateway.unwrap_or(GatewayName::DEFAULT).trim())
        .map_err(|e| Error::invalid("gateway", e))?;
    let reference = input::note("reference", new.reference)?;
    let session = op.session();
    let community = community_by_ref(op.tx(), session, new.community).await?;
    let currency: Currency = stored::currency(&community.currency)?;
    let gross = input::amount(new.notation, "gross", new.gross, currency)?;
    if gross.is_zero() || gross.is_negative() {
        return Err(Error::invalid("gross", "revenue is more than zero"));
    }
    Ok(Revenue {
        community,
        source,
        gross,
        date,
        gateway,
        reference,
    })
}

/// The split under the schedule and the community's shares, spread over its members.
async fn split_and_credit(
    op: &mut Operation<'_>,
    revenue: &Revenue,
    terms: &SplitTerms,
) -> Result<
    (
        RevenueSplit,
        Vec<RoleShare<CommunityRole>>,
        Vec<MemberCredit>,
    ),
    Error,
> {
    let roles = community_shares(op.tx(), revenue.community.id)
        .await?
        .into_iter()
        .map(|(id, share)| {
            Ok(RoleShare {
                id,
                share: stored::rate(share)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let split = split_revenue(revenue.gross, terms, &roles)?;
    let members: Vec<MemberWeight> = community_members(op.tx(), revenue.community.id)
        .await?
        .into_iter()
        .map(|m| MemberWeight {
            member_id: m.id,
            role: m.role,
            weight: m.weight,
        })
        .collect();
    let credits = credit_members(&split, &roles, &members).map_err(|e| {
        Error::new(
            Code::Conflict,
            format!("community: {}: {e}", revenue.community.name),
        )
    })?;
    Ok((split, roles, credits))
}

/// Holds the transaction's credits for review when its gross is above the schedule's
/// multiple of the community's median of the 30 days before; whether it did.
async fn hold_if_anomalous(
    op: &mut Operation<'_>,
    id: i64,
    revenue: &Revenue,
    schedule: &FeeScheduleRecord,
) -> Result<bool, Error> {
    let median = median_before(op.tx(), revenue.community.id, revenue.date).await?;
    let gross = stored::minor_units(revenue.gross)?;
    if !is_anomalous(gross, median, schedule.anomaly_multiple) {
        return Ok(false);
    }
    let median = median.expect("anomalous only against a median");
    let program_id = op.session().program.id;
    insert_hold(op.tx(), program_id, id, median, schedule.anomaly_multiple).await?;
    Ok(true)
}

/// The schedule version as the domain reads it.
pub(crate) fn fee_schedule(r: &FeeScheduleRecord) -> Result<FeeSchedule, Error> {
    Ok(FeeSchedule {
        gst_rate: stored::rate(r.gst_rate)?,
        gateway_fee_rate: stored::rate(r.gateway_fee_rate)?,
        gateway_fixed_fee: r.gateway_fixed_fee,
        gateway_fee_gst: r.gateway_fee_gst,
        platform_fee_rates: [
            stored::rate(r.platform_fee_rate_event)?,
            stored::rate(r.platform_fee_rate_sponsor)?,
            stored::rate(r.platform_fee_rate_premium)?,
            stored::rate(r.platform_fee_rate_custom)?,
        ],
        platform_fee_gst: r.platform_fee_gst,
        holding_days: u32::try_from(r.holding_days).unwrap_or(0),
        anomaly_multiple: r.anomaly_multiple,
    })
}

async fn store_transaction(
    op: &mut Operation<'_>,
    clock: &dyn Clock,
    revenue: &Revenue,
    (schedule, terms): (&FeeScheduleRecord, &SplitTerms),
    split: &RevenueSplit,
    entry_id: i64,
) -> Result<i64, Error> {
    let steps = [
        split.gross,
        split.gst,
        split.gateway_fee,
        split.gateway_fee_gst,
        split.platform_fee,
        split.platform_fee_gst,
        split.net,
    ]
    .map(stored::minor_units);
    let [a, b, c, d, e, f, g] = steps;
    let session = op.session();
    let new = NewRevenueTransaction {
        program_id: session.program.id,
        community_id: revenue.community.id,
        source: revenue.source,
        currency: revenue.gross.currency().code(),
        occurred_on: revenue.date,
        gateway: revenue.gateway.as_str(),
        reference: revenue.reference.as_deref(),
        fee_schedule_id: schedule.id,
        steps_minor: [a?, b?, c?, d?, e?, f?, g?],
        rates: [
            terms.gst_rate.as_decimal(),
            terms.gateway_fee_rate.as_decimal(),
            terms.platform_fee_rate.as_decimal(),
        ],
        entry_id,
        recorded_by: session.user(),
        recorded_at: clock.now(),
    };
    Ok(insert_transaction(op.tx(), &new).await?)
}

async fn store_parts(
    op: &mut Operation<'_>,
    id: i64,
    revenue: &Revenue,
    schedule: &FeeScheduleRecord,
    split: &RevenueSplit,
    roles: &[RoleShare<CommunityRole>],
    credits: &[MemberCredit],
) -> Result<(), Error> {
    let program_id = op.session().program.id;
    let parts = roles
        .iter()
        .zip(&split.roles)
        .map(|(r, amount)| Ok((r.id, r.share.as_decimal(), stored::minor_units(*amount)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    insert_role_parts(op.tx(), program_id, id, &parts).await?;
    let credits = credits
        .iter()
        .map(|c| Ok((c.member_id, c.role, stored::minor_units(c.amount)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let available_on = revenue
        .date
        .checked_add_days(chrono::Days::new(
            u64::try_from(schedule.holding_days).unwrap_or(0),
        ))
        .ok_or_else(|| Error::invalid("date", "the holding period runs past the calendar"))?;
    insert_wallet_credits(op.tx(), program_id, id, &credits, available_on).await?;
    Ok(())
}
