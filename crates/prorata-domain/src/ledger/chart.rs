//! The chart of accounts: every account code the flows book to is made here, once, from
//! typed ids (DESIGN §3). A use case never writes a code with `format!`.

use super::{AccountCode, AccountType};
use crate::commission::ServiceCode;
use crate::revenue_split::GatewayName;

/// An account of the chart: its code and its type (which fixes its normal side).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChartAccount {
    pub code: AccountCode,
    pub account_type: AccountType,
}

impl ChartAccount {
    fn new(code: String, account_type: AccountType) -> ChartAccount {
        // Families and ids as written here always make a valid code.
        debug_assert!(AccountCode::parse(&code).is_ok(), "{code} is a valid code");
        ChartAccount {
            code: AccountCode(code),
            account_type,
        }
    }

    /// What is owed can never be paid below zero: every liability refuses to go negative.
    pub fn must_not_go_negative(&self) -> bool {
        self.account_type == AccountType::Liability
    }
}

/// What a deal's partner owes of the profit booked for the deal (`deal:{id}:profit_receivable`).
pub fn deal_profit_receivable(deal_id: i64) -> ChartAccount {
    ChartAccount::new(
        format!("deal:{deal_id}:profit_receivable"),
        AccountType::Asset,
    )
}

/// What a deal's operator owes of the proceeds its LP events booked
/// (`deal:{id}:proceeds_receivable`).
pub fn deal_proceeds_receivable(deal_id: i64) -> ChartAccount {
    ChartAccount::new(
        format!("deal:{deal_id}:proceeds_receivable"),
        AccountType::Asset,
    )
}

/// Money withdrawn from payables and reserved for payees until their bank confirms the
/// payment (`payout:clearing`): a withdrawal's hold credits it, the payment empties it
/// into the bank.
pub fn payout_clearing() -> ChartAccount {
    ChartAccount::new("payout:clearing".to_owned(), AccountType::Liability)
}

/// What the program owes a partner (`partner:{id}:payable`).
pub fn partner_payable(partner_id: i64) -> ChartAccount {
    ChartAccount::new(
        format!("partner:{partner_id}:payable"),
        AccountType::Liability,
    )
}

/// What the program owes an investor (`investor:{id}:payable`).
pub fn investor_payable(investor_id: i64) -> ChartAccount {
    ChartAccount::new(
        format!("investor:{investor_id}:payable"),
        AccountType::Liability,
    )
}

/// The platform's fees earned (`platform:fee_income`).
pub fn platform_fee_income() -> ChartAccount {
    ChartAccount::new("platform:fee_income".to_owned(), AccountType::Income)
}

/// An organisation bank account (`bank:{id}`).
pub fn bank(bank_id: i64) -> ChartAccount {
    ChartAccount::new(format!("bank:{bank_id}"), AccountType::Asset)
}

/// GST collected and owed to the tax authority (`tax:gst_payable`).
pub fn gst_payable() -> ChartAccount {
    ChartAccount::new("tax:gst_payable".to_owned(), AccountType::Liability)
}

/// What a community member is owed of their community's revenue (`member:{id}:wallet`).
pub fn member_wallet(member_id: i64) -> ChartAccount {
    ChartAccount::new(format!("member:{member_id}:wallet"), AccountType::Liability)
}

/// What a payment gateway collected for the program and has not yet paid into a bank
/// (`gateway:{name}:clearing`).
pub fn gateway_clearing(gateway: &GatewayName) -> ChartAccount {
    ChartAccount::new(format!("gateway:{gateway}:clearing"), AccountType::Asset)
}

/// What a payment gateway keeps of what it collected, its fee and the fee's GST, until it
/// settles (`gateway:{name}:fees`).
pub fn gateway_fees(gateway: &GatewayName) -> ChartAccount {
    ChartAccount::new(format!("gateway:{gateway}:fees"), AccountType::Liability)
}

/// What a network's service has paid in commissions on its transactions
/// (`service:{code}:commission_pool`): the cost of selling it through the network.
pub fn service_commission_pool(service: &ServiceCode) -> ChartAccount {
    ChartAccount::new(
        format!("service:{service}:commission_pool"),
        AccountType::Expense,
    )
}

/// What the program owes a network member of the commissions its downline's transactions
/// earned it (`member:{id}:commission_payable`). A community member's wallet is
/// `member:{id}:wallet`: the suffix tells the two kinds of member apart.
pub fn member_commission_payable(member_id: i64) -> ChartAccount {
    ChartAccount::new(
        format!("member:{member_id}:commission_payable"),
        AccountType::Liability,
    )
}

/// What the program has paid its affiliates in commissions on their sales
/// (`program:commission_expense`).
pub fn program_commission_expense() -> ChartAccount {
    ChartAccount::new(
        "program:commission_expense".to_owned(),
        AccountType::Expense,
    )
}

/// What the program owes an affiliate of its commissions (`affiliate:{id}:payable`).
pub fn affiliate_payable(affiliate_id: i64) -> ChartAccount {
    ChartAccount::new(
        format!("affiliate:{affiliate_id}:payable"),
        AccountType::Liability,
    )
}

/// Which account of the chart a code is, read back from the code: the inverse of the
/// functions above, so that a screen can say whose an account is without parsing codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountFamily {
    DealProfitReceivable { deal_id: i64 },
    DealProceedsReceivable { deal_id: i64 },
    PartnerPayable { partner_id: i64 },
    InvestorPayable { investor_id: i64 },
    PlatformFeeIncome,
    Bank { bank_id: i64 },
    PayoutClearing,
    GstPayable,
    MemberWallet { member_id: i64 },
    MemberCommissionPayable { member_id: i64 },
    ProgramCommissionExpense,
    AffiliatePayable { affiliate_id: i64 },
}

impl AccountFamily {
    /// The family of a code the chart makes; `None` for any other code (an account opened by
    /// hand, a family of a later version).
    pub fn of(code: &str) -> Option<AccountFamily> {
        let parts: Vec<&str> = code.splitn(4, ':').collect();
        // Ids are written by the chart in decimal without sign or leading zero.
        let id = |text: &str| -> Option<i64> {
            let canonical = !text.is_empty()
                && text.bytes().all(|b| b.is_ascii_digit())
                && (text == "0" || !text.starts_with('0'));
            if canonical { text.parse().ok() } else { None }
        };
        let family = match parts.as_slice() {
            ["deal", deal, "profit_receivable"] => {
                AccountFamily::DealProfitReceivable { deal_id: id(deal)? }
            }
            ["deal", deal, "proceeds_receivable"] => {
                AccountFamily::DealProceedsReceivable { deal_id: id(deal)? }
            }
            ["partner", partner, "payable"] => AccountFamily::PartnerPayable {
                partner_id: id(partner)?,
            },
            ["investor", investor, "payable"] => AccountFamily::InvestorPayable {
                investor_id: id(investor)?,
            },
            ["platform", "fee_income"] => AccountFamily::PlatformFeeIncome,
            ["bank", bank] => AccountFamily::Bank { bank_id: id(bank)? },
            ["payout", "clearing"] => AccountFamily::PayoutClearing,
            ["tax", "gst_payable"] => AccountFamily::GstPayable,
            ["member", member, "wallet"] => AccountFamily::MemberWallet {
                member_id: id(member)?,
            },
            ["member", member, "commission_payable"] => AccountFamily::MemberCommissionPayable {
                member_id: id(member)?,
            },
            ["program", "commission_expense"] => AccountFamily::ProgramCommissionExpense,
            ["affiliate", affiliate, "payable"] => AccountFamily::AffiliatePayable {
                affiliate_id: id(affiliate)?,
            },
            // A gateway's or a service's accounts carry its name, not an id: they have no family here.
            _ => return None,
        };
        debug_assert_eq!(family.account().code.as_str(), code, "the round trip holds");
        Some(family)
    }

    /// The chart's account of this family.
    pub fn account(self) -> ChartAccount {
        match self {
            AccountFamily::DealProfitReceivable { deal_id } => deal_profit_receivable(deal_id),
            AccountFamily::PartnerPayable { partner_id } => partner_payable(partner_id),
            AccountFamily::InvestorPayable { investor_id } => investor_payable(investor_id),
            AccountFamily::PlatformFeeIncome => platform_fee_income(),
            AccountFamily::Bank { bank_id } => bank(bank_id),
            AccountFamily::DealProceedsReceivable { deal_id } => deal_proceeds_receivable(deal_id),
            AccountFamily::PayoutClearing => payout_clearing(),
            AccountFamily::GstPayable => gst_payable(),
            AccountFamily::MemberWallet { member_id } => member_wallet(member_id),
            AccountFamily::MemberCommissionPayable { member_id } => {
                member_commission_payable(member_id)
            }
            AccountFamily::ProgramCommissionExpense => program_commission_expense(),
            AccountFamily::AffiliatePayable { affiliate_id } => affiliate_payable(affiliate_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_chart_writes_the_codes_of_design_section_3() {
        assert_eq!(
            deal_profit_receivable(7).code.as_str(),
            "deal:7:profit_receivable"
        );
        assert_eq!(partner_payable(3).code.as_str(), "partner:3:payable");
        assert_eq!(investor_payable(42).code.as_str(), "investor:42:payable");
        assert_eq!(platform_fee_income().code.as_str(), "platform:fee_income");
        assert_eq!(bank(1).code.as_str(), "bank:1");
        assert_eq!(
            deal_proceeds_receivable(7).code.as_str(),
            "deal:7:proceeds_receivable"
        );
        assert_eq!(payout_clearing().code.as_str(), "payout:clearing");
        assert_eq!(gst_payable().code.as_str(), "tax:gst_payable");
        assert_eq!(member_wallet(5).code.as_str(), "member:5:wallet");
        assert_eq!(
            member_commission_payable(5).code.as_str(),
            "member:5:commission_payable"
        );
        assert_eq!(
            program_commission_expense().code.as_str(),
            "program:commission_expense"
        );
        assert_eq!(affiliate_payable(8).code.as_str(), "affiliate:8:payable");
        let topup = ServiceCode::parse("topup").expect("a code");
        assert_eq!(
            service_commission_pool(&topup).code.as_str(),
            "service:topup:commission_pool"
        );
        let razorpay = GatewayName::parse("razorpay").expect("a name");
        assert_eq!(
            gateway_clearing(&razorpay).code.as_str(),
            "gateway:razorpay:clearing"
        );
        assert_eq!(
            gateway_fees(&razorpay).code.as_str(),
            "gateway:razorpay:fees"
        );
    }

    #[test]
    fn only_what_is_owed_refuses_to_go_negative() {
        assert!(investor_payable(1).must_not_go_negative());
        assert!(partner_payable(1).must_not_go_negative());
        assert!(!deal_profit_receivable(1).must_not_go_negative());
        assert!(!platform_fee_income().must_not_go_negative());
    }

    #[test]
    fn a_code_the_chart_does_not_make_has_no_family() {
        for code in [
            "cash",
            "investor:x:payable",
            "investor:01:payable",
            "investor:-1:payable",
            "investor:1:payable:extra",
            "investor:1",
            "deal:1:payable",
            "platform:fee_income:usd",
            "bank:",
        ] {
            assert_eq!(AccountFamily::of(code), None, "{code}");
        }
    }

    proptest! {
        #[test]
        fn every_code_the_chart_makes_reads_back_as_its_family(id in 0i64..=i64::MAX, pick in 0u8..12) {
            let family = match pick {
                0 => AccountFamily::DealProfitReceivable { deal_id: id },
                1 => AccountFamily::PartnerPayable { partner_id: id },
                2 => AccountFamily::InvestorPayable { investor_id: id },
                3 => AccountFamily::PlatformFeeIncome,
                4 => AccountFamily::Bank { bank_id: id },
                5 => AccountFamily::DealProceedsReceivable { deal_id: id },
                6 => AccountFamily::GstPayable,
                7 => AccountFamily::MemberWallet { member_id: id },
                8 => AccountFamily::MemberCommissionPayable { member_id: id },
                9 => AccountFamily::ProgramCommissionExpense,
                10 => AccountFamily::AffiliatePayable { affiliate_id: id },
                _ => AccountFamily::PayoutClearing,
            };
            let account = family.account();
            prop_assert_eq!(AccountFamily::of(account.code.as_str()), Some(family));
        }
    }
}
