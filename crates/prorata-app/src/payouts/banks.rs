//! `prorata bank add` and `bank list`: the organisation's bank accounts, where remittances
//! arrive and payouts leave from; each is the ledger account `bank:{id}`.

use prorata_domain::control::Role;
use prorata_domain::payout::{AccountNumber, Bic};
use prorata_store::Store;
use prorata_store::crypto::DataKey;
use prorata_store::payouts::{
    NewBankAccount as StoredBankAccount, bank_account_context, insert_bank_account,
    list_bank_accounts as store_bank_accounts,
};
use serde_json::json;

use super::views::BankAccountView;
use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::responses::{Created, Items};
use crate::session::Session;
use crate::{Code, Error, input};

const ADD_BANK: OperationSpec = OperationSpec {
    name: "bank.add",
    roles: &[Role::Admin],
    purpose: "register bank accounts",
};

/// A bank account as given.
#[derive(Debug, Clone, Copy)]
pub struct NewBankAccount<'a> {
    pub name: &'a str,
    pub currency: &'a str,
    pub account_number: &'a str,
    pub bic: Option<&'a str>,
    pub bank_name: Option<&'a str>,
}

/// Registers one of the organisation's bank accounts; its number is sealed with the data key.
pub async fn add_bank_account(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewBankAccount<'_>,
    data_key: Option<&DataKey>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD_BANK, idempotency_key).await?;
    let name = input::name("name", new.name)?;
    let currency = input::optional_currency("currency", Some(new.currency))?
        .ok_or_else(|| Error::invalid("currency", "a currency is needed, e.g. USD"))?;
    let number = AccountNumber::parse(new.account_number)
        .map_err(|e| Error::invalid("account_number", e))?;
    let bic = new
        .bic
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(Bic::parse)
        .transpose()
        .map_err(|e| Error::invalid("bic", e))?;
    let bank_name = input::note("bank_name", new.bank_name)?;
    if bank_name.as_ref().is_some_and(|n| n.chars().count() > 140) {
        return Err(Error::invalid("bank_name", "at most 140 characters"));
    }
    let data_key =
        data_key.ok_or_else(|| crate::secrets::sealing_needs_the_data_key("account_number"))?;
    // The digest covers the number through its mask only: no sealed value is kept in clear.
    let request = json!({
        "name": name, "currency": currency.code(), "account_number": number.masked(),
        "iban": number.is_iban(), "bic": bic.as_ref().map(Bic::as_str), "bank_name": bank_name,
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let program_id = session.program.id;
    let sealed = data_key.seal(number.as_str(), &bank_account_context(program_id, &name))?;
    let stored = StoredBankAccount {
        program_id,
        name: &name,
        currency: currency.code(),
        account_number_sealed: &sealed,
        account_number_last4: &number.last_four(),
        is_iban: number.is_iban(),
        bic: bic.as_ref().map(Bic::as_str),
        bank_name: bank_name.as_deref(),
        created_by: session.user(),
        created_at: clock.now(),
    };
    let id = insert_bank_account(op.tx(), &stored)
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Conflict,
                format!("a bank account called {name} already exists"),
            )
        })?;
    op.audit(format!("bank:{id}"), request).await?;
    op.finish(Created { id }).await
}

/// The program's bank accounts, numbers masked.
pub async fn list_bank_accounts(
    store: &Store,
    session: &Session,
) -> Result<Items<BankAccountView>, Error> {
    let mut conn = store.acquire().await?;
    let banks = store_bank_accounts(&mut conn, session.program.id).await?;
    Ok(Items {
        items: banks.into_iter().map(BankAccountView::of).collect(),
    })
}
