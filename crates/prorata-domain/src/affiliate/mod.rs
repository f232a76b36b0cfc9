//! Affiliates of a program (DESIGN §8, Affiliates): a sale brought by an affiliate earns it
//! the DIRECT commission at the program's base rate, and its parent, if it has one, the
//! OVERRIDE commission at the override rate; both rates are set by an admin, versioned by
//! the day they take effect. Programs have a status: only an active one takes new business.
//!
//! Nothing here reads a store.

use crate::states::state;
use crate::{Money, Rate};

state!(
    AffiliateError,
    /// A program's status: an active program takes new business; a paused one takes none
    /// until it is resumed; a closed one never again. Reads and payouts work in all three.
    ProgramStatus {
        Active => "active",
        Paused => "paused",
        Closed => "closed",
    }
);

impl ProgramStatus {
    /// Whether a program may go from this status to `to`: a closed program stays closed, and
    /// a change changes something.
    pub fn may_become(self, to: ProgramStatus) -> bool {
        self != to && self != ProgramStatus::Closed
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AffiliateError {
    #[error("\"{0}\" is not a status: active, paused or closed")]
    UnknownStatus(String),
    #[error("the direct rate {direct} and the override rate {over} add up to more than the sale")]
    RatesAboveWhole { direct: Rate, over: Rate },
    #[error("a sale is more than zero")]
    NotPositive,
}

/// The program's affiliate rates in effect on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AffiliateRates {
    /// The referring affiliate's part of a sale.
    pub direct: Rate,
    /// Its parent's part of the same sale.
    pub over: Rate,
}

impl AffiliateRates {
    /// Rates whose commissions never exceed the sale.
    pub fn new(direct: Rate, over: Rate) -> Result<AffiliateRates, AffiliateError> {
        if direct.as_decimal() + over.as_decimal() > rust_decimal::Decimal::ONE {
            return Err(AffiliateError::RatesAboveWhole { direct, over });
        }
        Ok(AffiliateRates { direct, over })
    }
}

/// What a sale earns: the direct commission, and the override where the affiliate has a
/// parent (zero where it has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaleCommissions {
    pub direct: Money,
    pub over: Money,
}

impl SaleCommissions {
    pub fn total(&self) -> Money {
        self.direct
            .checked_add(self.over)
            .expect("two parts of one sale add up within bounds")
    }
}

/// Each rate of the sale's amount, rounded half up; the override only with a parent, and
/// never more than the direct commission leaves of the sale (rates of 100% between them must
/// not round up past it).
pub fn sale_commissions(
    amount: Money,
    rates: AffiliateRates,
    has_parent: bool,
) -> Result<SaleCommissions, AffiliateError> {
    if amount.is_zero() || amount.is_negative() {
        return Err(AffiliateError::NotPositive);
    }
    let direct = rates.direct.apply_half_up(amount);
    let over = if has_parent {
        let left = amount.minor_units() - direct.minor_units();
        let over = rates.over.apply_half_up(amount);
        if over.minor_units() > left {
            Money::from_minor_units(left, amount.currency()).expect("within the sale")
        } else {
            over
        }
    } else {
        Money::zero(amount.currency())
    };
    let commissions = SaleCommissions { direct, over };
    assert!(commissions.total().minor_units() <= amount.minor_units());
    Ok(commissions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;

    fn usd(text: &str) -> Money {
        Money::parse(text, Currency::from_code("USD").expect("USD")).expect("money")
    }

    fn rate(text: &str) -> Rate {
        Rate::parse(text).expect("a rate")
    }

    #[test]
    fn a_sale_earns_the_direct_rate_and_the_parent_the_override_each_rounded_half_up() {
        let rates = AffiliateRates::new(rate("0.10"), rate("0.025")).expect("rates");
        let earned = sale_commissions(usd("199.90"), rates, true).expect("earned");
        assert_eq!((earned.direct, earned.over), (usd("19.99"), usd("5.00")));
        assert_eq!(earned.total(), usd("24.99"));
        let alone = sale_commissions(usd("199.90"), rates, false).expect("earned");
        assert_eq!((alone.direct, alone.over), (usd("19.99"), usd("0.00")));
        assert_eq!(
            sale_commissions(usd("0.00"), rates, true),
            Err(AffiliateError::NotPositive)
        );
    }

    #[test]
    fn rates_adding_up_to_more_than_the_sale_are_refused() {
        assert_eq!(
            AffiliateRates::new(rate("0.8"), rate("0.3")),
            Err(AffiliateError::RatesAboveWhole {
                direct: rate("0.8"),
                over: rate("0.3")
            })
        );
        let whole = AffiliateRates::new(rate("0.5"), rate("0.5")).expect("rates");
        let earned = sale_commissions(usd("0.01"), whole, true).expect("earned");
        assert_eq!(
            (earned.direct, earned.over),
            (usd("0.01"), usd("0.00")),
            "never past the sale"
        );
    }

    #[test]
    fn a_closed_program_stays_closed_and_a_paused_one_resumes() {
        use ProgramStatus::{Active, Closed, Paused};
        assert!(Active.may_become(Paused) && Paused.may_become(Active));
        assert!(Active.may_become(Closed) && Paused.may_become(Closed));
        assert!(!Closed.may_become(Active) && !Closed.may_become(Paused));
        assert!(!Active.may_become(Active));
    }
}
