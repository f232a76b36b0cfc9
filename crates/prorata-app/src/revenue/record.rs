//! `prorata revenue record`: a community's revenue split under the fee schedule in effect on
//! its day (DESIGN §8), every step kept on the transaction with the schedule version it used,
//! its one balanced entry booked, each role's part spread over the role's members as wallet
//! credits, pending for the schedule's holding period.
//!
//! [`record_in_op`] records any number of transactions (up to [`MAX_TRANSACTIONS_PER_BATCH`])
//! in the caller's operation with a few statements whatever their number: one recorded by an
//! officer, or a batch of an imported file (`import.rs`).

use std::collections::HashMap;

use chrono::NaiveDate;
use prorata_domain::ledger::Phase;
use prorata_domain::ledger::templates::{RevenueRecorded, revenue_recorded};
use prorata_domain::revenue_split::{
    CommunityRole, FeeSchedule, GatewayName, MemberCredit, MemberWeight, REVENUE_RECORDERS,
    RevenueSource, RevenueSplit, RoleShare, SplitTerms, credit_members, is_anomalous,
    split_revenue,
};
use prorata_domain::{Currency, Money};
use prorata_store::revenue::{
    CommunityRecord, FeeScheduleRecord, NewHold, NewRevenueTransaction, NewRolePart,
    NewWalletCredit, community_members, community_shares, insert_holds, insert_role_parts,
    insert_transactions, insert_wallet_credits, medians_before, schedule_as_of,
    transactions_of_entries,
};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use super::read::community_by_ref;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::ledger::{TemplateBooking, book_templates, event_key};
use crate::operation::{Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, stored};

const RECORD: OperationSpec = OperationSpec {
    name: "revenue.recorded",
    roles: REVENUE_RECORDERS,
    purpose: "record community revenue",
};

/// The most transactions one database transaction records: a bound on memory, on the
/// ledger batch (25 legs each for a 20-member community stays far under its 100,000) and on
/// the time the community's accounts stay locked.
pub const MAX_TRANSACTIONS_PER_BATCH: usize = 1_000;

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

/// A transaction read and checked, before anything is written.
#[derive(Debug, Clone)]
pub(super) struct RevenueLine {
    pub community: CommunityRecord,
    pub source: RevenueSource,
    pub gross: Money,
    pub date: NaiveDate,
    pub gateway: GatewayName,
    pub reference: Option<String>,
    /// The business id it is recorded under, the ledger entry's key: recording it again
    /// books nothing new.
    pub ledger_key: String,
    /// Where it came from, for errors: `line 12` of a file, or nothing for one transaction.
    pub origin: Option<String>,
}

/// What recording a transaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Recorded {
    pub id: i64,
    /// Held for review as far above its community's usual.
    pub held: bool,
    /// Recorded before under the same key and content: nothing was done again.
    pub replayed: bool,
}

pub async fn record_revenue(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewRevenue<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, RECORD, idempotency_key).await?;
    let community = community_by_ref(op.tx(), session, new.community).await?;
    let line = read_line(new, community, event_key("revenue", idempotency_key), None)?;
    check_not_after_today(&line, clock)?;
    let request = json!({
        "community_id": line.community.id, "source": line.source.as_str(),
        "gross": line.gross.to_string(), "currency": line.gross.currency().code(),
        "date": line.date.to_string(), "gateway": line.gateway.as_str(), "reference": line.reference,
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let [recorded] = record_in_op(&mut op, clock, std::slice::from_ref(&line))
        .await?
        .try_into()
        .expect("one transaction recorded");
    op.audit(
        format!("revenue:{}", recorded.id),
        json!({ "request": request, "held_for_review": recorded.held, "replayed": recorded.replayed }),
    )
    .await?;
    op.finish(Created { id: recorded.id }).await
}

/// Reads a transaction as given into one checked line of the community.
pub(super) fn read_line(
    new: NewRevenue<'_>,
    community: CommunityRecord,
    ledger_key: String,
    origin: Option<String>,
) -> Result<RevenueLine, Error> {
    let source = RevenueSource::parse(new.source.trim())?;
    let date = input::date("date", new.date)?;
    let gateway = GatewayName::parse(new.gateway.unwrap_or(GatewayName::DEFAULT).trim())
        .map_err(|e| Error::invalid("gateway", e))?;
    let reference = input::note("reference", new.reference)?;
    let currency: Currency = stored::currency(&community.currency)?;
    let gross = input::amount(new.notation, "gross", new.gross, currency)?;
    if gross.is_zero() || gross.is_negative() {
        return Err(Error::invalid("gross", "revenue is more than zero"));
    }
    Ok(RevenueLine {
        community,
        source,
        gross,
        date,
        gateway,
        reference,
        ledger_key,
        origin,
    })
}

pub(super) fn check_not_after_today(line: &RevenueLine, clock: &dyn Clock) -> Result<(), Error> {
    let today = clock.now().date_naive();
    if line.date > today {
        return Err(Error::invalid(
            "date",
            format!(
                "{} is after today ({today}): revenue is recorded once it came in",
                line.date
            ),
        ));
    }
    Ok(())
}

/// An error about one line, saying which when it came from a file.
fn at_line(line: &RevenueLine, error: Error) -> Error {
    match &line.origin {
        Some(origin) => Error::new(error.code, format!("{origin}: {}", error.message)),
        None => error,
    }
}

/// Records the lines in the operation's transaction: each split, its entry booked (a line
/// whose key was booked before with the same content is a replay, recorded once), its steps,
/// role parts, credits and hold written, each kind in one statement.
pub(super) async fn record_in_op(
    op: &mut Operation<'_>,
    clock: &dyn Clock,
    lines: &[RevenueLine],
) -> Result<Vec<Recorded>, Error> {
    assert!(
        lines.len() <= MAX_TRANSACTIONS_PER_BATCH,
        "at most {MAX_TRANSACTIONS_PER_BATCH} transactions a batch"
    );
    let program_id = op.session().program.id;
    let terms = Terms::read(op.tx(), program_id, lines).await?;
    let splits = terms.split_all(lines)?;
    let outcomes = book_entries(op, clock, &splits).await?;
    let mut recorded: Vec<Option<Recorded>> = vec![None; lines.len()];
    let replayed: Vec<(usize, i64)> = outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match o {
            prorata_store::ledger::EntryOutcome::Replayed(entry) => Some((i, *entry)),
            prorata_store::ledger::EntryOutcome::Booked(_) => None,
        })
        .collect();
    find_replayed(op, &replayed, &mut recorded).await?;
    let fresh: Vec<(&Split<'_>, i64)> = splits
        .iter()
        .zip(&outcomes)
        .zip(&recorded)
        .filter(|(_, r)| r.is_none())
        .map(|((split, outcome), _)| (split, outcome.entry_id()))
        .collect();
    let ids = store_transactions(op, clock, &fresh).await?;
    let held = hold_anomalous(op, &fresh, &ids).await?;
    let mut fresh_ids = ids.iter().zip(held);
    Ok(recorded
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                let (&id, held) = fresh_ids.next().expect("a fresh transaction");
                Recorded {
                    id,
                    held,
                    replayed: false,
                }
            })
        })
        .collect())
}

/// The transactions recorded before under replayed keys.
async fn find_replayed(
    op: &mut Operation<'_>,
    replayed: &[(usize, i64)],
    recorded: &mut [Option<Recorded>],
) -> Result<(), Error> {
    if replayed.is_empty() {
        return Ok(());
    }
    let program_id = op.session().program.id;
    let entries: Vec<i64> = replayed.iter().map(|r| r.1).collect();
    let found: HashMap<i64, i64> = transactions_of_entries(op.tx(), program_id, &entries)
        .await?
        .into_iter()
        .collect();
    for &(index, entry) in replayed {
        let id = *found.get(&entry).ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("ledger entry {entry} was booked as revenue without its transaction"),
            )
        })?;
        recorded[index] = Some(Recorded {
            id,
            held: false,
            replayed: true,
        });
    }
    Ok(())
}

/// The schedule versions of the lines' days and their communities' shares and members, each
/// read once.
pub(super) struct Terms {
    schedules: HashMap<NaiveDate, (FeeScheduleRecord, FeeSchedule)>,
    communities: HashMap<i64, (Vec<RoleShare<CommunityRole>>, Vec<MemberWeight>)>,
}

/// One line's split, credits and entry, before anything is written.
pub(super) struct Split<'l> {
    line: &'l RevenueLine,
    schedule: &'l FeeScheduleRecord,
    terms: SplitTerms,
    split: RevenueSplit,
    roles: &'l [RoleShare<CommunityRole>],
    credits: Vec<MemberCredit>,
}

impl Terms {
    pub(super) async fn read(
        conn: &mut PgConnection,
        program_id: i64,
        lines: &[RevenueLine],
    ) -> Result<Terms, Error> {
        let mut schedules = HashMap::new();
        let mut communities = HashMap::new();
        for line in lines {
            if let std::collections::hash_map::Entry::Vacant(slot) = schedules.entry(line.date) {
                let record = schedule_as_of(conn, program_id, line.date)
                    .await?
                    .ok_or_else(|| at_line(line, no_schedule(line.date)))?;
                let schedule = fee_schedule(&record)?;
                slot.insert((record, schedule));
            }
            if let std::collections::hash_map::Entry::Vacant(slot) =
                communities.entry(line.community.id)
            {
                slot.insert(community_terms(conn, line.community.id).await?);
            }
        }
        Ok(Terms {
            schedules,
            communities,
        })
    }

    /// Every line split, the first that cannot be refused naming its line.
    pub(super) fn split_all<'l>(
        &'l self,
        lines: &'l [RevenueLine],
    ) -> Result<Vec<Split<'l>>, Error> {
        lines
            .iter()
            .map(|line| self.split(line).map_err(|e| at_line(line, e)))
            .collect()
    }

    /// The split under the schedule and the community's shares, spread over its members.
    fn split<'l>(&'l self, line: &'l RevenueLine) -> Result<Split<'l>, Error> {
        let (schedule, fees) = &self.schedules[&line.date];
        let (roles, members) = &self.communities[&line.community.id];
        let terms = fees.terms(line.source, line.gross.currency())?;
        let split = split_revenue(line.gross, &terms, roles)?;
        let credits = credit_members(&split, roles, members).map_err(|e| {
            Error::new(
                Code::Conflict,
                format!("community: {}: {e}", line.community.name),
            )
        })?;
        Ok(Split {
            line,
            schedule,
            terms,
            split,
            roles,
            credits,
        })
    }
}

fn no_schedule(date: NaiveDate) -> Error {
    Error::new(
        Code::Conflict,
        format!("date: no fee schedule is in effect on {date}: an admin sets one with `fees set`"),
    )
}

async fn community_terms(
    conn: &mut PgConnection,
    community: i64,
) -> Result<(Vec<RoleShare<CommunityRole>>, Vec<MemberWeight>), Error> {
    let roles = community_shares(&mut *conn, community)
        .await?
        .into_iter()
        .map(|(id, share)| {
            Ok(RoleShare {
                id,
                share: stored::rate(share)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let members = community_members(conn, community)
        .await?
        .into_iter()
        .map(|m| MemberWeight {
            member_id: m.id,
            role: m.role,
            weight: m.weight,
        })
        .collect();
    Ok((roles, members))
}

/// Books every line's entry in one batch; a key booked before with other content is refused
/// naming its line.
async fn book_entries(
    op: &mut Operation<'_>,
    clock: &dyn Clock,
    splits: &[Split<'_>],
) -> Result<Vec<prorata_store::ledger::EntryOutcome>, Error> {
    let session = op.session();
    let bookings = splits
        .iter()
        .map(|s| {
            let template = revenue_recorded(&RevenueRecorded {
                gateway: &s.line.gateway,
                split: &s.split,
                credits: &s.credits,
            })?;
            Ok(TemplateBooking {
                program_id: session.program.id,
                template,
                currency: s.line.gross.currency(),
                phase: Phase::Posted,
                idempotency_key: s.line.ledger_key.clone(),
                effective_date: s.line.date,
                actor: session.user(),
                description: format!("{} revenue of {}", s.line.source, s.line.community.name),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    book_templates(op.tx(), bookings, clock.now())
        .await
        .map_err(|error| {
            match splits
                .iter()
                .find(|s| error.message.contains(&s.line.ledger_key))
            {
                Some(s) => at_line(
                    s.line,
                    Error::new(
                        Code::Conflict,
                        "this transaction's key was recorded before with other content",
                    ),
                ),
                None => error,
            }
        })
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

/// Writes the transactions with their steps, then their role parts and credits; their ids.
async fn store_transactions(
    op: &mut Operation<'_>,
    clock: &dyn Clock,
    fresh: &[(&Split<'_>, i64)],
) -> Result<Vec<i64>, Error> {
    if fresh.is_empty() {
        return Ok(Vec::new());
    }
    let session = op.session();
    let news = fresh
        .iter()
        .map(|(s, entry_id)| new_transaction(s, *entry_id, session, clock))
        .collect::<Result<Vec<_>, Error>>()?;
    let ids = insert_transactions(op.tx(), &news).await?;
    let mut parts = Vec::new();
    let mut credits = Vec::new();
    for ((s, _), &id) in fresh.iter().zip(&ids) {
        for (role, amount) in s.roles.iter().zip(&s.split.roles) {
            parts.push(NewRolePart {
                transaction_id: id,
                role: role.id,
                share: role.share.as_decimal(),
                amount_minor: stored::minor_units(*amount)?,
            });
        }
        let available_on = s
            .line
            .date
            .checked_add_days(chrono::Days::new(
                u64::try_from(s.schedule.holding_days).unwrap_or(0),
            ))
            .ok_or_else(|| Error::invalid("date", "the holding period runs past the calendar"))?;
        for c in &s.credits {
            credits.push(NewWalletCredit {
                transaction_id: id,
                member_id: c.member_id,
                role: c.role,
                amount_minor: stored::minor_units(c.amount)?,
                available_on,
            });
        }
    }
    let program_id = session.program.id;
    insert_role_parts(op.tx(), program_id, &parts).await?;
    insert_wallet_credits(op.tx(), program_id, &credits).await?;
    Ok(ids)
}

fn new_transaction<'s>(
    s: &'s Split<'_>,
    entry_id: i64,
    session: &'s Session,
    clock: &dyn Clock,
) -> Result<NewRevenueTransaction<'s>, Error> {
    let split = &s.split;
    let [a, b, c, d, e, f, g] = [
        split.gross,
        split.gst,
        split.gateway_fee,
        split.gateway_fee_gst,
        split.platform_fee,
        split.platform_fee_gst,
        split.net,
    ]
    .map(stored::minor_units);
    Ok(NewRevenueTransaction {
        program_id: session.program.id,
        community_id: s.line.community.id,
        source: s.line.source,
        currency: s.line.gross.currency().code(),
        occurred_on: s.line.date,
        gateway: s.line.gateway.as_str(),
        reference: s.line.reference.as_deref(),
        fee_schedule_id: s.schedule.id,
        steps_minor: [a?, b?, c?, d?, e?, f?, g?],
        rates: [
            s.terms.gst_rate.as_decimal(),
            s.terms.gateway_fee_rate.as_decimal(),
            s.terms.platform_fee_rate.as_decimal(),
        ],
        entry_id,
        recorded_by: session.user(),
        recorded_at: clock.now(),
    })
}

/// Holds each transaction whose gross is above its schedule's multiple of its community's
/// median of the 30 days before its day (read once per community and day, after the batch is
/// written, as PostgreSQL's check at commit reads it); whether each was held.
async fn hold_anomalous(
    op: &mut Operation<'_>,
    fresh: &[(&Split<'_>, i64)],
    ids: &[i64],
) -> Result<Vec<bool>, Error> {
    let mut days: Vec<(i64, NaiveDate)> = fresh
        .iter()
        .map(|(s, _)| (s.line.community.id, s.line.date))
        .collect();
    days.sort_unstable();
    days.dedup();
    let medians: HashMap<(i64, NaiveDate), _> = days
        .iter()
        .copied()
        .zip(medians_before(op.tx(), &days).await?)
        .collect();
    let mut holds = Vec::new();
    let mut held = Vec::with_capacity(fresh.len());
    for ((s, _), &id) in fresh.iter().zip(ids) {
        let median = medians[&(s.line.community.id, s.line.date)];
        let multiple = s.schedule.anomaly_multiple;
        let anomalous = is_anomalous(stored::minor_units(s.line.gross)?, median, multiple);
        if let (true, Some(median_minor)) = (anomalous, median) {
            holds.push(NewHold {
                transaction_id: id,
                median_minor,
                multiple,
            });
        }
        held.push(anomalous);
    }
    if !holds.is_empty() {
        let program_id = op.session().program.id;
        insert_holds(op.tx(), program_id, &holds).await?;
    }
    Ok(held)
}
