//! Commissions of a distribution network (DESIGN §8): `schemes.rs` adds schemes to the
//! program's tree, sets their rates per service and role (checked against the parent and for
//! negative margins, in every scheme below too) and shows a scheme's chain up to the root.

mod errors;
mod schemes;
mod views;

pub use schemes::{add_scheme, scheme_chain, set_scheme_rates};
pub use views::{SchemeChainView, SchemeLevelView, SchemeRateView};
