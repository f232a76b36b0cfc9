//! Commissions of a distribution network (DESIGN §8): `schemes.rs` adds schemes to the
//! program's tree, sets their rates per service and role (checked against the parent and for
//! negative margins, in every scheme below too) and shows a scheme's chain up to the root;
//! `members.rs` adds the network's members, each below an upline of a strictly higher role.

mod errors;
mod members;
mod schemes;
mod views;

pub use members::{NewMember, add_network_member, list_network_members};
pub use schemes::{add_scheme, list_schemes, scheme_chain, set_scheme_rates};
pub use views::{NetworkMemberView, SchemeChainView, SchemeLevelView, SchemeRateView, SchemeView};
