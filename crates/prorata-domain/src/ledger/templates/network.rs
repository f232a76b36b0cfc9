//! A distribution network's transactions (DESIGN §8, Commission schemes), one entry per
//! business event:
//! - a transaction recorded: Dr `service:{code}:commission_pool` the commission total /
//!   Cr `member:{id}:commission_payable` each upline member's part;
//! - a transaction reversed: the same legs, sides swapped.

use super::TemplateEntry;
use crate::commission::ServiceCode;
use crate::ledger::chart::{member_commission_payable, service_commission_pool};
use crate::ledger::{LedgerError, Side};
use crate::money::Money;

/// A network transaction's commissions: the total and each member's part, which add up to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkCommissioned<'a> {
    pub service: &'a ServiceCode,
    pub total: Money,
    /// Each upline member's id and part; a zero part books nothing.
    pub parts: &'a [(i64, Money)],
}

pub fn network_commissioned(event: &NetworkCommissioned<'_>) -> Result<TemplateEntry, LedgerError> {
    commission_legs("network_commissioned", event, [Side::Debit, Side::Credit])
}

/// The reversal of a transaction's commissions: every leg of its entry on the other side.
pub fn network_commission_reversed(
    event: &NetworkCommissioned<'_>,
) -> Result<TemplateEntry, LedgerError> {
    commission_legs(
        "network_commission_reversed",
        event,
        [Side::Credit, Side::Debit],
    )
}

fn commission_legs(
    kind: &'static str,
    event: &NetworkCommissioned<'_>,
    [pool_side, member_side]: [Side; 2],
) -> Result<TemplateEntry, LedgerError> {
    assert!(
        !event.total.is_zero(),
        "a commissioned transaction earns something"
    );
    let mut entry = TemplateEntry::new(kind);
    entry.leg(
        service_commission_pool(event.service),
        pool_side,
        event.total,
    );
    for &(member_id, amount) in event.parts {
        entry.leg(member_commission_payable(member_id), member_side, amount);
    }
    entry.balanced()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn inr(text: &str) -> Money {
        Money::parse(text, Currency::from_code("INR").expect("INR")).expect("money")
    }

    #[test]
    fn a_transaction_debits_its_services_pool_and_credits_each_members_part_and_its_reversal_swaps_them()
     {
        let topup = ServiceCode::parse("topup").expect("a code");
        let parts = [(3, inr("1.50")), (2, inr("0.00")), (1, inr("0.50"))];
        let event = NetworkCommissioned {
            service: &topup,
            total: inr("2.00"),
            parts: &parts,
        };
        let booked = network_commissioned(&event).expect("balanced");
        let legs: Vec<(String, Side, String)> = booked
            .legs
            .iter()
            .map(|l| (l.account.to_string(), l.side, l.amount.to_string()))
            .collect();
        assert_eq!(
            legs,
            [
                (
                    "service:topup:commission_pool".to_owned(),
                    Side::Debit,
                    "2.00".to_owned()
                ),
                (
                    "member:3:commission_payable".to_owned(),
                    Side::Credit,
                    "1.50".to_owned()
                ),
                (
                    "member:1:commission_payable".to_owned(),
                    Side::Credit,
                    "0.50".to_owned()
                ),
            ]
        );
        let reversed = network_commission_reversed(&event).expect("balanced");
        assert!(
            reversed
                .legs
                .iter()
                .zip(&booked.legs)
                .all(|(r, b)| r.account == b.account && r.amount == b.amount && r.side != b.side)
        );
        let short = NetworkCommissioned {
            total: inr("2.01"),
            ..event
        };
        assert!(
            network_commissioned(&short).is_err(),
            "parts short of the total"
        );
    }
}
