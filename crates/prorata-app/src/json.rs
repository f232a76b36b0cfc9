//! Reading requests from JSON text with errors that name the field at fault.

use serde::de::DeserializeOwned;

use crate::Error;

/// Parses `text` as a `T`, naming the path of the first field that does not fit
/// (`investments[1].amount: invalid type: floating point ...`).
///
/// Amounts must be JSON strings: a JSON number is refused rather than read through a binary
/// floating-point value.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        // A syntax error before any field has no path: "." or "?" in this library's terms.
        let field = if path == "." || path == "?" {
            "input".to_owned()
        } else {
            path
        };
        Error::invalid(field, error.into_inner())
    })
}
