//! What a document says, as plain data: the investor statement of a period and the
//! distribution notice of one distribution. prorata-app fills them from the ledger and the
//! subledgers; this crate checks that they tie and lays them out. Nothing here reads a store,
//! a clock or a random source.

use chrono::NaiveDate;
use prorata_domain::{Currency, Money, Rate};

use crate::StatementError;
use crate::digest::Canon;

/// Who issues the document: the program, by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    pub name: String,
}

/// Whom the document is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub investor_id: i64,
    pub name: String,
}

/// One distribution's share credited to (or, for a reversal, taken back from) the investor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfitLine {
    pub value_date: NaiveDate,
    pub deal_id: i64,
    pub deal_name: String,
    pub distribution_id: i64,
    /// True for a correction that takes an earlier distribution back: its amounts are
    /// negative.
    pub reversal: bool,
    pub deal_profit: Money,
    pub investor_pool: Money,
    pub amount: Money,
}

/// One LP allocation credited from a deal's distribution event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationLine {
    pub date: NaiveDate,
    pub deal_name: String,
    pub event_title: String,
    pub amount: Money,
}

/// A withdrawal out of the payable: paid in the period, or still pending at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalLine {
    pub withdrawal_id: i64,
    pub requested_on: NaiveDate,
    /// The day it was paid; `None` while it is pending.
    pub paid_on: Option<NaiveDate>,
    /// `First Bank •••• 3344`: never the whole number.
    pub bank_account: String,
    pub amount: Money,
}

/// The investor statement of one investor, period and currency (DESIGN §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvestorStatement {
    /// The id printed on every page and recorded with the document's SHA-256.
    pub statement_id: String,
    pub issuer: Issuer,
    pub recipient: Recipient,
    pub currency: Currency,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub issued_on: NaiveDate,
    /// The payable's ledger account, named in the closing note.
    pub account_code: String,
    pub opening_balance: Money,
    /// The ledger's balance of the payable at the end of `to`; the lines must make it.
    pub closing_balance: Money,
    pub profit: Vec<ProfitLine>,
    pub allocations: Vec<AllocationLine>,
    pub withdrawals_paid: Vec<WithdrawalLine>,
    pub withdrawals_pending: Vec<WithdrawalLine>,
}

/// The summary box: what the lines add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementSummary {
    pub opening_balance: Money,
    pub profit_credited: Money,
    pub allocations_credited: Money,
    pub withdrawals_paid: Money,
    pub closing_balance: Money,
    pub withdrawals_pending: Money,
    pub available: Money,
}

impl InvestorStatement {
    /// Adds the lines up and checks that they tie: opening balance + profit + allocations −
    /// withdrawals paid must be the ledger's closing balance, every amount in the statement's
    /// currency, and every line inside the period. A statement that does not tie is never
    /// issued.
    pub fn summary(&self) -> Result<StatementSummary, StatementError> {
        if self.from > self.to {
            return Err(StatementError::invalid(format!(
                "the period starts on {} after it ends on {}",
                self.from, self.to
            )));
        }
        let profit = self.sum(self.profit.iter().map(|l| (l.amount, l.value_date)))?;
        let allocations = self.sum(self.allocations.iter().map(|l| (l.amount, l.date)))?;
        let paid = self.sum(
            self.withdrawals_paid
                .iter()
                .map(|l| (l.amount, l.paid_on.unwrap_or(self.from))),
        )?;
        let pending = self.total(self.withdrawals_pending.iter().map(|l| l.amount))?;
        if let Some(line) = self.withdrawals_paid.iter().find(|l| l.paid_on.is_none()) {
            return Err(StatementError::invalid(format!(
                "withdrawal {} is listed as paid without the day it was paid",
                line.withdrawal_id
            )));
        }
        if let Some(line) = self
            .withdrawals_pending
            .iter()
            .find(|l| l.paid_on.is_some())
        {
            return Err(StatementError::invalid(format!(
                "withdrawal {} is listed as pending but was paid",
                line.withdrawal_id
            )));
        }
        let opening = self.in_currency(self.opening_balance)?;
        let closing = self.in_currency(self.closing_balance)?;
        let made = opening
            .checked_add(profit)
            .and_then(|m| m.checked_add(allocations))
            .and_then(|m| m.checked_sub(paid))
            .map_err(|e| StatementError::invalid(e.to_string()))?;
        if made != closing {
            return Err(StatementError::DoesNotTie {
                statement_id: self.statement_id.clone(),
                made: made.to_string(),
                ledger: closing.to_string(),
            });
        }
        let available = closing
            .checked_sub(pending)
            .map_err(|e| StatementError::invalid(e.to_string()))?;
        Ok(StatementSummary {
            opening_balance: opening,
            profit_credited: profit,
            allocations_credited: allocations,
            withdrawals_paid: paid,
            closing_balance: closing,
            withdrawals_pending: pending,
            available,
        })
    }

    fn in_currency(&self, money: Money) -> Result<Money, StatementError> {
        if money.currency() == self.currency {
            Ok(money)
        } else {
            Err(StatementError::invalid(format!(
                "an amount in {} on a statement in {}",
                money.currency(),
                self.currency
            )))
        }
    }

    fn total(&self, mut amounts: impl Iterator<Item = Money>) -> Result<Money, StatementError> {
        amounts.try_fold(Money::zero(self.currency), |sum, amount| {
            sum.checked_add(self.in_currency(amount)?)
                .map_err(|e| StatementError::invalid(e.to_string()))
        })
    }

    /// The lines' total, each dated inside the period.
    fn sum(
        &self,
        lines: impl Iterator<Item = (Money, NaiveDate)>,
    ) -> Result<Money, StatementError> {
        let mut dated = Vec::new();
        for (amount, day) in lines {
            if day < self.from || day > self.to {
                return Err(StatementError::invalid(format!(
                    "a line dated {day} on a statement of {} to {}",
                    self.from, self.to
                )));
            }
            dated.push(amount);
        }
        self.total(dated.into_iter())
    }

    /// The SHA-256 of everything the statement says, in a fixed order: the "content digest"
    /// printed on every page, the same for the same statement in any process.
    pub fn digest(&self) -> [u8; 32] {
        let mut canon = Canon::new("investor_statement");
        canon
            .text("statement_id", &self.statement_id)
            .text("issuer", &self.issuer.name)
            .id("investor_id", self.recipient.investor_id)
            .text("investor", &self.recipient.name)
            .text("currency", self.currency.code())
            .date("from", self.from)
            .date("to", self.to)
            .date("issued_on", self.issued_on)
            .text("account_code", &self.account_code)
            .money("opening_balance", self.opening_balance)
            .money("closing_balance", self.closing_balance);
        for l in &self.profit {
            canon
                .date("profit.value_date", l.value_date)
                .id("profit.deal_id", l.deal_id)
                .text("profit.deal_name", &l.deal_name)
                .id("profit.distribution_id", l.distribution_id)
                .flag("profit.reversal", l.reversal)
                .money("profit.deal_profit", l.deal_profit)
                .money("profit.investor_pool", l.investor_pool)
                .money("profit.amount", l.amount);
        }
        for l in &self.allocations {
            canon
                .date("allocation.date", l.date)
                .text("allocation.deal_name", &l.deal_name)
                .text("allocation.event_title", &l.event_title)
                .money("allocation.amount", l.amount);
        }
        for (list, lines) in [
            ("paid", &self.withdrawals_paid),
            ("pending", &self.withdrawals_pending),
        ] {
            for l in lines {
                canon
                    .text("withdrawal.list", list)
                    .id("withdrawal.id", l.withdrawal_id)
                    .date("withdrawal.requested_on", l.requested_on)
                    .optional_date("withdrawal.paid_on", l.paid_on)
                    .text("withdrawal.bank_account", &l.bank_account)
                    .money("withdrawal.amount", l.amount);
            }
        }
        canon.finish()
    }
}

/// The distribution notice: one distribution's whole calculation, and what it did to one
/// investor's balance (DESIGN §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionNotice {
    pub notice_id: String,
    pub issuer: Issuer,
    pub recipient: Recipient,
    pub deal_id: i64,
    pub deal_name: String,
    pub distribution_id: i64,
    pub value_date: NaiveDate,
    pub issued_on: NaiveDate,
    pub value: Money,
    pub high_water_mark: Money,
    pub new_high_water_mark: Money,
    pub profit: Money,
    pub partner_commission_rate: Rate,
    pub partner_commission: Money,
    pub platform_fee_rate: Rate,
    pub platform_fee: Money,
    pub investor_pool: Money,
    /// The investor's capital in the deal that shared in this distribution.
    pub investment: Money,
    /// All the capital that shared in it: the pool's weights.
    pub active_capital: Money,
    pub share: Money,
    pub balance_before: Money,
    pub balance_after: Money,
    /// Every share of this deal credited to the investor up to and including this one.
    pub cumulative_to_date: Money,
}

impl DistributionNotice {
    /// Checks that the calculation adds up as printed: profit = commission + fee + pool, the
    /// share no more than the pool, the investment no more than the active capital, and the
    /// balance after = the balance before + the share.
    pub fn check(&self) -> Result<(), StatementError> {
        let currency = self.value.currency();
        let all = [
            self.high_water_mark,
            self.new_high_water_mark,
            self.profit,
            self.partner_commission,
            self.platform_fee,
            self.investor_pool,
            self.investment,
            self.active_capital,
            self.share,
            self.balance_before,
            self.balance_after,
            self.cumulative_to_date,
        ];
        if all.iter().any(|m| m.currency() != currency) {
            return Err(StatementError::invalid(format!(
                "notice {}: its amounts are not all in {currency}",
                self.notice_id
            )));
        }
        let minor = |m: Money| m.minor_units();
        let parts = minor(self.partner_commission) + minor(self.platform_fee);
        let adds_up = parts + minor(self.investor_pool) == minor(self.profit)
            && minor(self.share) <= minor(self.investor_pool)
            && minor(self.investment) <= minor(self.active_capital)
            && minor(self.balance_before) + minor(self.share) == minor(self.balance_after)
            && minor(self.share) <= minor(self.cumulative_to_date);
        if !adds_up {
            return Err(StatementError::DoesNotTie {
                statement_id: self.notice_id.clone(),
                made: format!("{} + {}", self.balance_before, self.share),
                ledger: self.balance_after.to_string(),
            });
        }
        Ok(())
    }

    /// The SHA-256 of everything the notice says, in a fixed order.
    pub fn digest(&self) -> [u8; 32] {
        let mut canon = Canon::new("distribution_notice");
        canon
            .text("notice_id", &self.notice_id)
            .text("issuer", &self.issuer.name)
            .id("investor_id", self.recipient.investor_id)
            .text("investor", &self.recipient.name)
            .id("deal_id", self.deal_id)
            .text("deal_name", &self.deal_name)
            .id("distribution_id", self.distribution_id)
            .date("value_date", self.value_date)
            .date("issued_on", self.issued_on)
            .money("value", self.value)
            .money("high_water_mark", self.high_water_mark)
            .money("new_high_water_mark", self.new_high_water_mark)
            .money("profit", self.profit)
            .text(
                "partner_commission_rate",
                &self.partner_commission_rate.to_string(),
            )
            .money("partner_commission", self.partner_commission)
            .text("platform_fee_rate", &self.platform_fee_rate.to_string())
            .money("platform_fee", self.platform_fee)
            .money("investor_pool", self.investor_pool)
            .money("investment", self.investment)
            .money("active_capital", self.active_capital)
            .money("share", self.share)
            .money("balance_before", self.balance_before)
            .money("balance_after", self.balance_after)
            .money("cumulative_to_date", self.cumulative_to_date);
        canon.finish()
    }
}
