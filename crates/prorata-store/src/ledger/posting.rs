//! Booking journal entries in bulk: a few statements per batch whatever its size.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use prorata_domain::Currency;
use prorata_domain::ledger::{BalanceTotals, Leg, Phase, check_balanced};
use sqlx::PgConnection;

use super::Tx;

use super::accounts::{account_from_parts, account_of_row, resolve_account};
use super::replays::{find_replays, replay_after_race, request_digest};
use super::{Account, EntryOutcome, LedgerStoreError, NewEntry};

/// The most entries one call books: a bound on memory and on the time locks are held.
pub const MAX_ENTRIES_PER_BATCH: usize = 10_000;
/// The most postings (legs) one call books.
pub const MAX_POSTINGS_PER_BATCH: usize = 100_000;

/// One entry to book, and the entry it reverses if it is a reversal.
pub(crate) struct Booking<'a> {
    pub entry: &'a NewEntry,
    pub reverses: Option<i64>,
}

/// An account locked for this transaction, with its running totals.
pub(crate) struct LockedAccount {
    pub account: Account,
    pub totals: BalanceTotals,
}

/// Books entries atomically in the caller's transaction and returns, per entry in order,
/// whether it was booked now or replayed from an earlier booking with the same key.
///
/// Replays are recognised by key and content (a SHA-256 digest); the same key with other
/// content is a conflict and nothing of the batch is booked.
pub async fn post_entries(
    tx: &mut Tx<'_>,
    entries: &[NewEntry],
    recorded_at: DateTime<Utc>,
) -> Result<Vec<EntryOutcome>, LedgerStoreError> {
    let bookings: Vec<Booking<'_>> = entries
        .iter()
        .map(|entry| Booking {
            entry,
            reverses: None,
        })
        .collect();
    book(tx, &bookings, recorded_at).await
}

pub(crate) async fn book(
    conn: &mut PgConnection,
    bookings: &[Booking<'_>],
    recorded_at: DateTime<Utc>,
) -> Result<Vec<EntryOutcome>, LedgerStoreError> {
    check_batch(bookings)?;
    let Some(first) = bookings.first() else {
        return Ok(Vec::new());
    };
    let program_id = first.entry.program_id;
    let digests: Vec<Vec<u8>> = bookings.iter().map(request_digest).collect();
    let mut outcomes = find_replays(conn, program_id, bookings, &digests).await?;
    let fresh: Vec<usize> = (0..bookings.len())
        .filter(|&i| outcomes[i].is_none())
        .collect();
    if fresh.is_empty() {
        return Ok(outcomes.into_iter().flatten().collect());
    }
    let wanted = wanted_accounts(fresh.iter().flat_map(|&i| &bookings[i].entry.legs));
    let mut accounts = lock_accounts(conn, program_id, &wanted).await?;
    for &index in &fresh {
        apply_legs(
            &mut accounts,
            &bookings[index].entry.legs,
            bookings[index].entry.phase,
        )?;
    }
    check_not_negative(&accounts)?;
    let ids = insert_entry_rows(conn, program_id, bookings, &fresh, &digests, recorded_at).await?;
    let mut booked = Vec::with_capacity(fresh.len());
    for &index in &fresh {
        let key = bookings[index].entry.idempotency_key.as_str();
        match ids.get(key) {
            Some(&id) => {
                outcomes[index] = Some(EntryOutcome::Booked(id));
                booked.push((id, bookings[index].entry));
            }
            // Another transaction booked this key while we waited for the locks.
            None => {
                let replay = replay_after_race(conn, program_id, key, &digests[index]).await?;
                outcomes[index] = Some(replay);
            }
        }
    }
    insert_postings(conn, &booked, &accounts).await?;
    Ok(outcomes.into_iter().flatten().collect())
}

fn check_batch(bookings: &[Booking<'_>]) -> Result<(), LedgerStoreError> {
    if bookings.len() > MAX_ENTRIES_PER_BATCH {
        return Err(LedgerStoreError::BatchTooLarge {
            what: "entries",
            count: bookings.len(),
            max: MAX_ENTRIES_PER_BATCH,
        });
    }
    let postings: usize = bookings.iter().map(|b| b.entry.legs.len()).sum();
    if postings > MAX_POSTINGS_PER_BATCH {
        return Err(LedgerStoreError::BatchTooLarge {
            what: "postings",
            count: postings,
            max: MAX_POSTINGS_PER_BATCH,
        });
    }
    let mut keys = std::collections::HashSet::with_capacity(bookings.len());
    let program_id = bookings.first().map(|b| b.entry.program_id);
    for (index, booking) in bookings.iter().enumerate() {
        check_entry(index, booking.entry)?;
        if Some(booking.entry.program_id) != program_id {
            return Err(invalid(
                index,
                "program_id",
                "differs: a batch books into one program",
            ));
        }
        if !keys.insert(booking.entry.idempotency_key.as_str()) {
            return Err(invalid(
                index,
                "idempotency_key",
                "repeats another entry's key in this batch",
            ));
        }
    }
    Ok(())
}

fn check_entry(index: usize, entry: &NewEntry) -> Result<(), LedgerStoreError> {
    let key = &entry.idempotency_key;
    if key.is_empty() || key.len() > 200 {
        return Err(invalid(
            index,
            "idempotency_key",
            "must have 1 to 200 characters",
        ));
    }
    let kind_ok = entry.kind.len() <= 100
        && entry.kind.starts_with(|c: char| c.is_ascii_lowercase())
        && entry
            .kind
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !kind_ok {
        return Err(invalid(
            index,
            "kind",
            "must be lower-case letters, digits and _",
        ));
    }
    if entry.actor.is_empty() || entry.actor.len() > 200 {
        return Err(invalid(index, "actor", "must have 1 to 200 characters"));
    }
    if entry.description.len() > 2000 {
        return Err(invalid(
            index,
            "description",
            "must have at most 2000 characters",
        ));
    }
    check_balanced(&entry.legs).map_err(|source| LedgerStoreError::Rule { index, source })
}

fn invalid(index: usize, field: &'static str, problem: &str) -> LedgerStoreError {
    LedgerStoreError::InvalidEntry {
        index,
        field,
        problem: problem.to_owned(),
    }
}

/// The accounts locked for a batch, found by code and currency (one book per currency)
/// without building a key per leg.
pub(crate) struct LockedAccounts {
    by_currency: HashMap<Currency, HashMap<String, LockedAccount>>,
}

impl LockedAccounts {
    pub(crate) fn get(&self, code: &str, currency: Currency) -> Option<&LockedAccount> {
        self.by_currency.get(&currency)?.get(code)
    }

    fn get_mut(&mut self, code: &str, currency: Currency) -> Option<&mut LockedAccount> {
        self.by_currency.get_mut(&currency)?.get_mut(code)
    }

    fn values(&self) -> impl Iterator<Item = &LockedAccount> {
        self.by_currency.values().flat_map(HashMap::values)
    }
}

/// The accounts legs book to: each leg's code in its amount's currency.
pub(crate) fn wanted_accounts<'a>(
    legs: impl IntoIterator<Item = &'a Leg>,
) -> BTreeSet<(&'a str, Currency)> {
    legs.into_iter()
        .map(|leg| (leg.account.as_str(), leg.amount.currency()))
        .collect()
}

/// Locks the accounts' balance rows in id order, so that two transactions touching the
/// same accounts queue instead of deadlocking. An account that is not open in the leg's
/// currency is refused by name, with the currencies its code is kept in.
pub(crate) async fn lock_accounts(
    conn: &mut PgConnection,
    program_id: i64,
    wanted: &BTreeSet<(&str, Currency)>,
) -> Result<LockedAccounts, LedgerStoreError> {
    let codes: Vec<&str> = wanted.iter().map(|(code, _)| *code).collect();
    let currencies: Vec<&str> = wanted.iter().map(|(_, currency)| currency.code()).collect();
    let rows = sqlx::query!(
        r#"SELECT a.id, a.code, a.account_type::text AS "account_type!", a.currency,
                  a.normal_side::text AS "normal_side!", a.must_not_go_negative,
                  b.posted_debits_minor, b.posted_credits_minor,
                  b.pending_debits_minor, b.pending_credits_minor
           FROM unnest($1::text[], $2::text[]) AS k(code, currency)
           JOIN ledger_accounts a ON a.program_id = $3 AND a.code = k.code AND a.currency = k.currency
           JOIN ledger_balances b ON b.account_id = a.id
           ORDER BY a.id
           FOR UPDATE OF b"#,
        &codes as &[&str],
        &currencies as &[&str],
        program_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut locked = LockedAccounts {
        by_currency: HashMap::new(),
    };
    for r in rows {
        let account = account_of_row!(r)?;
        let totals = BalanceTotals {
            posted_debits_minor: r.posted_debits_minor,
            posted_credits_minor: r.posted_credits_minor,
            pending_debits_minor: r.pending_debits_minor,
            pending_credits_minor: r.pending_credits_minor,
        };
        locked
            .by_currency
            .entry(account.currency)
            .or_default()
            .insert(r.code, LockedAccount { account, totals });
    }
    let missing = wanted
        .iter()
        .find(|(code, currency)| locked.get(code, *currency).is_none());
    if let Some(&(code, currency)) = missing {
        // Names why: no such code, or the code kept in other currencies only.
        resolve_account(conn, program_id, code, Some(currency)).await?;
        return Err(LedgerStoreError::UnknownAccount(code.to_owned()));
    }
    Ok(locked)
}

/// Adds legs to the locked accounts' totals.
pub(crate) fn apply_legs(
    accounts: &mut LockedAccounts,
    legs: &[Leg],
    phase: Phase,
) -> Result<(), LedgerStoreError> {
    for leg in legs {
        let locked = accounts
            .get_mut(leg.account.as_str(), leg.amount.currency())
            .ok_or_else(|| LedgerStoreError::UnknownAccount(leg.account.to_string()))?;
        let minor = i64::try_from(leg.amount.minor_units()).map_err(|_| {
            LedgerStoreError::Refused(format!("an amount on {} is too large", leg.account))
        })?;
        locked.totals.add(leg.side, phase, minor).map_err(|_| {
            LedgerStoreError::Refused(format!("account {} would overflow", leg.account))
        })?;
    }
    Ok(())
}

/// Refuses the batch if any must-not-go-negative account would have less than nothing
/// available once every entry is applied.
pub(crate) fn check_not_negative(accounts: &LockedAccounts) -> Result<(), LedgerStoreError> {
    let mut flagged: Vec<&LockedAccount> = accounts
        .values()
        .filter(|locked| locked.account.must_not_go_negative)
        .collect();
    flagged.sort_by_key(|locked| locked.account.id);
    for locked in flagged {
        let available = locked.totals.available_minor(locked.account.normal_side);
        if available < 0 {
            let currency = locked.account.currency;
            let shortfall = prorata_domain::Money::from_minor_units(-available, currency)
                .map(|m| format!("{m} {currency}"))
                .unwrap_or_else(|_| format!("{} minor units", -available));
            return Err(LedgerStoreError::WouldGoNegative {
                account: locked.account.code.to_string(),
                shortfall,
            });
        }
    }
    Ok(())
}

async fn insert_entry_rows(
    conn: &mut PgConnection,
    program_id: i64,
    bookings: &[Booking<'_>],
    fresh: &[usize],
    digests: &[Vec<u8>],
    recorded_at: DateTime<Utc>,
) -> Result<HashMap<String, i64>, LedgerStoreError> {
    let pick = |f: &dyn Fn(&Booking<'_>) -> String| -> Vec<String> {
        fresh.iter().map(|&i| f(&bookings[i])).collect()
    };
    let keys = pick(&|b| b.entry.idempotency_key.clone());
    let kinds = pick(&|b| b.entry.kind.clone());
    let phases = pick(&|b| b.entry.phase.as_str().to_owned());
    let actors = pick(&|b| b.entry.actor.clone());
    let descriptions = pick(&|b| b.entry.description.clone());
    let dates: Vec<chrono::NaiveDate> = fresh
        .iter()
        .map(|&i| bookings[i].entry.effective_date)
        .collect();
    let reverses: Vec<i64> = fresh
        .iter()
        .map(|&i| bookings[i].reverses.unwrap_or(0))
        .collect();
    let digests: Vec<Vec<u8>> = fresh.iter().map(|&i| digests[i].clone()).collect();
    let rows = sqlx::query!(
        r#"INSERT INTO ledger_entries
               (idempotency_key, request_digest, kind, phase, effective_date, recorded_at,
                actor, description, reverses, program_id)
           SELECT k, d, kind, phase::ledger_phase, day, $6, actor, description, NULLIF(reverses, 0), $10
           FROM UNNEST($1::text[], $2::bytea[], $3::text[], $4::text[], $5::date[],
                       $7::text[], $8::text[], $9::int8[])
                AS t(k, d, kind, phase, day, actor, description, reverses)
           ON CONFLICT (program_id, idempotency_key) DO NOTHING
           RETURNING id, idempotency_key"#,
        &keys,
        &digests,
        &kinds,
        &phases,
        &dates,
        recorded_at,
        &actors,
        &descriptions,
        &reverses,
        program_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.idempotency_key, row.id))
        .collect())
}

/// Writes the postings of the booked entries in one statement. The table's statement-level
/// trigger then applies one balance delta per account and checks the flags.
pub(crate) async fn insert_postings(
    conn: &mut PgConnection,
    booked: &[(i64, &NewEntry)],
    accounts: &LockedAccounts,
) -> Result<(), LedgerStoreError> {
    let count: usize = booked.iter().map(|(_, entry)| entry.legs.len()).sum();
    let mut entry_ids = Vec::with_capacity(count);
    let mut account_ids = Vec::with_capacity(count);
    let mut currencies = Vec::with_capacity(count);
    let mut sides = Vec::with_capacity(count);
    let mut amounts = Vec::with_capacity(count);
    let mut phases = Vec::with_capacity(count);
    let mut dates = Vec::with_capacity(count);
    for (entry_id, entry) in booked {
        for leg in &entry.legs {
            let account = &accounts
                .get(leg.account.as_str(), leg.amount.currency())
                .expect("every leg's account was locked by `lock_accounts`")
                .account;
            entry_ids.push(*entry_id);
            account_ids.push(account.id);
            currencies.push(account.currency.code().to_owned());
            sides.push(leg.side.as_str().to_owned());
            // Checked to fit by `apply_legs`.
            amounts.push(i64::try_from(leg.amount.minor_units()).unwrap_or(i64::MAX));
            phases.push(entry.phase.as_str().to_owned());
            dates.push(entry.effective_date);
        }
    }
    if entry_ids.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        r#"INSERT INTO ledger_postings
               (entry_id, account_id, currency, side, amount_minor, phase, effective_date)
           SELECT entry_id, account_id, currency, side::ledger_side, amount, phase::ledger_phase, day
           FROM UNNEST($1::int8[], $2::int8[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::date[])
                AS t(entry_id, account_id, currency, side, amount, phase, day)"#,
        &entry_ids,
        &account_ids,
        &currencies,
        &sides,
        &amounts,
        &phases,
        &dates,
    )
    .execute(conn)
    .await?;
    Ok(())
}
