//! `prorata ledger trial-balance | balance | statement`: what the ledger of the session's
//! program says, each account named beside its code. Any role in the program may read it.

mod book;
mod names;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use prorata_domain::Currency;
use prorata_store::Store;
use prorata_store::ledger as store_ledger;
use serde::Serialize;

use crate::session::Session;
use crate::{Code, Error, stored};

pub(crate) use book::{TemplateBooking, book_template, book_templates, event_key, new_account};
pub use names::{LedgerAccountView, NamedRecord, RecordKind};
pub(crate) use names::{RecordNames, account_words, record_of_object};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountBalanceView {
    pub account: String,
    pub currency: String,
    /// The posted balance on the account's normal side.
    pub balance: String,
    /// What holds reserve.
    pub pending: String,
    /// What the account may still give: balance − pending.
    pub available: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrialBalanceAccount {
    pub account: String,
    /// Whose account it is, in words ("payable to Amal").
    pub name: String,
    pub owner: Option<NamedRecord>,
    pub currency: String,
    pub debits: String,
    pub credits: String,
}

/// The trial balance: every account's posted debits and credits, with totals and the
/// difference (which must be zero) per currency, keyed by currency code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrialBalanceView {
    pub accounts: Vec<TrialBalanceAccount>,
    pub total_debits: BTreeMap<String, String>,
    pub total_credits: BTreeMap<String, String>,
    pub difference: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatementLineView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub entry_id: i64,
    pub date: String,
    pub kind: String,
    pub description: String,
    pub debit: Option<String>,
    pub credit: Option<String>,
    pub balance: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountStatementView {
    pub account: String,
    /// Whose account it is, in words ("payable to Amal").
    pub name: String,
    pub owner: Option<NamedRecord>,
    pub currency: String,
    pub normal_side: &'static str,
    /// The period's first day, if bounded.
    pub from: Option<String>,
    /// The period's last day, if bounded.
    pub to: Option<String>,
    /// The balance at the end of the day before the period, on the normal side.
    pub opening_balance: String,
    /// The balance at the end of the period, on the normal side.
    pub closing_balance: String,
    pub lines: Vec<StatementLineView>,
    /// True when the period holds more lines than one statement lists: the first ones are
    /// listed, and the closing balance is still the period's; a shorter period lists them all.
    pub truncated: bool,
}

/// An account's balance. `currency` names the book where the code is kept in more than one
/// currency (`platform:fee_income` in USD and NGN); without it such a read is refused with
/// the currencies listed.
pub async fn account_balance(
    store: &Store,
    session: &Session,
    account: &str,
    currency: Option<Currency>,
    as_of: Option<NaiveDate>,
) -> Result<AccountBalanceView, Error> {
    let mut conn = store.acquire().await?;
    let balance =
        store_ledger::account_balance(&mut conn, session.program.id, account, currency, as_of)
            .await?;
    let side = balance.account.normal_side;
    let currency = balance.account.currency;
    Ok(AccountBalanceView {
        account: balance.account.code.to_string(),
        currency: currency.to_string(),
        balance: stored::wide_amount(balance.totals.balance_minor(side), currency)?,
        pending: stored::wide_amount(balance.totals.pending_minor(side), currency)?,
        available: stored::wide_amount(balance.totals.available_minor(side), currency)?,
    })
}

pub async fn trial_balance(
    store: &Store,
    session: &Session,
    as_of: Option<NaiveDate>,
) -> Result<TrialBalanceView, Error> {
    let mut conn = store.acquire().await?;
    let lines = store_ledger::trial_balance(&mut conn, session.program.id, as_of).await?;
    let names = RecordNames::read(
        &mut conn,
        session.program.id,
        lines.iter().map(|l| l.code.as_str()),
    )
    .await?;
    let mut totals: BTreeMap<String, (Currency, i128, i128)> = BTreeMap::new();
    let mut accounts = Vec::with_capacity(lines.len());
    for line in lines {
        let currency = stored::currency(&line.currency)?;
        let total = totals
            .entry(line.currency.clone())
            .or_insert((currency, 0, 0));
        total.1 += i128::from(line.debits_minor);
        total.2 += i128::from(line.credits_minor);
        let (name, owner) = names.name(&line.code);
        accounts.push(TrialBalanceAccount {
            account: line.code,
            name,
            owner,
            currency: line.currency,
            debits: stored::wide_amount(i128::from(line.debits_minor), currency)?,
            credits: stored::wide_amount(i128::from(line.credits_minor), currency)?,
        });
    }
    let mut view = TrialBalanceView {
        accounts,
        total_debits: BTreeMap::new(),
        total_credits: BTreeMap::new(),
        difference: BTreeMap::new(),
    };
    for (code, (currency, debits, credits)) in totals {
        view.total_debits
            .insert(code.clone(), stored::wide_amount(debits, currency)?);
        view.total_credits
            .insert(code.clone(), stored::wide_amount(credits, currency)?);
        view.difference
            .insert(code, stored::wide_amount(debits - credits, currency)?);
    }
    Ok(view)
}

/// An account's statement; `currency` as for [`account_balance`].
pub async fn account_statement(
    store: &Store,
    session: &Session,
    account: &str,
    currency: Option<Currency>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<AccountStatementView, Error> {
    let mut conn = store.acquire().await?;
    let statement =
        store_ledger::account_statement(&mut conn, session.program.id, account, currency, from, to)
            .await?;
    let code = statement.account.code.to_string();
    let names =
        RecordNames::read(&mut conn, session.program.id, [code.as_str()].into_iter()).await?;
    let (name, owner) = names.name(&code);
    let currency = statement.account.currency;
    let mut lines = Vec::with_capacity(statement.lines.len());
    for line in statement.lines {
        let amount = stored::wide_amount(i128::from(line.amount_minor), currency)?;
        let (debit, credit) = match line.side {
            prorata_domain::ledger::Side::Debit => (Some(amount), None),
            prorata_domain::ledger::Side::Credit => (None, Some(amount)),
        };
        lines.push(StatementLineView {
            entry_id: line.entry_id,
            date: line.effective_date.to_string(),
            kind: line.kind,
            description: line.description,
            debit,
            credit,
            balance: stored::wide_amount(i128::from(line.running_balance_minor), currency)?,
        });
    }
    let balance = |minor: i64| stored::wide_amount(i128::from(minor), currency);
    Ok(AccountStatementView {
        account: code,
        name,
        owner,
        currency: currency.to_string(),
        normal_side: statement.account.normal_side.as_str(),
        from: from.map(|d| d.to_string()),
        to: to.map(|d| d.to_string()),
        opening_balance: balance(statement.opening_balance_minor)?,
        closing_balance: balance(statement.closing_balance_minor)?,
        lines,
        truncated: statement.truncated,
    })
}

/// The program's accounts, named, by currency and code: what the window offers to pick a
/// statement from.
pub async fn list_accounts(
    store: &Store,
    session: &Session,
) -> Result<Vec<LedgerAccountView>, Error> {
    let mut conn = store.acquire().await?;
    let kept = store_ledger::list_accounts(&mut conn, session.program.id).await?;
    let names = RecordNames::read(
        &mut conn,
        session.program.id,
        kept.iter().map(|a| a.code.as_str()),
    )
    .await?;
    Ok(kept
        .into_iter()
        .map(|a| {
            let (name, owner) = names.name(&a.code);
            LedgerAccountView {
                account: a.code,
                currency: a.currency,
                name,
                owner,
            }
        })
        .collect())
}

/// The outcome of checking the program's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LedgerCheck {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub accounts: usize,
    pub intact: bool,
}

/// Checks the program's ledger: every account's stored running balances equal the sum of its
/// postings, and the trial balance sums to zero in every currency. An inconsistency is an
/// error naming the accounts or currencies at fault.
pub async fn verify_ledger(store: &Store, session: &Session) -> Result<LedgerCheck, Error> {
    let mut conn = store.acquire().await?;
    let mismatched = store_ledger::balance_mismatches(&mut conn, session.program.id).await?;
    if !mismatched.is_empty() {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "the ledger is inconsistent: the stored balances of {} differ from their postings",
                mismatched.join(", ")
            ),
        ));
    }
    let lines = store_ledger::trial_balance(&mut conn, session.program.id, None).await?;
    let mut net_by_currency: BTreeMap<&str, i128> = BTreeMap::new();
    for line in &lines {
        *net_by_currency.entry(line.currency.as_str()).or_insert(0) +=
            i128::from(line.debits_minor) - i128::from(line.credits_minor);
    }
    let unbalanced: Vec<String> = net_by_currency
        .iter()
        .filter(|(_, net)| **net != 0)
        .map(|(currency, net)| format!("{net} minor units of {currency}"))
        .collect();
    if !unbalanced.is_empty() {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "the ledger is inconsistent: the trial balance is off by {}",
                unbalanced.join(", ")
            ),
        ));
    }
    Ok(LedgerCheck {
        accounts: lines.len(),
        intact: true,
    })
}
