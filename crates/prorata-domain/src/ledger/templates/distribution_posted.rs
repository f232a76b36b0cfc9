//! A distribution posted (DESIGN §5): Dr `deal:{id}:profit_receivable` the profit; Cr
//! `partner:{id}:payable` the commission; Cr `platform:fee_income` the fee; Cr
//! `investor:{id}:payable` each investor's shares, summed per investor.

use std::collections::BTreeMap;

use super::TemplateEntry;
use crate::ledger::chart::{
    deal_profit_receivable, investor_payable, partner_payable, platform_fee_income,
};
use crate::ledger::{LedgerError, Side};
use crate::money::Money;

/// What one distribution books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionPosted<'a> {
    pub deal_id: i64,
    pub partner_id: i64,
    pub profit: Money,
    pub partner_commission: Money,
    pub platform_fee: Money,
    /// Each share: the investor's id and the amount; an investor may hold several.
    pub shares: &'a [(i64, Money)],
}

pub fn distribution_posted(event: &DistributionPosted<'_>) -> Result<TemplateEntry, LedgerError> {
    let mut entry = TemplateEntry::new("distribution_posted");
    entry.leg(
        deal_profit_receivable(event.deal_id),
        Side::Debit,
        event.profit,
    );
    entry.leg(
        partner_payable(event.partner_id),
        Side::Credit,
        event.partner_commission,
    );
    entry.leg(platform_fee_income(), Side::Credit, event.platform_fee);
    let mut by_investor: BTreeMap<i64, Money> = BTreeMap::new();
    for &(investor_id, amount) in event.shares {
        let sum = match by_investor.get(&investor_id) {
            Some(sum) => sum
                .checked_add(amount)
                .map_err(|_| LedgerError::TotalsOverflow)?,
            None => amount,
        };
        by_investor.insert(investor_id, sum);
    }
    for (investor_id, amount) in by_investor {
        entry.leg(investor_payable(investor_id), Side::Credit, amount);
    }
    entry.balanced()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn usd(text: &str) -> Money {
        Money::parse(text, Currency::from_code("USD").expect("USD")).expect("an amount")
    }

    #[test]
    fn the_seed_distribution_books_one_balanced_entry_with_a_leg_per_party() {
        let shares = [(1, usd("312")), (2, usd("624")), (3, usd("624"))];
        let entry = distribution_posted(&DistributionPosted {
            deal_id: 9,
            partner_id: 4,
            profit: usd("2000"),
            partner_commission: usd("400"),
            platform_fee: usd("40"),
            shares: &shares,
        })
        .expect("it balances");
        let legs: Vec<_> = entry
            .legs
            .iter()
            .map(|l| (l.account.as_str(), l.side, l.amount.to_string()))
            .collect();
        assert_eq!(
            legs,
            vec![
                (
                    "deal:9:profit_receivable",
                    Side::Debit,
                    "2000.00".to_owned()
                ),
                ("partner:4:payable", Side::Credit, "400.00".to_owned()),
                ("platform:fee_income", Side::Credit, "40.00".to_owned()),
                ("investor:1:payable", Side::Credit, "312.00".to_owned()),
                ("investor:2:payable", Side::Credit, "624.00".to_owned()),
                ("investor:3:payable", Side::Credit, "624.00".to_owned()),
            ],
            "DESIGN §5's worked example, leg by leg"
        );
    }

    #[test]
    fn an_investor_with_two_investments_gets_one_leg_and_zero_parts_get_none() {
        let shares = [(1, usd("10")), (1, usd("5"))];
        let entry = distribution_posted(&DistributionPosted {
            deal_id: 1,
            partner_id: 1,
            profit: usd("15"),
            partner_commission: usd("0"),
            platform_fee: usd("0"),
            shares: &shares,
        })
        .expect("it balances");
        assert_eq!(entry.legs.len(), 2, "the receivable and one investor leg");
        assert_eq!(entry.legs[1].amount, usd("15"));
    }

    #[test]
    fn parts_that_do_not_add_up_to_the_profit_are_refused() {
        let shares = [(1, usd("10"))];
        let refused = distribution_posted(&DistributionPosted {
            deal_id: 1,
            partner_id: 1,
            profit: usd("11"),
            partner_commission: usd("0"),
            platform_fee: usd("0"),
            shares: &shares,
        });
        assert!(
            matches!(refused, Err(LedgerError::Unbalanced { .. })),
            "an unbalanced distribution is never handed to the store: {refused:?}"
        );
    }
}
