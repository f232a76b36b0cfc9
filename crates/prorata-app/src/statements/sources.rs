//! Statements made from the store: each investor's payable at both ends of the period, the
//! distributions and withdrawals that moved it, read for any number of payables in the same
//! few statements of one snapshot, then put into prorata-statements' models.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use prorata_domain::deal::DistributionKind;
use prorata_domain::payout::masked_last_four;
use prorata_domain::statement;
use prorata_domain::{Currency, Money};
use prorata_statements::{InvestorStatement, Issuer, ProfitLine, Recipient, WithdrawalLine};
use prorata_store::PgConnection;
use prorata_store::statements::{
    PayableRecord, ProfitRecord, WithdrawalSource, balances_at, profit_lines, withdrawals_paid,
    withdrawals_pending,
};

use crate::session::Session;
use crate::{Error, stored};

/// The period a statement covers, and the day it is issued.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub issued_on: NaiveDate,
}

/// The statements of these payables over the period, in the payables' order. `conn` should
/// be a snapshot, so that balances and lines are read as of one moment.
pub(crate) async fn statements_of(
    conn: &mut PgConnection,
    session: &Session,
    payables: &[PayableRecord],
    period: Period,
) -> Result<Vec<InvestorStatement>, Error> {
    let accounts: Vec<i64> = payables.iter().map(|p| p.account_id).collect();
    let investors: Vec<i64> = payables.iter().map(|p| p.investor_id).collect();
    let before = period.from.pred_opt().unwrap_or(period.from);
    let opening = balances_at(&mut *conn, &accounts, before).await?;
    let closing = balances_at(&mut *conn, &accounts, period.to).await?;
    let profit = by_key(
        profit_lines(
            &mut *conn,
            session.program.id,
            &investors,
            period.from,
            period.to,
        )
        .await?,
        |r| (r.investor_id, r.currency.clone()),
    );
    let paid = by_key(
        withdrawals_paid(&mut *conn, &accounts, period.from, period.to).await?,
        |w| w.account_id,
    );
    let pending = by_key(
        withdrawals_pending(&mut *conn, &accounts, period.to).await?,
        |w| w.account_id,
    );
    payables
        .iter()
        .map(|p| {
            let currency = stored::currency(&p.currency)?;
            let balance = |at: &BTreeMap<i64, i64>| {
                stored::money(at.get(&p.account_id).copied().unwrap_or(0), currency)
            };
            let key = (p.investor_id, p.currency.clone());
            Ok(InvestorStatement {
                statement_id: statement::statement_id(
                    session.program.id,
                    p.investor_id,
                    currency,
                    period.from,
                    period.to,
                ),
                issuer: Issuer {
                    name: session.program.name.clone(),
                },
                recipient: Recipient {
                    investor_id: p.investor_id,
                    name: p.investor_name.clone(),
                },
                currency,
                from: period.from,
                to: period.to,
                issued_on: period.issued_on,
                account_code: p.code.clone(),
                opening_balance: balance(&opening)?,
                closing_balance: balance(&closing)?,
                profit: lines(profit.get(&key), |r| profit_line(r, currency))?,
                allocations: Vec::new(),
                withdrawals_paid: lines(paid.get(&p.account_id), |w| withdrawal(w, currency))?,
                withdrawals_pending: lines(pending.get(&p.account_id), |w| {
                    withdrawal(w, currency)
                })?,
            })
        })
        .collect()
}

fn by_key<K: Ord, T>(rows: Vec<T>, key: impl Fn(&T) -> K) -> BTreeMap<K, Vec<T>> {
    let mut grouped: BTreeMap<K, Vec<T>> = BTreeMap::new();
    for row in rows {
        grouped.entry(key(&row)).or_default().push(row);
    }
    grouped
}

fn lines<T, L>(
    rows: Option<&Vec<T>>,
    line: impl Fn(&T) -> Result<L, Error>,
) -> Result<Vec<L>, Error> {
    rows.map_or(Ok(Vec::new()), |rows| rows.iter().map(line).collect())
}

/// A distribution credits its share; a reversal takes it back, and shows its profit and pool
/// as taken back too.
fn profit_line(r: &ProfitRecord, currency: Currency) -> Result<ProfitLine, Error> {
    let reversal = r.kind == DistributionKind::Reversal;
    let signed = |minor: i64| -> Result<Money, Error> {
        stored::money(if reversal { -minor } else { minor }, currency)
    };
    Ok(ProfitLine {
        value_date: r.booked_on,
        deal_id: r.deal_id,
        deal_name: r.deal_name.clone(),
        distribution_id: r.distribution_id,
        reversal,
        deal_profit: signed(r.profit_minor)?,
        investor_pool: signed(r.investor_pool_minor)?,
        amount: signed(r.amount_minor)?,
    })
}

fn withdrawal(w: &WithdrawalSource, currency: Currency) -> Result<WithdrawalLine, Error> {
    Ok(WithdrawalLine {
        withdrawal_id: w.withdrawal_id,
        requested_on: w.requested_on,
        paid_on: w.paid_on,
        bank_account: format!(
            "{} {}",
            w.bank_name,
            masked_last_four(&w.account_number_last4)
        ),
        amount: stored::money(w.amount_minor, currency)?,
    })
}

/// Nothing to state: no balance at either end and nothing moved or held in the period.
pub(crate) fn is_empty(s: &InvestorStatement) -> bool {
    s.opening_balance.is_zero()
        && s.closing_balance.is_zero()
        && s.profit.is_empty()
        && s.allocations.is_empty()
        && s.withdrawals_paid.is_empty()
        && s.withdrawals_pending.is_empty()
}
