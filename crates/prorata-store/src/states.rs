//! States read from their CHECK-ed text columns straight into the domain's enums: a query
//! names a column `"status: Stored<DistributionStatus>"`, and the record carries the enum.
//! A text that names no state (which the CHECK constraints make impossible) is a decoding
//! error, never a default.

use prorata_domain::affiliate::ProgramStatus;
use prorata_domain::commission::NetworkRole;
use prorata_domain::deal::{
    DealStatus, DistributionKind, DistributionStatus, PayoutStatus, PerformanceStatus,
};
use prorata_domain::lp::{AllocationStatus, EventKind, EventStatus, UnitMovementKind};
use prorata_domain::payout::{BatchStatus, PayoutItemStatus, RemittanceKind, WithdrawalStatus};
use prorata_domain::reconciliation::ResolutionStatus;
use prorata_domain::revenue_split::{CommunityRole, RevenueSource};
use prorata_domain::statement::DocumentKind;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgTypeInfo, PgValueRef};
use sqlx::{Decode, Postgres, Type};

/// A state as its text column holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored<T>(pub T);

/// A domain state that is stored as its name.
pub trait StoredState: Copy {
    fn from_name(text: &str) -> Option<Self>;
}

impl<T> Type<Postgres> for Stored<T> {
    fn type_info() -> PgTypeInfo {
        <String as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <String as Type<Postgres>>::compatible(ty)
    }
}

impl<'r, T: StoredState> Decode<'r, Postgres> for Stored<T> {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Postgres>>::decode(value)?;
        T::from_name(text)
            .map(Stored)
            .ok_or_else(|| format!("\"{text}\" names no state").into())
    }
}

macro_rules! stored_states {
    ($($state:ty),+) => {
        $(
            impl StoredState for $state {
                fn from_name(text: &str) -> Option<Self> {
                    <$state>::parse(text).ok()
                }
            }

            impl From<Stored<$state>> for $state {
                fn from(stored: Stored<$state>) -> $state {
                    stored.0
                }
            }
        )+
    };
}

stored_states!(
    DealStatus,
    PerformanceStatus,
    DistributionStatus,
    DistributionKind,
    PayoutStatus,
    WithdrawalStatus,
    RemittanceKind,
    BatchStatus,
    PayoutItemStatus,
    DocumentKind,
    UnitMovementKind,
    EventKind,
    EventStatus,
    AllocationStatus,
    CommunityRole,
    RevenueSource,
    NetworkRole,
    ProgramStatus,
    ResolutionStatus
);
