use std::fmt;

use serde::Serialize;

/// What kind of failure an operation had. Callers (the CLI's exit status, the UI) switch on
/// this, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The input is malformed or breaks a rule: a bad amount, an unknown id, a rate over 100%.
    Validation,
    /// The actor may not do this: a missing role, or checking what they made themselves.
    PermissionDenied,
    /// The request clashes with the current state or with an earlier use of its key.
    Conflict,
    /// This workstation has not unlocked the store's data key, which signs every audit
    /// record: the organisation passphrase is needed once.
    Locked,
    /// The program requires a fresh code from the actor's authenticator for this act and
    /// none was given: ask for it and try again (a wrong code is `PermissionDenied`).
    SecondFactorRequired,
    /// Something failed that the user's input did not cause.
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Validation => "validation",
            Code::PermissionDenied => "permission_denied",
            Code::Conflict => "conflict",
            Code::Locked => "locked",
            Code::SecondFactorRequired => "second_factor_required",
            Code::Internal => "internal",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An operation's failure: a code to switch on and a message for a person, which names the
/// field or object at fault. Serialises as `{"code": ..., "message": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// `Error` would shadow JavaScript's own `Error` in the generated TypeScript.
// (A struct's name never appears in its JSON, so this renames the TypeScript type only.)
#[cfg_attr(feature = "specta", serde(rename = "AppError"))]
#[error("{message}")]
pub struct Error {
    pub code: Code,
    pub message: String,
}

impl Error {
    pub fn new(code: Code, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }

    /// A validation failure of one field, written `field: problem`.
    pub fn invalid(field: impl fmt::Display, problem: impl fmt::Display) -> Error {
        Error::new(Code::Validation, format!("{field}: {problem}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_serialises_to_a_code_and_a_message() {
        let error = Error::invalid("total", "\"x\" is not a number");
        let json = serde_json::to_value(&error).expect("an error serialises");
        assert_eq!(
            json,
            serde_json::json!({"code": "validation", "message": "total: \"x\" is not a number"}),
            "the UI switches on `code` and shows `message`"
        );
    }
}
