//! Booking one template's entry from a use case: its accounts opened (by code and currency,
//! as the chart types them) and its legs posted, in the operation's transaction.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::Currency;
use prorata_domain::ledger::Phase;
use prorata_domain::ledger::chart::ChartAccount;
use prorata_domain::ledger::templates::TemplateEntry;
use prorata_store::control::Tx;
use prorata_store::ledger::{EntryOutcome, NewAccount, NewEntry, open_accounts, post_entries};

use crate::Error;

/// The chart account to open in a program, in a currency.
pub(crate) fn new_account(
    program_id: i64,
    account: &ChartAccount,
    currency: Currency,
) -> NewAccount {
    NewAccount {
        program_id,
        code: account.code.clone(),
        account_type: account.account_type,
        currency,
        normal_side: account.account_type.normal_side(),
        must_not_go_negative: account.must_not_go_negative(),
    }
}

/// One entry to book from a template.
#[derive(Debug)]
pub(crate) struct TemplateBooking<'a> {
    pub program_id: i64,
    pub template: TemplateEntry,
    pub currency: Currency,
    pub phase: Phase,
    /// The business id of the event: booking it again books nothing new.
    pub idempotency_key: String,
    pub effective_date: NaiveDate,
    pub actor: &'a str,
    pub description: String,
}

/// Opens the template's accounts and books its entry; returns the entry's id.
pub(crate) async fn book_template(
    tx: &mut Tx<'_>,
    booking: TemplateBooking<'_>,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let outcomes = book_templates(tx, vec![booking], now).await?;
    debug_assert_eq!(outcomes.len(), 1, "one entry booked");
    Ok(outcomes[0].entry_id())
}

/// Opens the accounts of every template once and books their entries in one batch (the
/// ledger's bounds apply); per booking in order, whether it was booked now or replayed.
pub(crate) async fn book_templates(
    tx: &mut Tx<'_>,
    bookings: Vec<TemplateBooking<'_>>,
    now: DateTime<Utc>,
) -> Result<Vec<EntryOutcome>, Error> {
    let Some(program_id) = bookings.first().map(|b| b.program_id) else {
        return Ok(Vec::new());
    };
    let mut seen = std::collections::HashSet::new();
    let accounts: Vec<NewAccount> = bookings
        .iter()
        .flat_map(|b| b.template.accounts.iter().map(|a| (a, b.currency)))
        .filter(|(account, currency)| seen.insert((account.code.to_string(), *currency)))
        .map(|(account, currency)| new_account(program_id, account, currency))
        .collect();
    open_accounts(tx, program_id, &accounts, now).await?;
    let entries: Vec<NewEntry> = bookings
        .into_iter()
        .map(|booking| NewEntry {
            program_id: booking.program_id,
            idempotency_key: booking.idempotency_key,
            kind: booking.template.kind.to_owned(),
            phase: booking.phase,
            effective_date: booking.effective_date,
            actor: booking.actor.to_owned(),
            description: booking.description,
            legs: booking.template.legs,
        })
        .collect();
    Ok(post_entries(tx, &entries, now).await?)
}

/// The ledger key of an event that has no id of its own before it is booked: its kind and
/// the SHA-256 of the operation's idempotency key (claimed already, so unique in the
/// program), which keeps the key within the ledger's 200 characters whatever was given.
pub(crate) fn event_key(kind: &str, idempotency_key: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(idempotency_key.as_bytes());
    format!("{kind}:{}", prorata_store::crypto::to_hex(&digest))
}

impl From<prorata_domain::ledger::LedgerError> for Error {
    // A template that does not balance is a defect in the template, never the user's input.
    fn from(error: prorata_domain::ledger::LedgerError) -> Error {
        Error::new(crate::Code::Internal, format!("ledger template: {error}"))
    }
}
