//! An event's allocations: its total split over the holders of the deal's units at the
//! snapshot date by the allocation rule (DESIGN §2), and each allocation's position as money
//! is drawn on it. Always: allocated = withdrawn + pending + available.

use chrono::NaiveDate;

use super::LpError;
use crate::money::Money;
use crate::states::state;
use crate::{Units, Weight, allocate};

state!(
    LpError,
    /// How much of an allocation has been paid out. An allocation of zero has nothing to
    /// withdraw: it is fully withdrawn from the start.
    AllocationStatus {
        Allocated => "allocated",
        PartiallyWithdrawn => "partially_withdrawn",
        FullyWithdrawn => "fully_withdrawn",
    }
);

/// A holder's units at the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HolderUnits {
    pub investor_id: i64,
    pub units: Units,
}

/// A holder's allocation: their units and their part of the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitAllocation {
    pub investor_id: i64,
    pub units: Units,
    pub amount: Money,
}

/// Splits `total` over the holders by their units; the parts add up to `total` exactly.
/// Holders of no units are left out; none left is [`LpError::NoUnitsOutstanding`].
pub fn allocate_by_units(
    total: Money,
    snapshot: NaiveDate,
    holders: &[HolderUnits],
) -> Result<(Units, Vec<UnitAllocation>), LpError> {
    let held: Vec<&HolderUnits> = holders.iter().filter(|h| !h.units.is_zero()).collect();
    let total_units = held
        .iter()
        .try_fold(Units::zero(), |sum, h| sum.checked_add(h.units))
        .ok_or(LpError::Overflow)?;
    if total_units.is_zero() {
        return Err(LpError::NoUnitsOutstanding(snapshot));
    }
    let weights: Vec<Weight<i64>> = held
        .iter()
        .map(|h| Weight {
            id: h.investor_id,
            weight: h.units.as_decimal(),
        })
        .collect();
    let amounts = allocate(total, &weights)?;
    assert_eq!(amounts.len(), held.len(), "one amount per holder");
    let allocations: Vec<UnitAllocation> = held
        .iter()
        .zip(amounts)
        .map(|(h, amount)| UnitAllocation {
            investor_id: h.investor_id,
            units: h.units,
            amount,
        })
        .collect();
    let sum: i128 = allocations.iter().map(|a| a.amount.minor_units()).sum();
    assert_eq!(
        sum,
        total.minor_units(),
        "the allocations conserve the total"
    );
    Ok((total_units, allocations))
}

/// Where an allocation stands: what was allocated, withdrawn (paid), pending (requested and
/// not yet paid, failed, rejected or cancelled) and still available, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocationPosition {
    pub amount_minor: i64,
    pub withdrawn_minor: i64,
    pub pending_minor: i64,
    pub available_minor: i64,
}

impl AllocationPosition {
    /// A fresh allocation: all of it available.
    pub fn new(amount_minor: i64) -> AllocationPosition {
        assert!(amount_minor >= 0, "an allocation is never negative");
        AllocationPosition {
            amount_minor,
            withdrawn_minor: 0,
            pending_minor: 0,
            available_minor: amount_minor,
        }
    }

    /// Whether the parts add up: allocated = withdrawn + pending + available, none negative.
    pub fn holds(&self) -> bool {
        let parts = [
            self.withdrawn_minor,
            self.pending_minor,
            self.available_minor,
        ];
        parts.iter().all(|p| *p >= 0)
            && parts.iter().map(|p| i128::from(*p)).sum::<i128>() == i128::from(self.amount_minor)
    }

    /// A withdrawal of `amount` requested against allocation `id`: held as pending, refused
    /// beyond what is available.
    pub fn requested(self, id: i64, amount: Money) -> Result<AllocationPosition, LpError> {
        let minor = i64::try_from(amount.minor_units()).map_err(|_| LpError::Overflow)?;
        if minor <= 0 {
            return Err(LpError::Zero);
        }
        if minor > self.available_minor {
            let available = Money::from_minor_units(self.available_minor.into(), amount.currency())
                .map_err(|_| LpError::Overflow)?;
            return Err(LpError::BeyondAvailable {
                allocation: id,
                amount,
                available,
            });
        }
        self.moved(minor, 0, -minor)
    }

    /// A pending withdrawal of `minor` paid by the bank.
    pub fn paid(self, minor: i64) -> AllocationPosition {
        assert!(
            minor > 0 && minor <= self.pending_minor,
            "only what is pending is paid"
        );
        self.moved(-minor, minor, 0).expect("checked above")
    }

    /// A pending withdrawal of `minor` rejected, cancelled or failed: available again.
    pub fn released(self, minor: i64) -> AllocationPosition {
        assert!(
            minor > 0 && minor <= self.pending_minor,
            "only what is pending is released"
        );
        self.moved(-minor, 0, minor).expect("checked above")
    }

    fn moved(
        self,
        pending: i64,
        withdrawn: i64,
        available: i64,
    ) -> Result<AllocationPosition, LpError> {
        let next = AllocationPosition {
            amount_minor: self.amount_minor,
            pending_minor: self.pending_minor + pending,
            withdrawn_minor: self.withdrawn_minor + withdrawn,
            available_minor: self.available_minor + available,
        };
        assert!(next.holds(), "allocated = withdrawn + pending + available");
        Ok(next)
    }

    pub fn status(&self) -> AllocationStatus {
        if self.withdrawn_minor == self.amount_minor {
            AllocationStatus::FullyWithdrawn
        } else if self.withdrawn_minor == 0 {
            AllocationStatus::Allocated
        } else {
            AllocationStatus::PartiallyWithdrawn
        }
    }

    /// Whether anything was ever paid or is pending against it.
    pub fn drawn_on(&self) -> bool {
        self.withdrawn_minor > 0 || self.pending_minor > 0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::Currency;

    fn usd(text: &str) -> Money {
        Money::parse(text, Currency::from_code("USD").expect("USD")).expect("money")
    }

    fn units(text: &str) -> Units {
        Units::parse(text).expect("units")
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).expect("a day")
    }

    fn holder(investor_id: i64, text: &str) -> HolderUnits {
        HolderUnits {
            investor_id,
            units: units(text),
        }
    }

    #[test]
    fn proceeds_are_split_by_units_to_the_cent_and_conserve_the_total() {
        let holders = [
            holder(1, "100"),
            holder(2, "200"),
            holder(3, "0"),
            holder(4, "300"),
        ];
        let (total_units, parts) =
            allocate_by_units(usd("1000.00"), day(), &holders).expect("allocated");
        assert_eq!(total_units, units("600"));
        let amounts: Vec<String> = parts.iter().map(|p| p.amount.to_string()).collect();
        // 166.666…, 333.333…, 500: the cent left over goes to the largest remainder (ties to
        // the larger weight).
        assert_eq!(amounts, ["166.67", "333.33", "500.00"]);
        assert_eq!(parts.len(), 3, "a holder of no units gets no allocation");
    }

    #[test]
    fn a_dust_holding_gets_zero_or_one_minor_unit_by_the_rule() {
        let holders = [holder(1, "0.0000001"), holder(2, "999.9999999")];
        let (_, parts) = allocate_by_units(usd("100.00"), day(), &holders).expect("allocated");
        assert_eq!(parts[0].amount, usd("0.00"));
        assert_eq!(parts[1].amount, usd("100.00"));
        let holders = [
            holder(1, "0.0000001"),
            holder(2, "0.0000001"),
            holder(3, "0.0000001"),
        ];
        let (_, parts) = allocate_by_units(usd("0.01"), day(), &holders).expect("allocated");
        let cents: Vec<i128> = parts.iter().map(|p| p.amount.minor_units()).collect();
        assert_eq!(
            cents,
            [1, 0, 0],
            "equal remainders and weights: the smaller id"
        );
    }

    #[test]
    fn no_units_outstanding_is_a_clear_error() {
        let refused = allocate_by_units(usd("10.00"), day(), &[holder(1, "0")]).expect_err("none");
        assert_eq!(
            refused.to_string(),
            "no units of the deal are held on 2026-11-30: there is nothing to allocate by"
        );
        assert!(allocate_by_units(usd("10.00"), day(), &[]).is_err());
    }

    #[test]
    fn a_request_beyond_what_is_available_is_refused_and_names_the_allocation() {
        let position = AllocationPosition::new(10_000)
            .requested(7, usd("60.00"))
            .expect("held");
        assert_eq!(position.available_minor, 4_000);
        let refused = position.requested(7, usd("40.01")).expect_err("beyond");
        assert_eq!(
            refused.to_string(),
            "40.01 USD is more than allocation 7 has available (40.00)"
        );
        assert_eq!(position.status(), AllocationStatus::Allocated);
        assert_eq!(
            position.paid(1_000).status(),
            AllocationStatus::PartiallyWithdrawn
        );
        assert_eq!(
            AllocationPosition::new(0).status(),
            AllocationStatus::FullyWithdrawn
        );
    }

    #[derive(Debug, Clone)]
    enum Step {
        Request(i64),
        Pay(usize),
        Release(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (1i64..5_000).prop_map(Step::Request),
            (0usize..8).prop_map(Step::Pay),
            (0usize..8).prop_map(Step::Release),
        ]
    }

    proptest! {
        /// Over any run of requests, payments, rejections and failures, the parts of an
        /// allocation add up to it, and what is withdrawn is exactly what was paid.
        #[test]
        fn allocated_is_always_withdrawn_plus_pending_plus_available(
            amount in 0i64..20_000,
            steps in proptest::collection::vec(step(), 0..40),
        ) {
            let currency = Currency::from_code("USD").expect("USD");
            let mut position = AllocationPosition::new(amount);
            let mut open: Vec<i64> = Vec::new();
            let mut paid = 0i64;
            for step in steps {
                match step {
                    Step::Request(minor) => {
                        let money = Money::from_minor_units(minor.into(), currency).expect("money");
                        match position.requested(1, money) {
                            Ok(next) => { position = next; open.push(minor); }
                            Err(_) => prop_assert!(minor > position.available_minor),
                        }
                    }
                    Step::Pay(i) if !open.is_empty() => {
                        let minor = open.remove(i % open.len());
                        position = position.paid(minor);
                        paid += minor;
                    }
                    Step::Release(i) if !open.is_empty() => {
                        let minor = open.remove(i % open.len());
                        position = position.released(minor);
                    }
                    _ => {}
                }
                prop_assert!(position.holds());
                prop_assert_eq!(position.withdrawn_minor, paid);
                prop_assert_eq!(position.pending_minor, open.iter().sum::<i64>());
            }
        }
    }
}
