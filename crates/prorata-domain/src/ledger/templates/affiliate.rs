//! An affiliate's sale (DESIGN §8, Affiliates), one entry: Dr `program:commission_expense`
//! both commissions / Cr `affiliate:{id}:payable` the direct commission to the referring
//! affiliate and the override to its parent.

use super::TemplateEntry;
use crate::affiliate::SaleCommissions;
use crate::ledger::chart::{affiliate_payable, program_commission_expense};
use crate::ledger::{LedgerError, Side};

/// A sale's commissions and whom they go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AffiliateSaleRecorded {
    pub affiliate_id: i64,
    /// The referring affiliate's parent, which earns the override.
    pub parent_id: Option<i64>,
    pub commissions: SaleCommissions,
}

pub fn affiliate_sale_recorded(
    event: &AffiliateSaleRecorded,
) -> Result<TemplateEntry, LedgerError> {
    let c = event.commissions;
    assert!(!c.total().is_zero(), "a recorded sale earns something");
    assert!(
        event.parent_id.is_some() || c.over.is_zero(),
        "an override needs a parent"
    );
    let mut entry = TemplateEntry::new("affiliate_sale_recorded");
    entry.leg(program_commission_expense(), Side::Debit, c.total());
    entry.leg(
        affiliate_payable(event.affiliate_id),
        Side::Credit,
        c.direct,
    );
    if let Some(parent) = event.parent_id {
        entry.leg(affiliate_payable(parent), Side::Credit, c.over);
    }
    entry.balanced()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Currency, Money};

    #[test]
    fn a_sale_books_both_commissions_as_the_programs_expense() {
        let usd =
            |t: &str| Money::parse(t, Currency::from_code("USD").expect("USD")).expect("money");
        let event = AffiliateSaleRecorded {
            affiliate_id: 5,
            parent_id: Some(2),
            commissions: SaleCommissions {
                direct: usd("19.99"),
                over: usd("5.00"),
            },
        };
        let legs: Vec<(String, Side, String)> = affiliate_sale_recorded(&event)
            .expect("balanced")
            .legs
            .iter()
            .map(|l| (l.account.to_string(), l.side, l.amount.to_string()))
            .collect();
        assert_eq!(
            legs,
            [
                (
                    "program:commission_expense".to_owned(),
                    Side::Debit,
                    "24.99".to_owned()
                ),
                (
                    "affiliate:5:payable".to_owned(),
                    Side::Credit,
                    "19.99".to_owned()
                ),
                (
                    "affiliate:2:payable".to_owned(),
                    Side::Credit,
                    "5.00".to_owned()
                ),
            ]
        );
    }
}
