//! `prorata txn record`: a network member's transaction in a service, commissioned as DESIGN
//! §8 says: the member's scheme resolved for the service, each role of its upline earning its
//! margin (a role no member holds rolling up to the nearest member above), the commission
//! total (the top role's rate of the amount) allocated over the margins, and the transaction,
//! its parts and its one entry written in one database transaction under its key.
//!
//! [`record_in_op`] records any number of transactions (up to [`MAX_TRANSACTIONS_PER_BATCH`])
//! in the caller's operation with a few statements whatever their number: one recorded by an
//! officer, or a batch of an imported file (`import.rs`). The schemes are held still (a
//! shared lock that a scheme change takes exclusively) from the rates' reading to the commit.

use std::collections::HashMap;

use prorata_domain::commission::{
    self, Commissions, NetworkRole, Resolved, ServiceCode, UplineMember,
};
use prorata_domain::control::Role;
use prorata_domain::ledger::Phase;
use prorata_domain::ledger::templates::{NetworkCommissioned, network_commissioned};
use prorata_domain::{Currency, Money};
use prorata_store::commissions::{
    NetworkCommissionRecord, NetworkMemberRecord, NewNetworkTransaction as TransactionRow,
    insert_network_commissions, insert_network_transactions, network_transactions_of_entries,
    share_schemes, uplines,
};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use super::members::member_by_ref;
use super::schemes::tree_of;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::ledger::{TemplateBooking, book_templates, event_key};
use crate::operation::{Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, stored};

/// Who records a network's transactions.
pub(super) const RECORDERS: &[Role] = &[Role::Officer, Role::Admin];

const RECORD: OperationSpec = OperationSpec {
    name: "network_transaction.recorded",
    roles: RECORDERS,
    purpose: "record network transactions",
};

/// The most transactions one database transaction records: a bound on memory, on the ledger
/// batch (at most 7 legs each) and on the time the schemes are held still.
pub const MAX_TRANSACTIONS_PER_BATCH: usize = 1_000;

/// The longest reference PostgreSQL keeps.
const MAX_REFERENCE_CHARS: usize = 200;

/// A transaction as given.
#[derive(Debug, Clone, Copy)]
pub struct NewNetworkTransaction<'a> {
    /// The transacting member's id or name.
    pub member: &'a str,
    pub service: &'a str,
    pub amount: &'a str,
    pub reference: Option<&'a str>,
    pub notation: Notation,
}

/// A transaction read and checked, before anything is written.
#[derive(Debug, Clone)]
pub(super) struct TransactionLine {
    pub member: NetworkMemberRecord,
    pub service: ServiceCode,
    pub amount: Money,
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
    /// Recorded before under the same key and content: nothing was done again.
    pub replayed: bool,
}

pub async fn record_network_transaction(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewNetworkTransaction<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, RECORD, idempotency_key).await?;
    let program_id = session.program.id;
    let member = member_by_ref(op.tx(), program_id, "member", new.member).await?;
    let line = read_line(new, member, event_key("network", idempotency_key), None)?;
    let request = json!({
        "member_id": line.member.id, "service": line.service.as_str(),
        "amount": line.amount.to_string(), "currency": line.amount.currency().code(),
        "reference": line.reference,
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let [recorded] = record_in_op(&mut op, clock, std::slice::from_ref(&line))
        .await?
        .try_into()
        .expect("one transaction recorded");
    op.audit(
        format!("network_transaction:{}", recorded.id),
        json!({ "request": request, "replayed": recorded.replayed }),
    )
    .await?;
    op.finish(Created { id: recorded.id }).await
}

/// Reads a transaction as given into one checked line of the member's network.
pub(super) fn read_line(
    new: NewNetworkTransaction<'_>,
    member: NetworkMemberRecord,
    ledger_key: String,
    origin: Option<String>,
) -> Result<TransactionLine, Error> {
    if member.role == NetworkRole::Admin {
        return Err(Error::invalid(
            "member",
            format!(
                "{} is an admin: admins do not initiate transactions",
                member.name
            ),
        ));
    }
    let service =
        ServiceCode::parse(new.service.trim()).map_err(|e| Error::invalid("service", e))?;
    let reference = input::note("reference", new.reference)?;
    if reference
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_REFERENCE_CHARS)
    {
        return Err(Error::invalid("reference", "at most 200 characters"));
    }
    let currency: Currency = match &member.currency {
        Some(code) => stored::currency(code)?,
        None => {
            return Err(Error::new(
                Code::Conflict,
                format!(
                    "member: {} has no currency: its network was added before networks had one",
                    member.name
                ),
            ));
        }
    };
    let amount = input::amount(new.notation, "amount", new.amount, currency)?;
    if amount.is_zero() || amount.is_negative() {
        return Err(Error::invalid("amount", "a transaction is more than zero"));
    }
    Ok(TransactionLine {
        member,
        service,
        amount,
        reference,
        ledger_key,
        origin,
    })
}

/// An error about one line, saying which when it came from a file.
pub(super) fn at_line(line: &TransactionLine, error: Error) -> Error {
    match &line.origin {
        Some(origin) => Error::new(error.code, format!("{origin}: {}", error.message)),
        None => error,
    }
}

/// Records the lines in the operation's transaction: each commissioned, its entry booked (a
/// line whose key was booked before with the same content is a replay, recorded once), the
/// transactions and their parts written, each kind in one statement.
pub(super) async fn record_in_op(
    op: &mut Operation<'_>,
    clock: &dyn Clock,
    lines: &[TransactionLine],
) -> Result<Vec<Recorded>, Error> {
    assert!(
        lines.len() <= MAX_TRANSACTIONS_PER_BATCH,
        "at most {MAX_TRANSACTIONS_PER_BATCH} transactions a batch"
    );
    let program_id = op.session().program.id;
    crate::affiliates::refuse_unless_active(op.tx(), program_id).await?;
    share_schemes(op.tx(), program_id).await?;
    let terms = Terms::read(op.tx(), program_id, lines).await?;
    let commissioned = lines
        .iter()
        .map(|line| terms.commission(line).map_err(|e| at_line(line, e)))
        .collect::<Result<Vec<_>, Error>>()?;
    let outcomes = book_entries(op, clock, lines, &commissioned).await?;
    let mut recorded: Vec<Option<Recorded>> = vec![None; lines.len()];
    find_replayed(op, &outcomes, &mut recorded).await?;
    let fresh: Vec<usize> = (0..lines.len())
        .filter(|&i| recorded[i].is_none())
        .collect();
    let ids = store_transactions(op, clock, lines, &commissioned, &outcomes, &fresh).await?;
    for (&index, id) in fresh.iter().zip(ids) {
        recorded[index] = Some(Recorded {
            id,
            replayed: false,
        });
    }
    Ok(recorded
        .into_iter()
        .map(|r| r.expect("every line recorded or replayed"))
        .collect())
}

/// The rates each scheme resolves for each service of the lines and each member's upline,
/// each read once.
pub(super) struct Terms {
    resolved: HashMap<(String, ServiceCode), Resolved>,
    uplines: HashMap<i64, Vec<UplineMember<i64>>>,
}

impl Terms {
    pub(super) async fn read(
        conn: &mut PgConnection,
        program_id: i64,
        lines: &[TransactionLine],
    ) -> Result<Terms, Error> {
        let mut resolved = HashMap::new();
        let mut trees = HashMap::new();
        for line in lines {
            let key = (line.member.scheme.clone(), line.service.clone());
            if resolved.contains_key(&key) {
                continue;
            }
            if !trees.contains_key(&line.service) {
                let tree = tree_of(&mut *conn, program_id, line.service.as_str()).await?;
                trees.insert(line.service.clone(), tree);
            }
            let tree = &trees[&line.service];
            let chain = commission::chain(tree, &line.member.scheme)?;
            resolved.insert(key, commission::resolve(&chain));
        }
        let mut members: Vec<i64> = lines.iter().map(|l| l.member.id).collect();
        members.sort_unstable();
        members.dedup();
        let mut by_member: HashMap<i64, Vec<UplineMember<i64>>> = HashMap::new();
        for row in uplines(conn, program_id, &members).await? {
            by_member.entry(row.start).or_default().push(UplineMember {
                member: row.member_id,
                role: row.role,
            });
        }
        Ok(Terms {
            resolved,
            uplines: by_member,
        })
    }

    /// The line's commissions, refused when they come to nothing.
    pub(super) fn commission(&self, line: &TransactionLine) -> Result<Commissions<i64>, Error> {
        let resolved = &self.resolved[&(line.member.scheme.clone(), line.service.clone())];
        let upline = self
            .uplines
            .get(&line.member.id)
            .ok_or_else(|| Error::invalid("member", "has no upline in this program"))?;
        let commissions = commission::commission(line.amount, resolved, upline)
            .map_err(|e| Error::invalid("member", e))?;
        if commissions.total.is_zero() {
            return Err(Error::new(
                Code::Conflict,
                format!(
                    "amount: {} in {} at the scheme {}'s rate of {} earns no commission: \
                     nothing to record (set the service's rates with `scheme set`)",
                    line.amount,
                    line.service,
                    line.member.scheme,
                    resolved[&NetworkRole::Admin]
                ),
            ));
        }
        Ok(commissions)
    }
}

/// Books every line's entry in one batch; a key booked before with other content is refused
/// naming its line.
async fn book_entries(
    op: &mut Operation<'_>,
    clock: &dyn Clock,
    lines: &[TransactionLine],
    commissioned: &[Commissions<i64>],
) -> Result<Vec<prorata_store::ledger::EntryOutcome>, Error> {
    let session = op.session();
    let bookings = lines
        .iter()
        .zip(commissioned)
        .map(|(line, c)| {
            let parts: Vec<(i64, Money)> = c.members.iter().map(|m| (m.member, m.amount)).collect();
            let template = network_commissioned(&NetworkCommissioned {
                service: &line.service,
                total: c.total,
                parts: &parts,
            })?;
            Ok(TemplateBooking {
                program_id: session.program.id,
                template,
                currency: line.amount.currency(),
                phase: Phase::Posted,
                idempotency_key: line.ledger_key.clone(),
                effective_date: clock.now().date_naive(),
                actor: session.user(),
                description: format!("{} transaction of {}", line.service, line.member.name),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    book_templates(op.tx(), bookings, clock.now())
        .await
        .map_err(
            |error| match lines.iter().find(|l| error.message.contains(&l.ledger_key)) {
                Some(line) => at_line(
                    line,
                    Error::new(
                        Code::Conflict,
                        "this transaction's key was recorded before with other content",
                    ),
                ),
                None => error,
            },
        )
}

/// The transactions recorded before under replayed keys.
async fn find_replayed(
    op: &mut Operation<'_>,
    outcomes: &[prorata_store::ledger::EntryOutcome],
    recorded: &mut [Option<Recorded>],
) -> Result<(), Error> {
    let replayed: Vec<(usize, i64)> = outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match o {
            prorata_store::ledger::EntryOutcome::Replayed(entry) => Some((i, *entry)),
            prorata_store::ledger::EntryOutcome::Booked(_) => None,
        })
        .collect();
    if replayed.is_empty() {
        return Ok(());
    }
    let program_id = op.session().program.id;
    let entries: Vec<i64> = replayed.iter().map(|r| r.1).collect();
    let found: HashMap<i64, i64> = network_transactions_of_entries(op.tx(), program_id, &entries)
        .await?
        .into_iter()
        .collect();
    for (index, entry) in replayed {
        let id = *found.get(&entry).ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("ledger entry {entry} was booked as a network transaction without it"),
            )
        })?;
        recorded[index] = Some(Recorded { id, replayed: true });
    }
    Ok(())
}

/// Writes the fresh lines' transactions, then their parts; their ids.
async fn store_transactions(
    op: &mut Operation<'_>,
    clock: &dyn Clock,
    lines: &[TransactionLine],
    commissioned: &[Commissions<i64>],
    outcomes: &[prorata_store::ledger::EntryOutcome],
    fresh: &[usize],
) -> Result<Vec<i64>, Error> {
    if fresh.is_empty() {
        return Ok(Vec::new());
    }
    let session = op.session();
    let now = clock.now();
    let news = fresh
        .iter()
        .map(|&i| {
            let (line, c) = (&lines[i], &commissioned[i]);
            let rate = c.members.iter().map(|m| m.margin).sum();
            Ok(TransactionRow {
                program_id: session.program.id,
                member_id: line.member.id,
                service: line.service.as_str(),
                currency: line.amount.currency().code(),
                amount_minor: stored::minor_units(line.amount)?,
                commission_rate: rate,
                commission_minor: stored::minor_units(c.total)?,
                reference: line.reference.as_deref(),
                entry_id: outcomes[i].entry_id(),
                recorded_by: session.user(),
                recorded_at: now,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let ids = insert_network_transactions(op.tx(), &news).await?;
    let mut parts = Vec::new();
    for (&i, &id) in fresh.iter().zip(&ids) {
        for m in &commissioned[i].members {
            parts.push(NetworkCommissionRecord {
                transaction_id: id,
                member_id: m.member,
                member: String::new(),
                role: m.role,
                margin: m.margin,
                amount_minor: stored::minor_units(m.amount)?,
            });
        }
    }
    insert_network_commissions(op.tx(), session.program.id, &parts).await?;
    Ok(ids)
}
