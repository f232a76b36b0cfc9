//! What a mutating operation answers, named for what happened: `{"id": ...}` in JSON, the
//! shape DESIGN §10 gives every front end.

use serde::{Deserialize, Serialize};

/// What every outcome says: the id of the object it is about.
pub trait Outcome {
    fn id(&self) -> i64;
}

macro_rules! outcome {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub struct $name {
            #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
            pub id: i64,
        }

        impl Outcome for $name {
            fn id(&self) -> i64 {
                self.id
            }
        }
    };
}

outcome!(
    /// What a command made: its id.
    Created
);
outcome!(
    /// What an approval checked: the object's id.
    Approved
);
outcome!(
    /// What was posted to the ledger: the distribution's id.
    Posted
);
outcome!(
    /// What was verified: the record's id.
    Verified
);
outcome!(
    /// What was cancelled: the object's id.
    Cancelled
);
outcome!(
    /// What was closed: the object's id.
    Closed
);
outcome!(
    /// What was rejected: the object's id.
    Rejected
);
outcome!(
    /// What was changed (withdrawals added to a batch, a batch submitted): its id.
    Changed
);
outcome!(
    /// What was confirmed (an item paid or failed): its id.
    Confirmed
);

/// A list: `{"items": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Items<T> {
    pub items: Vec<T>,
}
