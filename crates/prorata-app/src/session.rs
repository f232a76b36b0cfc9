//! Signing in: a user, a password and a program become a [`Session`] that every other
//! operation takes. Each attempt is recorded in the audit log; repeated failures slow down.

use std::fmt;

use chrono::Duration;
use prorata_domain::control::{Actor, ProgramSlug, Section, UserName};
use prorata_store::control::{
    AuditRecord, Program, UserRecord, find_program, lock_user_for_sign_in, programs_of_user,
    record_failed_sign_in, record_sign_in, roles_of,
};
use prorata_store::{PgConnection, Store};
use serde::Serialize;
use serde_json::json;

use crate::clock::Clock;
use crate::passwords::verify_password;
use crate::{Code, Error};

/// Failures tolerated before each further attempt must wait.
const FREE_FAILURES: i32 = 3;
/// The longest wait between attempts after repeated failures.
const MAX_WAIT_SECONDS: i64 = 300;

/// A user name and password. Its `Debug` never shows the password.
#[derive(Clone)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"•••")
            .finish()
    }
}

/// A signed-in user acting in one program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: i64,
    pub actor: Actor,
    pub program: Program,
}

impl Session {
    pub fn user(&self) -> &str {
        self.actor.user.as_str()
    }

    pub fn view(&self) -> SessionView {
        let roles: Vec<_> = self.actor.roles.iter().copied().collect();
        SessionView {
            sections: Section::open_to(&roles),
            landing: Section::landing(&roles),
            user: self.user().to_owned(),
            program: self.program.slug.clone(),
            program_name: self.program.name.clone(),
            roles: self.actor.roles.iter().map(ToString::to_string).collect(),
            second_factor_required: self.program.require_second_factor,
        }
    }
}

/// Who is signed in, in which program, with which roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SessionView {
    pub user: String,
    /// The program's slug.
    pub program: String,
    pub program_name: String,
    pub roles: Vec<String>,
    /// The sections this user may use, in order: the window offers these and no other.
    pub sections: Vec<Section>,
    /// Where this user starts after signing in.
    pub landing: Section,
    /// The program asked, at sign-in, for a fresh authenticator code to approve distributions
    /// and batches and to execute a batch (an act also answers `second_factor_required`).
    pub second_factor_required: bool,
}

/// Which program a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramChoice<'a> {
    /// This one, by slug.
    Named(&'a str),
    /// The only program the user has a role in (or the store has).
    Only,
    /// Any program the user has a role in: for commands that span programs, such as listing
    /// them.
    AnyOfTheUsers,
}

impl<'a> ProgramChoice<'a> {
    pub fn from_option(slug: Option<&'a str>) -> ProgramChoice<'a> {
        slug.map(ProgramChoice::Named)
            .unwrap_or(ProgramChoice::Only)
    }
}

/// A hash to check passwords of unknown users against, made once per process.
fn unknown_user_hash() -> Result<&'static str, Error> {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(hash) = HASH.get() {
        return Ok(hash);
    }
    let hash = crate::passwords::hash_password("no such user, no such password")?;
    Ok(HASH.get_or_init(|| hash))
}

/// How long after `failures` failed attempts the next attempt must wait.
fn wait_after(failures: i32) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::zero();
    }
    let exponent = u32::try_from(failures - FREE_FAILURES).unwrap_or(0).min(16);
    Duration::seconds((1i64 << exponent).min(MAX_WAIT_SECONDS))
}

/// Signs a user in to a program. A refusal is audited before it is returned; the answer to
/// an unknown user and to a wrong password is the same, and takes as long.
pub async fn sign_in(
    store: &Store,
    clock: &dyn Clock,
    credentials: &Credentials,
    program: ProgramChoice<'_>,
) -> Result<Session, Error> {
    // Signing in is put on the record, so a workstation that cannot sign the record is told
    // before the password is even checked.
    store.audit_signing().signer()?;
    let Ok(name) = UserName::parse(&credentials.user) else {
        return Err(refused());
    };
    let user = match check_password(store, clock, &name, &credentials.password).await {
        Ok(user) => user,
        Err(refusal) => {
            audit_sign_in(store, clock, name.as_str(), refusal.action, refusal.why).await?;
            return Err(refusal.error);
        }
    };
    let mut conn = store.acquire().await?;
    let program = choose_program(&mut conn, user.id, program).await?;
    let roles = roles_of(&mut conn, program.id, user.id).await?;
    if roles.is_empty() {
        return Err(Error::new(
            Code::PermissionDenied,
            format!("{name} has no role in program {}", program.slug),
        ));
    }
    let session = Session {
        user_id: user.id,
        actor: Actor { user: name, roles },
        program,
    };
    let tx = crate::operation::begin_tx(store).await?;
    let record = AuditRecord {
        program_id: Some(session.program.id),
        actor: session.user().to_owned(),
        action: "sign_in".to_owned(),
        object: format!("user:{}", session.user()),
        before: None,
        after: Some(json!({ "program": session.program.slug })),
        reason: None,
    };
    crate::operation::record_and_commit(store, tx, &record, clock.now()).await?;
    Ok(session)
}

fn refused() -> Error {
    Error::new(
        Code::PermissionDenied,
        "sign-in failed: unknown user or wrong password",
    )
}

/// Why an attempt was refused: the audit record's action and reason, and the answer.
struct Refusal {
    action: &'static str,
    why: &'static str,
    error: Error,
}

impl Refusal {
    fn new(action: &'static str, why: &'static str, error: Error) -> Refusal {
        Refusal { action, why, error }
    }
}

/// The user whose password this is, once the throttle allows an attempt and the account
/// is enabled. The user's row is locked from reading the failures so far to counting this
/// one, so parallel guesses are each counted and each waits its turn. A name that is
/// throttled gets the same answer, after the same work, as a name that does not exist.
async fn check_password(
    store: &Store,
    clock: &dyn Clock,
    name: &UserName,
    password: &str,
) -> Result<UserRecord, Refusal> {
    let internal = |e: Error| Refusal::new("sign_in.failed", "the store failed", e);
    let mut tx = crate::operation::begin_tx(store).await.map_err(internal)?;
    let found = lock_user_for_sign_in(&mut tx, name.as_str())
        .await
        .map_err(|e| internal(e.into()))?;
    let Some(user) = found else {
        // Spend the time a real check takes, so that timing does not tell which names exist.
        verify_password(password, unknown_user_hash().map_err(internal)?);
        return Err(Refusal::new("sign_in.failed", "unknown user", refused()));
    };
    let now = clock.now();
    let throttled = user
        .last_failed_sign_in_at
        .is_some_and(|last| now < last + wait_after(user.failed_sign_ins));
    if throttled {
        verify_password(password, unknown_user_hash().map_err(internal)?);
        return Err(Refusal::new(
            "sign_in.refused",
            "too many failed attempts: the next is allowed later",
            refused(),
        ));
    }
    if !verify_password(password, &user.password_hash) {
        record_failed_sign_in(&mut tx, user.id, now)
            .await
            .map_err(|e| internal(e.into()))?;
        crate::operation::commit(tx).await.map_err(internal)?;
        return Err(Refusal::new("sign_in.failed", "wrong password", refused()));
    }
    // Only someone who knows the password learns that the account is disabled.
    if user.disabled_at.is_some() {
        let error = Error::new(
            Code::PermissionDenied,
            format!("sign-in refused: user {name} is disabled"),
        );
        return Err(Refusal::new(
            "sign_in.refused",
            "the user is disabled",
            error,
        ));
    }
    record_sign_in(&mut tx, user.id)
        .await
        .map_err(|e| internal(e.into()))?;
    crate::operation::commit(tx).await.map_err(internal)?;
    Ok(user)
}

/// The program named, or the only one the user has a role in.
async fn choose_program(
    conn: &mut PgConnection,
    user_id: i64,
    choice: ProgramChoice<'_>,
) -> Result<Program, Error> {
    if let ProgramChoice::Named(slug) = choice {
        let slug = ProgramSlug::parse(slug)?;
        return find_program(conn, slug.as_str())
            .await?
            .ok_or_else(|| Error::invalid("program", format!("no program is called {slug}")));
    }
    let mut programs = programs_of_user(conn, user_id).await?;
    match (programs.len(), choice) {
        (0, _) => Err(Error::new(
            Code::PermissionDenied,
            "the user has no role in any program",
        )),
        (1, _) | (_, ProgramChoice::AnyOfTheUsers) => Ok(programs.remove(0)),
        _ => Err(Error::invalid(
            "program",
            "you have roles in several programs; choose one with --program SLUG",
        )),
    }
}

/// Records a sign-in attempt that did not succeed, committed on its own: the refusal must
/// be on the record even though the operation fails.
async fn audit_sign_in(
    store: &Store,
    clock: &dyn Clock,
    user: &str,
    action: &str,
    why: &str,
) -> Result<(), Error> {
    let tx = crate::operation::begin_tx(store).await?;
    let record = AuditRecord {
        program_id: None,
        actor: user.to_owned(),
        action: action.to_owned(),
        object: format!("user:{user}"),
        before: None,
        after: None,
        reason: Some(why.to_owned()),
    };
    crate::operation::record_and_commit(store, tx, &record, clock.now()).await
}

pub(crate) fn store_error(error: impl fmt::Display) -> Error {
    Error::new(Code::Internal, format!("database: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_past_the_third_wait_longer_and_longer_up_to_five_minutes() {
        assert_eq!(wait_after(2), Duration::zero());
        assert_eq!(wait_after(3), Duration::seconds(1));
        assert_eq!(wait_after(5), Duration::seconds(4));
        assert_eq!(wait_after(40), Duration::seconds(300));
    }
}
