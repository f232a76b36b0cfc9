//! Who may do what: user names, programs, roles, and the maker-checker rule.

pub mod second_factor;
mod sections;
pub use sections::{AUDIT_READERS, Section, USER_READERS};

use std::collections::BTreeSet;
use std::fmt;

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ControlError {
    #[error(
        "\"{0}\" is not a user name (lower-case letters, digits, . _ -, starting with a letter, at most 64)"
    )]
    InvalidUserName(String),

    #[error(
        "\"{0}\" is not a program slug (lower-case letters, digits and -, starting with a letter, at most 40)"
    )]
    InvalidProgramSlug(String),

    #[error("\"{0}\" is not a role (admin, officer, approver or auditor)")]
    UnknownRole(String),

    #[error("{user} may not {action}: it needs the {needed} role in this program")]
    MissingRole {
        user: String,
        action: String,
        needed: Role,
    },

    #[error("{user} made this {object} and so cannot check it: a second person must")]
    SelfApproval { user: String, object: String },

    #[error("a password needs at least {min} characters")]
    PasswordTooShort { min: usize },
}

/// What a user may do in a program. Roles are granted per program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Users and settings.
    Admin,
    /// Prepares: records performance, prepares distributions, enters withdrawals.
    Officer,
    /// Checks: verifies and approves what an officer prepared.
    Approver,
    /// Reads everything, verifies the audit chain, changes nothing.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Officer, Role::Approver, Role::Auditor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Approver => "approver",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(text: &str) -> Result<Role, ControlError> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| ControlError::UnknownRole(text.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user's sign-in name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserName(String);

impl UserName {
    pub fn parse(text: &str) -> Result<UserName, ControlError> {
        let ok = (1..=64).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase())
            && text.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            });
        if ok {
            Ok(UserName(text.to_owned()))
        } else {
            Err(ControlError::InvalidUserName(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A program's short name, as in `--program main`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProgramSlug(String);

impl ProgramSlug {
    pub fn parse(text: &str) -> Result<ProgramSlug, ControlError> {
        let ok = (1..=40).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase())
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(ProgramSlug(text.to_owned()))
        } else {
            Err(ControlError::InvalidProgramSlug(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProgramSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The shortest password accepted: long passphrases beat complex short ones.
pub const MIN_PASSWORD_LEN: usize = 12;

pub fn check_password_strength(password: &str) -> Result<(), ControlError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(ControlError::PasswordTooShort {
            min: MIN_PASSWORD_LEN,
        });
    }
    Ok(())
}

/// A signed-in user acting in one program, with the roles granted there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: UserName,
    pub roles: BTreeSet<Role>,
}

impl Actor {
    /// Refuses the action unless the actor holds `role` in the program.
    pub fn require(&self, role: Role, action: &str) -> Result<(), ControlError> {
        if self.roles.contains(&role) {
            Ok(())
        } else {
            Err(ControlError::MissingRole {
                user: self.user.to_string(),
                action: action.to_owned(),
                needed: role,
            })
        }
    }

    /// Refuses the action unless the actor holds one of `roles`.
    pub fn require_any(&self, roles: &[Role], action: &str) -> Result<(), ControlError> {
        match roles.iter().find(|role| self.roles.contains(role)) {
            Some(_) => Ok(()),
            None => Err(ControlError::MissingRole {
                user: self.user.to_string(),
                action: action.to_owned(),
                needed: roles.first().copied().unwrap_or(Role::Admin),
            }),
        }
    }
}

/// Whether a user may sign in: disabled users keep their history and may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Disabled,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }
}

impl fmt::Display for UserStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Which program wrote an audit record: each record names its front end and workstation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FrontEnd {
    Cli,
    Desktop,
}

impl FrontEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            FrontEnd::Cli => "cli",
            FrontEnd::Desktop => "desktop",
        }
    }

    pub fn parse(text: &str) -> Option<FrontEnd> {
        match text {
            "cli" => Some(FrontEnd::Cli),
            "desktop" => Some(FrontEnd::Desktop),
            _ => None,
        }
    }
}

impl fmt::Display for FrontEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What stands in the way of an action, for a front end to choose how to say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The actor holds none of the roles the action needs.
    MissingRole,
    /// The object's state does not allow it.
    State,
    /// The actor made the object and may not check it.
    MakerChecker,
}

/// Whether the signed-in actor may take an action on an object now and, when not, why, in
/// words for the screen. Views carry one per action so that no front end re-derives a rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Permit {
    pub allowed: bool,
    /// What stands in the way; none when allowed.
    pub refused_by: Option<Refusal>,
    /// Why not, as a sentence; none when allowed.
    pub reason: Option<String>,
}

/// One condition of a permit: when `refused` holds, the action is refused `by`, for `why`.
pub type Condition<'a> = (bool, Refusal, &'a dyn Fn() -> String);

impl Permit {
    pub fn allowed() -> Permit {
        Permit {
            allowed: true,
            refused_by: None,
            reason: None,
        }
    }

    pub fn refused(by: Refusal, reason: impl Into<String>) -> Permit {
        Permit {
            allowed: false,
            refused_by: Some(by),
            reason: Some(reason.into()),
        }
    }

    /// Refused for the first condition that holds, in order.
    pub fn unless(conditions: &[Condition<'_>]) -> Permit {
        match conditions.iter().find(|(refused, _, _)| *refused) {
            Some((_, by, why)) => Permit::refused(*by, why()),
            None => Permit::allowed(),
        }
    }
}

impl Actor {
    /// Whether the actor holds one of `roles`.
    pub fn holds_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|role| self.roles.contains(role))
    }
}

/// Maker-checker: whoever made an object can never check it, whatever roles they hold.
pub fn check_maker_checker(
    maker: &UserName,
    checker: &UserName,
    object: &str,
) -> Result<(), ControlError> {
    if maker == checker {
        return Err(ControlError::SelfApproval {
            user: checker.to_string(),
            object: object.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> UserName {
        UserName::parse(text).expect("a valid name")
    }

    #[test]
    fn names_slugs_and_roles_are_read_strictly() {
        assert!(UserName::parse("ada.lovelace").is_ok());
        for bad in ["", "Ada", "1ada", "ada lovelace", "ada@x"] {
            assert!(UserName::parse(bad).is_err(), "{bad:?} must be refused");
        }
        assert!(ProgramSlug::parse("main").is_ok());
        assert!(ProgramSlug::parse("Main").is_err());
        assert_eq!(Role::parse("approver"), Ok(Role::Approver));
        assert_eq!(
            Role::parse("root"),
            Err(ControlError::UnknownRole("root".to_owned()))
        );
    }

    #[test]
    fn the_maker_can_never_check_even_holding_both_roles() {
        let both = Actor {
            user: name("ada"),
            roles: [Role::Officer, Role::Approver].into_iter().collect(),
        };
        assert!(
            both.require(Role::Approver, "approve").is_ok(),
            "ada holds the role"
        );
        assert!(matches!(
            check_maker_checker(&name("ada"), &both.user, "distribution"),
            Err(ControlError::SelfApproval { .. })
        ));
        assert!(check_maker_checker(&name("ada"), &name("grace"), "distribution").is_ok());
    }

    #[test]
    fn a_missing_role_names_the_user_the_action_and_the_role() {
        let auditor = Actor {
            user: name("carol"),
            roles: [Role::Auditor].into_iter().collect(),
        };
        let error = auditor
            .require(Role::Admin, "add users")
            .expect_err("not an admin");
        assert_eq!(
            error.to_string(),
            "carol may not add users: it needs the admin role in this program"
        );
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_password_strength("short").is_err());
        assert!(check_password_strength("correct horse battery").is_ok());
    }
}
