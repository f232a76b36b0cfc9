//! Community revenue (DESIGN §8), one entry per business event:
//! - a transaction recorded: Dr `gateway:{name}:clearing` the gross / Cr `tax:gst_payable` the
//!   GST and the platform fee's GST, Cr `gateway:{name}:fees` the gateway's fee and its GST,
//!   Cr `platform:fee_income` the platform's fee, Cr `member:{id}:wallet` each member's credit;
//! - a gateway's settlement: Dr `bank:{id}` what arrived, Dr `gateway:{name}:fees` what the
//!   gateway kept / Cr `gateway:{name}:clearing` the gross of what it settles.

use super::TemplateEntry;
use crate::ledger::chart::{
    bank, gateway_clearing, gateway_fees, gst_payable, member_wallet, platform_fee_income,
};
use crate::ledger::{LedgerError, Side};
use crate::money::Money;
use crate::revenue_split::{GatewayName, MemberCredit, RevenueSplit};

/// A revenue transaction as split and credited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueRecorded<'a> {
    pub gateway: &'a GatewayName,
    pub split: &'a RevenueSplit,
    pub credits: &'a [MemberCredit],
}

pub fn revenue_recorded(event: &RevenueRecorded<'_>) -> Result<TemplateEntry, LedgerError> {
    let split = event.split;
    assert!(split.conserves(), "a recorded split adds up to its gross");
    let mut entry = TemplateEntry::new("revenue_recorded");
    entry.leg(gateway_clearing(event.gateway), Side::Debit, split.gross);
    entry.leg(
        gst_payable(),
        Side::Credit,
        sum(split.gst, split.platform_fee_gst)?,
    );
    entry.leg(
        gateway_fees(event.gateway),
        Side::Credit,
        sum(split.gateway_fee, split.gateway_fee_gst)?,
    );
    entry.leg(platform_fee_income(), Side::Credit, split.platform_fee);
    for credit in event.credits {
        entry.leg(member_wallet(credit.member_id), Side::Credit, credit.amount);
    }
    entry.balanced()
}

/// A gateway paying what it collected into a bank account, less what it kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewaySettled<'a> {
    pub gateway: &'a GatewayName,
    pub bank_id: i64,
    /// The gross of the transactions settled.
    pub gross: Money,
    /// The gateway's fees and their GST on those transactions.
    pub fees: Money,
    /// What arrived in the bank: the gross less the fees.
    pub amount: Money,
}

pub fn gateway_settled(event: &GatewaySettled<'_>) -> Result<TemplateEntry, LedgerError> {
    assert!(!event.gross.is_zero(), "a settlement clears something");
    let mut entry = TemplateEntry::new("gateway_settled");
    entry.leg(bank(event.bank_id), Side::Debit, event.amount);
    entry.leg(gateway_fees(event.gateway), Side::Debit, event.fees);
    entry.leg(gateway_clearing(event.gateway), Side::Credit, event.gross);
    entry.balanced()
}

fn sum(a: Money, b: Money) -> Result<Money, LedgerError> {
    a.checked_add(b).map_err(|_| LedgerError::TotalsOverflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Rate};
    use crate::revenue_split::{CommunityRole, RoleShare, SplitTerms, split_revenue};

    fn inr(text: &str) -> Money {
        Money::parse(text, Currency::from_code("INR").expect("INR")).expect("money")
    }

    fn rate(text: &str) -> Rate {
        Rate::parse(text).expect("a rate")
    }

    fn legs(entry: &TemplateEntry) -> Vec<String> {
        entry
            .legs
            .iter()
            .map(|l| format!("{:?} {} {}", l.side, l.account.as_str(), l.amount))
            .collect()
    }

    #[test]
    fn the_sponsor_example_books_design_s_legs_and_its_settlement_clears_the_gateway() {
        let terms = SplitTerms {
            gst_rate: rate("0.18"),
            gateway_fee_rate: rate("0.02"),
            gateway_fixed_fee: inr("0"),
            gateway_fee_gst: true,
            platform_fee_rate: rate("0.12"),
            platform_fee_gst: false,
        };
        let roles = [RoleShare {
            id: CommunityRole::Owner,
            share: rate("1"),
        }];
        let split = split_revenue(inr("50000.00"), &terms, &roles).expect("splits");
        let credits = [MemberCredit {
            member_id: 4,
            role: CommunityRole::Owner,
            amount: split.net,
        }];
        let gateway = GatewayName::parse("razorpay").expect("a name");
        let entry = revenue_recorded(&RevenueRecorded {
            gateway: &gateway,
            split: &split,
            credits: &credits,
        })
        .expect("balanced");
        assert_eq!(
            legs(&entry),
            [
                "Debit gateway:razorpay:clearing 50000.00",
                "Credit tax:gst_payable 9000.00",
                "Credit gateway:razorpay:fees 967.60",
                "Credit platform:fee_income 4803.89",
                "Credit member:4:wallet 35228.51",
            ]
        );
        let settled = gateway_settled(&GatewaySettled {
            gateway: &gateway,
            bank_id: 1,
            gross: inr("50000.00"),
            fees: inr("967.60"),
            amount: inr("49032.40"),
        })
        .expect("balanced");
        assert_eq!(
            legs(&settled),
            [
                "Debit bank:1 49032.40",
                "Debit gateway:razorpay:fees 967.60",
                "Credit gateway:razorpay:clearing 50000.00",
            ]
        );
    }
}
