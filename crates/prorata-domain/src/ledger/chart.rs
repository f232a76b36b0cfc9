//! The chart of accounts: every account code the flows book to is made here, once, from
//! typed ids (DESIGN §3). A use case never writes a code with `format!`.

use super::{AccountCode, AccountType};

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

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn only_what_is_owed_refuses_to_go_negative() {
        assert!(investor_payable(1).must_not_go_negative());
        assert!(partner_payable(1).must_not_go_negative());
        assert!(!deal_profit_receivable(1).must_not_go_negative());
        assert!(!platform_fee_income().must_not_go_negative());
    }
}
