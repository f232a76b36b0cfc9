//! The golden test vectors shared by everyone who builds Prorata, loaded as they are.
//!
//! They live in `shared/vectors/` beside the repository (`../shared/vectors` from its root);
//! `PRORATA_VECTORS_DIR` points elsewhere. A missing file fails the test loudly: a vector
//! that is silently skipped proves nothing.

pub mod seed;

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

/// One case of a vector file: a named input and the output it must give.
#[derive(Debug, Clone, Deserialize)]
pub struct VectorCase {
    pub name: String,
    #[serde(default)]
    pub note: String,
    pub input: Value,
    pub expected: Value,
}

#[derive(Debug, Deserialize)]
struct VectorFile {
    cases: Vec<VectorCase>,
}

pub fn vectors_dir() -> PathBuf {
    match std::env::var_os("PRORATA_VECTORS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors"),
    }
}

/// Loads every case of `vectors/{file_name}`, panicking with the path if it cannot.
pub fn load_cases(file_name: &str) -> Vec<VectorCase> {
    let path = vectors_dir().join(file_name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read the golden vectors at {} ({error}); set PRORATA_VECTORS_DIR",
            path.display()
        )
    });
    let file: VectorFile = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not a vector file: {error}", path.display()));
    assert!(!file.cases.is_empty(), "{} has no cases", path.display());
    file.cases
}

/// The output `calc allocate` must print for an allocation case: the expected list wrapped
/// in `{"allocations": [...]}` as DESIGN §10 specifies.
pub fn expected_allocation_output(case: &VectorCase) -> Value {
    serde_json::json!({ "allocations": case.expected })
}
