//! `prorata withdrawal request`: money a payee is owed, asked for. The amount is held on
//! the payee's payable at once (a pending entry, Dr payable / Cr `payout:clearing`), so two
//! requests can never both spend the same money; the payee's bank details are snapshotted
//! and sealed with the request.

use prorata_domain::Money;
use prorata_domain::ledger::chart::{
    AccountFamily, ChartAccount, investor_payable, partner_payable,
};
use prorata_domain::ledger::templates::{WithdrawalHeld, withdrawal_held};
use prorata_domain::ledger::{AccountType, Phase};
use prorata_domain::payout::{self, AccountNumber};
use prorata_store::crypto::DataKey;
use prorata_store::deals::{find_investor, find_partner};
use prorata_store::events::reserved_for_allocations;
use prorata_store::ledger::{Account, account_balance, resolve_account};
use prorata_store::payouts::{
    NewWithdrawal as StoredWithdrawal, insert_withdrawal, withdrawal_context,
};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use crate::clock::Clock;
use crate::events::{ALLOCATION_MOVED, allocation_for_withdrawal, draw_on_allocation};
use crate::input::{self, Notation};
use crate::ledger::{TemplateBooking, book_template, event_key};
use crate::operation::{Change, Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error, stored};

const REQUEST: OperationSpec = OperationSpec {
    name: "withdrawal.request",
    roles: payout::ENTERERS,
    purpose: "enter withdrawal requests",
};

/// Who is paid: an investor or a partner by id or name, or any payable by its code.
#[derive(Debug, Clone, Copy)]
pub enum Payee<'a> {
    Investor(&'a str),
    Partner(&'a str),
    Account(&'a str),
}

/// A withdrawal request as given.
#[derive(Debug, Clone, Copy)]
pub struct NewWithdrawal<'a> {
    pub payee: Payee<'a>,
    pub amount: &'a str,
    /// Needed where the payee is owed in more than one currency.
    pub currency: Option<&'a str>,
    pub bank_name: &'a str,
    pub account_number: &'a str,
    pub account_name: &'a str,
    /// The LP allocation it draws on, if any (the payee is then the allocation's holder).
    pub allocation: Option<i64>,
    pub notation: Notation,
}

/// The payee's bank details as given: checked, not yet sealed.
struct BankDetails {
    bank_name: String,
    account_number: AccountNumber,
    account_name: String,
}

fn bank_details(new: &NewWithdrawal<'_>) -> Result<BankDetails, Error> {
    let text = |field: &str, value: &str| -> Result<String, Error> {
        let value = value.trim();
        if value.is_empty() || value.chars().count() > 140 {
            return Err(Error::invalid(field, "give 1 to 140 characters"));
        }
        Ok(value.to_owned())
    };
    Ok(BankDetails {
        bank_name: text("bank_name", new.bank_name)?,
        account_number: AccountNumber::parse(new.account_number)
            .map_err(|e| Error::invalid("account_number", e))?,
        account_name: text("account_name", new.account_name)?,
    })
}

/// The payable of a payee in the chart, and the payee in words.
pub(crate) async fn payable_chart(
    conn: &mut PgConnection,
    program_id: i64,
    payee: Payee<'_>,
) -> Result<(ChartAccount, String), Error> {
    Ok(match payee {
        Payee::Investor(key) => {
            let investor = find_investor(&mut *conn, program_id, key.trim())
                .await?
                .ok_or_else(|| {
                    Error::invalid(
                        "investor",
                        format!("no investor is called or numbered {key}"),
                    )
                })?;
            (
                investor_payable(investor.id),
                format!("investor {}", investor.name),
            )
        }
        Payee::Partner(key) => {
            let partner = find_partner(&mut *conn, program_id, key.trim())
                .await?
                .ok_or_else(|| {
                    Error::invalid("partner", format!("no partner is called or numbered {key}"))
                })?;
            (
                partner_payable(partner.id),
                format!("partner {}", partner.name),
            )
        }
        Payee::Account(code) => {
            // What the program owes a payee: not GST, which is paid to the tax authority.
            let family = AccountFamily::of(code.trim()).filter(|f| {
                matches!(
                    f,
                    AccountFamily::InvestorPayable { .. }
                        | AccountFamily::PartnerPayable { .. }
                        | AccountFamily::MemberWallet { .. }
                        | AccountFamily::MemberCommissionPayable { .. }
                        | AccountFamily::AffiliatePayable { .. }
                )
            });
            let family = family.ok_or_else(|| {
                Error::invalid("payee", format!("{code} is not a payable: name an account the program owes, e.g. investor:1:payable"))
            })?;
            (family.account(), code.trim().to_owned())
        }
    })
}

/// The payable the request draws on, found in the program's book.
async fn payable_of(
    op: &mut Operation<'_>,
    payee: Payee<'_>,
    currency: Option<&str>,
) -> Result<Account, Error> {
    let program_id = op.session().program.id;
    let (chart, whom) = payable_chart(op.tx(), program_id, payee).await?;
    let currency = input::optional_currency("currency", currency)?;
    let account = resolve_account(op.tx(), program_id, chart.code.as_str(), currency)
        .await
        .map_err(|e| match e {
            prorata_store::ledger::LedgerStoreError::UnknownAccount(_) => Error::new(
                Code::Conflict,
                format!(
                    "{whom} is owed nothing yet: {} has never been credited",
                    chart.code
                ),
            ),
            other => other.into(),
        })?;
    // The chart makes every payable a liability that must not go negative.
    assert!(account.account_type == AccountType::Liability && account.must_not_go_negative);
    Ok(account)
}

/// Refuses an amount beyond what the payable has available (posted less held), in words.
/// The payable's balance is locked first; a request that draws on no allocation may not take
/// what an investor's allocations of active events still have available.
async fn refuse_beyond_available(
    op: &mut Operation<'_>,
    account: &Account,
    amount: Money,
    allocation: Option<i64>,
) -> Result<(), Error> {
    let program_id = op.session().program.id;
    let code = account.code.as_str();
    let reserved = match AccountFamily::of(code) {
        Some(AccountFamily::InvestorPayable { investor_id }) => {
            let currency = account.currency.code();
            reserved_for_allocations(op.tx(), account.id, program_id, investor_id, currency).await?
        }
        Some(AccountFamily::MemberWallet { member_id }) => {
            crate::revenue::pending_in_open_wallet(op, member_id).await?
        }
        _ => 0,
    };
    let reserved = if allocation.is_some() {
        0
    } else {
        i128::from(reserved)
    };
    let balance = account_balance(op.tx(), program_id, code, Some(account.currency), None).await?;
    let available = balance.totals.available_minor(account.normal_side) - reserved;
    if available >= amount.minor_units() {
        return Ok(());
    }
    let available = stored::wide_amount(available.max(0), account.currency)?;
    let beyond = if reserved > 0 && code.starts_with("member:") {
        let kept = stored::wide_amount(reserved, account.currency)?;
        format!("{available}, with {kept} of credits still pending their holding period")
    } else if reserved > 0 {
        let kept = stored::wide_amount(reserved, account.currency)?;
        format!(
            "{available}, with {kept} kept for its LP allocations: request against an allocation for those"
        )
    } else {
        available
    };
    Err(Error::new(
        Code::Conflict,
        format!("amount: {amount} is more than {code} has available ({beyond})"),
    ))
}

/// Enters a withdrawal request and holds its amount.
pub async fn request_withdrawal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewWithdrawal<'_>,
    data_key: Option<&DataKey>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, REQUEST, idempotency_key).await?;
    let account = payable_of(&mut op, new.payee, new.currency).await?;
    let amount = input::amount(new.notation, "amount", new.amount, account.currency)?;
    if amount.is_zero() {
        return Err(Error::invalid(
            "amount",
            "a withdrawal must be more than zero",
        ));
    }
    let details = bank_details(&new)?;
    let data_key =
        data_key.ok_or_else(|| crate::secrets::sealing_needs_the_data_key("account_number"))?;
    // The digest covers the bank details through the mask only: nothing sealed is kept clear.
    let request = json!({
        "payee": account.code.as_str(), "currency": account.currency.code(),
        "amount": amount.to_string(), "bank_name": details.bank_name,
        "account_number": details.account_number.masked(), "allocation_id": new.allocation,
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    // Locks in the order every payout takes them: the allocation's event, the payable's
    // balance, then the allocation.
    if let Some(allocation) = new.allocation {
        allocation_for_withdrawal(&mut op, allocation, &account, amount).await?;
    }
    refuse_beyond_available(&mut op, &account, amount, new.allocation).await?;
    let drawn = match new.allocation {
        Some(allocation) => Some(draw_on_allocation(&mut op, allocation, amount).await?),
        None => None,
    };
    let hold_id = hold(&mut op, &account, amount, idempotency_key).await?;
    let placed = Placed {
        account: &account,
        amount,
        hold_id,
        allocation: new.allocation,
    };
    let id = store_request(&mut op, placed, &details, data_key).await?;
    op.audit(
        format!("withdrawal:{id}"),
        json!({ "request": request, "status": "pending", "hold_entry_id": hold_id }),
    )
    .await?;
    if let Some(drawn) = drawn {
        let (before, after) = drawn.audit_record();
        let object = format!("allocation:{}", drawn.allocation_id);
        op.record(Change::new(ALLOCATION_MOVED, object, after).from(before))
            .await?;
    }
    op.finish(Created { id }).await
}

/// A request's amount as held, and what it draws on.
struct Placed<'a> {
    account: &'a Account,
    amount: Money,
    hold_id: i64,
    allocation: Option<i64>,
}

/// Books the hold: a pending entry the ledger refuses beyond what is available, under the
/// payable's row lock (so concurrent requests queue and the second sees the first).
async fn hold(
    op: &mut Operation<'_>,
    account: &Account,
    amount: Money,
    idempotency_key: &str,
) -> Result<i64, Error> {
    let (session, now) = (op.session(), op.clock().now());
    let family = AccountFamily::of(account.code.as_str()).ok_or_else(|| {
        Error::new(
            Code::Internal,
            format!("{} is not an account of the chart", account.code),
        )
    })?;
    let template = withdrawal_held(&WithdrawalHeld {
        payable: family.account(),
        amount,
    })?;
    let booking = TemplateBooking {
        program_id: session.program.id,
        template,
        currency: account.currency,
        phase: Phase::Pending,
        idempotency_key: event_key("withdrawal", idempotency_key),
        effective_date: now.date_naive(),
        actor: session.user(),
        description: format!("withdrawal hold on {}", account.code),
    };
    book_template(op.tx(), booking, now).await
}

async fn store_request(
    op: &mut Operation<'_>,
    placed: Placed<'_>,
    details: &BankDetails,
    data_key: &DataKey,
) -> Result<i64, Error> {
    let Placed {
        account,
        amount,
        hold_id,
        allocation,
    } = placed;
    let (session, now) = (op.session(), op.clock().now());
    let program_id = session.program.id;
    let number = details.account_number.as_str();
    let number_sealed = data_key.seal(
        number,
        &withdrawal_context(program_id, hold_id, "account_number"),
    )?;
    let name_sealed = data_key.seal(
        &details.account_name,
        &withdrawal_context(program_id, hold_id, "account_name"),
    )?;
    let stored = StoredWithdrawal {
        program_id,
        payee_account_id: account.id,
        currency: account.currency.code(),
        amount_minor: stored::minor_units(amount)?,
        hold_entry_id: hold_id,
        bank_name: &details.bank_name,
        account_name_sealed: &name_sealed,
        account_number_sealed: &number_sealed,
        account_number_last4: &details.account_number.last_four(),
        is_iban: details.account_number.is_iban(),
        requested_by: session.user(),
        requested_at: now,
        allocation_id: allocation,
    };
    Ok(insert_withdrawal(op.tx(), &stored).await?)
}
