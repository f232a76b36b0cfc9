//! An LP distribution event approved (DESIGN §8): the deal's operator owes the proceeds
//! (Dr `deal:{id}:proceeds_receivable`, the total) and each holder is owed their allocation
//! (Cr `investor:{id}:payable`). An allocation of zero books nothing.

use super::TemplateEntry;
use crate::ledger::chart::{deal_proceeds_receivable, investor_payable};
use crate::ledger::{LedgerError, Side};
use crate::lp::UnitAllocation;
use crate::money::Money;

/// The event's proceeds as allocated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventApproved<'a> {
    pub deal_id: i64,
    pub total: Money,
    pub allocations: &'a [UnitAllocation],
}

pub fn event_approved(event: &EventApproved<'_>) -> Result<TemplateEntry, LedgerError> {
    assert!(!event.total.is_zero(), "an event shares proceeds");
    let mut entry = TemplateEntry::new("lp_event_approved");
    entry.leg(
        deal_proceeds_receivable(event.deal_id),
        Side::Debit,
        event.total,
    );
    for allocation in event.allocations {
        assert_eq!(allocation.amount.currency(), event.total.currency());
        entry.leg(
            investor_payable(allocation.investor_id),
            Side::Credit,
            allocation.amount,
        );
    }
    entry.balanced()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Currency, Units};

    #[test]
    fn the_proceeds_receivable_pays_each_holders_payable_and_balances() {
        let ngn = Currency::from_code("NGN").expect("NGN");
        let money = |t: &str| Money::parse(t, ngn).expect("money");
        let allocations = [
            UnitAllocation {
                investor_id: 3,
                units: Units::parse("1").expect("u"),
                amount: money("700.00"),
            },
            UnitAllocation {
                investor_id: 9,
                units: Units::parse("0.0000001").expect("u"),
                amount: money("0.00"),
            },
            UnitAllocation {
                investor_id: 4,
                units: Units::parse("2").expect("u"),
                amount: money("300.00"),
            },
        ];
        let entry = event_approved(&EventApproved {
            deal_id: 2,
            total: money("1000.00"),
            allocations: &allocations,
        })
        .expect("balanced");
        let legs: Vec<String> = entry
            .legs
            .iter()
            .map(|l| format!("{:?} {} {}", l.side, l.account.as_str(), l.amount))
            .collect();
        assert_eq!(
            legs,
            [
                "Debit deal:2:proceeds_receivable 1000.00",
                "Credit investor:3:payable 700.00",
                "Credit investor:4:payable 300.00",
            ]
        );
    }
}
