//! Commissions of a distribution network (DESIGN §8): `schemes.rs` adds schemes to the
//! program's tree, sets their rates per service and role (checked against the parent and for
//! negative margins, in every scheme below too) and shows a scheme's chain up to the root;
//! `members.rs` adds the network's members, each below an upline of a strictly higher role;
//! `transactions.rs` records their transactions with their commissions (`import.rs` a file of
//! them); `history.rs` shows them and reverses one.

mod errors;
mod grid;
mod history;
mod import;
mod members;
mod schemes;
mod transactions;
mod views;

pub use grid::scheme_grid;
pub use history::{
    MAX_TRANSACTIONS_LISTED, list_network_transactions, reverse_network_transaction,
    show_network_transaction,
};
pub use import::{NetworkTransactionsImported, import_network_transactions};
pub use members::{NewMember, add_network_member, list_network_members};
pub use schemes::{add_scheme, list_schemes, scheme_chain, set_scheme_rates};
pub use transactions::{
    MAX_TRANSACTIONS_PER_BATCH, NewNetworkTransaction, record_network_transaction,
};
pub use views::{
    NetworkCommissionView, NetworkMemberView, NetworkTransactionStatus, NetworkTransactionView,
    SchemeCellView, SchemeChainView, SchemeGridView, SchemeLevelView, SchemeRateView,
    SchemeServiceView, SchemeView,
};
