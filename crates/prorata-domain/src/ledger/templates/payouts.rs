//! Money in and out of the organisation's bank accounts (DESIGN §6):
//! - a remittance: Dr `bank:{id}` / Cr the deal's profit or proceeds receivable;
//! - a withdrawal's hold (booked pending): Dr the payee's payable / Cr `payout:clearing`,
//!   so the amount is no longer available, and posted as it is once the bank has paid;
//! - the payment itself, in the same transaction: Dr `payout:clearing` / Cr `bank:{id}`.

use super::TemplateEntry;
use crate::ledger::chart::{
    ChartAccount, bank, deal_proceeds_receivable, deal_profit_receivable, payout_clearing,
};
use crate::ledger::{LedgerError, Side};
use crate::money::Money;
use crate::payout::RemittanceKind;

/// Cash a deal's partner or operator paid into a bank account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemittanceReceived {
    pub deal_id: i64,
    pub bank_id: i64,
    pub kind: RemittanceKind,
    pub amount: Money,
}

/// The receivable a remittance of this kind settles.
pub fn remitted_receivable(deal_id: i64, kind: RemittanceKind) -> ChartAccount {
    match kind {
        RemittanceKind::Profit => deal_profit_receivable(deal_id),
        RemittanceKind::Proceeds => deal_proceeds_receivable(deal_id),
    }
}

pub fn remittance_received(event: &RemittanceReceived) -> Result<TemplateEntry, LedgerError> {
    assert!(!event.amount.is_zero(), "a remittance moves money");
    let mut entry = TemplateEntry::new("remittance_received");
    entry.leg(bank(event.bank_id), Side::Debit, event.amount);
    entry.leg(
        remitted_receivable(event.deal_id, event.kind),
        Side::Credit,
        event.amount,
    );
    entry.balanced()
}

/// A withdrawal request's hold on its payee's payable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalHeld {
    pub payable: ChartAccount,
    pub amount: Money,
}

pub fn withdrawal_held(event: &WithdrawalHeld) -> Result<TemplateEntry, LedgerError> {
    assert!(!event.amount.is_zero(), "a withdrawal moves money");
    assert!(
        event.payable.must_not_go_negative(),
        "a withdrawal draws on what is owed"
    );
    let mut entry = TemplateEntry::new("withdrawal_held");
    entry.leg(event.payable.clone(), Side::Debit, event.amount);
    entry.leg(payout_clearing(), Side::Credit, event.amount);
    entry.balanced()
}

/// What the bank paid of a withdrawal: the reserved money leaves the bank account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutPaid {
    pub bank_id: i64,
    pub amount: Money,
}

pub fn payout_paid(event: &PayoutPaid) -> Result<TemplateEntry, LedgerError> {
    assert!(!event.amount.is_zero(), "a payment moves money");
    let mut entry = TemplateEntry::new("payout_paid");
    entry.leg(payout_clearing(), Side::Debit, event.amount);
    entry.leg(bank(event.bank_id), Side::Credit, event.amount);
    entry.balanced()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::chart::investor_payable;
    use crate::money::Currency;

    fn usd(text: &str) -> Money {
        Money::parse(text, Currency::from_code("USD").expect("USD")).expect("an amount")
    }

    fn legs(entry: &TemplateEntry) -> Vec<(&str, Side, String)> {
        entry
            .legs
            .iter()
            .map(|l| (l.account.as_str(), l.side, l.amount.to_string()))
            .collect()
    }

    #[test]
    fn a_remittance_of_profit_debits_the_bank_and_settles_the_profit_receivable() {
        let entry = remittance_received(&RemittanceReceived {
            deal_id: 4,
            bank_id: 2,
            kind: RemittanceKind::Profit,
            amount: usd("440.00"),
        })
        .expect("it balances");
        assert_eq!(entry.kind, "remittance_received");
        assert_eq!(
            legs(&entry),
            vec![
                ("bank:2", Side::Debit, "440.00".to_owned()),
                (
                    "deal:4:profit_receivable",
                    Side::Credit,
                    "440.00".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_remittance_of_proceeds_settles_the_proceeds_receivable() {
        let entry = remittance_received(&RemittanceReceived {
            deal_id: 4,
            bank_id: 2,
            kind: RemittanceKind::Proceeds,
            amount: usd("1.00"),
        })
        .expect("it balances");
        assert_eq!(entry.legs[1].account.as_str(), "deal:4:proceeds_receivable");
    }

    #[test]
    fn a_payment_empties_clearing_into_the_bank() {
        let entry = payout_paid(&PayoutPaid {
            bank_id: 3,
            amount: usd("100.00"),
        })
        .expect("it balances");
        assert_eq!(
            legs(&entry),
            vec![
                ("payout:clearing", Side::Debit, "100.00".to_owned()),
                ("bank:3", Side::Credit, "100.00".to_owned()),
            ]
        );
    }

    #[test]
    fn a_hold_takes_the_amount_from_the_payable_into_clearing() {
        let entry = withdrawal_held(&WithdrawalHeld {
            payable: investor_payable(7),
            amount: usd("100.00"),
        })
        .expect("it balances");
        assert_eq!(
            legs(&entry),
            vec![
                ("investor:7:payable", Side::Debit, "100.00".to_owned()),
                ("payout:clearing", Side::Credit, "100.00".to_owned()),
            ]
        );
    }
}
