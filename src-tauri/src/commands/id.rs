//! Ids as they cross from the window: `i64` in Rust, as everywhere else, and `number` in
//! TypeScript. Ids are database sequences far below 2^53, which a JavaScript number holds
//! exactly.

use serde::{Deserialize, Serialize};
use specta::Types;
use specta::datatype::DataType;

/// An object's id as the window sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub i64);

impl specta::Type for Id {
    fn definition(types: &mut Types) -> DataType {
        <specta_typescript::Number as specta::Type>::definition(types)
    }
}

/// The ids of a set, as the app takes them.
pub fn widen(ids: &[Id]) -> Vec<i64> {
    ids.iter().map(|id| id.0).collect()
}
