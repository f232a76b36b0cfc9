//! `prorata user | program`: users, their roles per program, and programs. Admins only;
//! every change is idempotent by key and recorded in the audit log in its own transaction.

pub use prorata_domain::control::Role;
use prorata_domain::control::second_factor::SecondFactorState;
use prorata_domain::control::{
    ProgramSlug, USER_READERS, UserName, UserStatus, check_password_strength,
};
use prorata_store::Store;
use prorata_store::control::{
    create_program, create_user, disable_user as store_disable, find_user,
    grant_role as store_grant, list_users as store_list_users, programs_of_user,
    revoke_role as store_revoke, roles_of, set_user_email,
};
use prorata_store::crypto::{DataKey, mask};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec};
use crate::passwords::hash_password;
use crate::responses::{Created, Items};
use crate::session::Session;
use crate::{Code, Error};

const ADD_USER: OperationSpec = OperationSpec {
    name: "user.add",
    roles: &[Role::Admin],
    purpose: "add users",
};

const CHANGE_USER: OperationSpec = OperationSpec {
    name: "user.change",
    roles: &[Role::Admin],
    purpose: "change users",
};

const ADD_PROGRAM: OperationSpec = OperationSpec {
    name: "program.add",
    roles: &[Role::Admin],
    purpose: "add programs",
};

const REVEAL_EMAIL: OperationSpec = OperationSpec {
    name: "user.email_revealed",
    roles: &[Role::Admin],
    purpose: "reveal sealed details",
};

/// What a change to a user did; `changed` is false when it was already so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UserChange {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub user: String,
    pub change: String,
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UserView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    /// Masked (`o•••@example.org`), `sealed` when the data key was not at hand, or none.
    pub email: Option<String>,
    pub status: UserStatus,
    pub roles: Vec<String>,
    /// Where the user is with their authenticator.
    pub second_factor: SecondFactorState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProgramView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub status: &'static str,
    /// A fresh second-factor code approves distributions and batches and executes a batch.
    pub second_factor_required: bool,
}

pub(crate) fn parse_roles(roles: &[String]) -> Result<Vec<Role>, Error> {
    if roles.is_empty() {
        return Err(Error::invalid(
            "role",
            "give at least one role (admin, officer, approver, auditor)",
        ));
    }
    roles
        .iter()
        .map(|role| Role::parse(role).map_err(Error::from))
        .collect()
}

/// A new user's details.
#[derive(Debug, Clone, Copy)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub password: &'a str,
    pub roles: &'a [String],
    /// A contact detail, sealed with the data key (which must then be given).
    pub email: Option<&'a str>,
}

/// A new user's e-mail with the data key that seals it, once checked.
fn email_to_seal<'k>(
    email: Option<&'k str>,
    data_key: Option<&'k DataKey>,
) -> Result<Option<(&'k str, &'k DataKey)>, Error> {
    match (email, data_key) {
        (Some(email), Some(data_key)) => Ok(Some((check_email(email)?, data_key))),
        (Some(_), None) => Err(crate::secrets::sealing_needs_the_data_key("email")),
        (None, _) => Ok(None),
    }
}

/// Adds a user with roles in the session's program.
pub async fn add_user(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    user: NewUser<'_>,
    data_key: Option<&DataKey>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD_USER, idempotency_key).await?;
    let name = UserName::parse(user.name)?;
    let roles = parse_roles(user.roles)?;
    check_password_strength(user.password)?;
    let email = email_to_seal(user.email, data_key)?;
    // What is recorded of the request: no password (only its hash is stored) and no email,
    // which is sealed; the idempotency digest tells emails apart by a keyed hash instead.
    let recorded = json!({
        "name": name.as_str(),
        "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "email": email.map(|_| "sealed"),
    });
    let mut request = recorded.clone();
    if let Some((email, data_key)) = email {
        request["email_digest"] = json!(data_key.keyed_digest(email));
    }
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let hash = hash_password(user.password)?;
    let id = create_user(op.tx(), name.as_str(), &hash, clock.now())
        .await?
        .ok_or_else(|| Error::new(Code::Conflict, format!("user {name} already exists")))?;
    for role in &roles {
        let now = clock.now();
        store_grant(op.tx(), session.program.id, id, *role, session.user(), now).await?;
    }
    if let Some((email, data_key)) = email {
        let sealed = data_key.seal(email, &format!("users.email:{id}"))?;
        set_user_email(op.tx(), id, &sealed).await?;
    }
    op.audit(format!("user:{name}"), recorded).await?;
    op.finish(Created { id }).await
}

pub(crate) fn check_email(email: &str) -> Result<&str, Error> {
    let valid = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if valid {
        Ok(email)
    } else {
        Err(Error::invalid(
            "email",
            format!("\"{email}\" is not an email address"),
        ))
    }
}

/// The users with a role in the program. Emails are opened and masked when the data key is
/// given, and shown as `sealed` otherwise.
pub async fn list_users(
    store: &Store,
    session: &Session,
    data_key: Option<&DataKey>,
) -> Result<Items<UserView>, Error> {
    session.actor.require_any(USER_READERS, "list users")?;
    let mut conn = store.acquire().await?;
    let users = store_list_users(&mut conn, session.program.id).await?;
    Ok(Items {
        items: users
            .into_iter()
            .map(|u| UserView {
                email: u.email_sealed.map(|sealed| match data_key {
                    Some(key) => key
                        .open(&sealed, &format!("users.email:{}", u.id))
                        .map(|email| mask(&email))
                        .unwrap_or_else(|e| e.to_string()),
                    None => "sealed".to_owned(),
                }),
                id: u.id,
                name: u.name,
                status: if u.disabled {
                    UserStatus::Disabled
                } else {
                    UserStatus::Active
                },
                roles: u.roles,
                second_factor: SecondFactorState::of(u.second_factor_confirmed),
            })
            .collect(),
    })
}

/// The kinds of change an admin makes to a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserChangeKind {
    Disable,
    Grant(Role),
    Revoke(Role),
}

impl UserChangeKind {
    fn describe(self) -> String {
        match self {
            UserChangeKind::Disable => "disable".to_owned(),
            UserChangeKind::Grant(role) => format!("grant {role}"),
            UserChangeKind::Revoke(role) => format!("revoke {role}"),
        }
    }
}

/// A user who holds no role in the session's program is not the program's admin's to
/// change or see: answered as if there were no such user.
pub(crate) async fn refuse_outside_program(
    conn: &mut prorata_store::PgConnection,
    session: &Session,
    user_id: i64,
    name: &UserName,
) -> Result<(), Error> {
    if roles_of(conn, session.program.id, user_id)
        .await?
        .is_empty()
    {
        return Err(Error::invalid(
            "user",
            format!(
                "no user is called {name} in program {}",
                session.program.slug
            ),
        ));
    }
    Ok(())
}

/// Disables a user, or grants or revokes a role in the session's program.
pub async fn change_user(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    name: &str,
    change: UserChangeKind,
    idempotency_key: &str,
) -> Result<UserChange, Error> {
    let mut op = Operation::begin(store, clock, session, CHANGE_USER, idempotency_key).await?;
    let name = UserName::parse(name)?;
    let locks_out_self = matches!(
        change,
        UserChangeKind::Disable | UserChangeKind::Revoke(Role::Admin)
    );
    if locks_out_self && name == session.actor.user {
        return Err(Error::new(
            Code::PermissionDenied,
            format!(
                "{name} cannot {} themselves: another admin must",
                change.describe()
            ),
        ));
    }
    let request = json!({ "user": name.as_str(), "change": change.describe() });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let user = find_user(op.tx(), name.as_str()).await?.ok_or_else(|| {
        Error::invalid(
            "user",
            format!(
                "no user is called {name} in program {}",
                session.program.slug
            ),
        )
    })?;
    // Granting is how a user of another program joins this one; disabling and revoking
    // reach only the program's own users.
    if !matches!(change, UserChangeKind::Grant(_)) {
        refuse_outside_program(op.tx(), session, user.id, &name).await?;
    }
    let (program, now) = (session.program.id, clock.now());
    let changed = match change {
        UserChangeKind::Disable => store_disable(op.tx(), user.id, now).await?,
        UserChangeKind::Grant(role) => {
            store_grant(op.tx(), program, user.id, role, session.user(), now).await?
        }
        UserChangeKind::Revoke(role) => store_revoke(op.tx(), program, user.id, role).await?,
    };
    let action = match change {
        UserChangeKind::Disable => "user.disable",
        UserChangeKind::Grant(_) => "user.grant",
        UserChangeKind::Revoke(_) => "user.revoke",
    };
    let after = json!({ "change": change.describe(), "changed": changed });
    op.record(Change::new(action, format!("user:{name}"), after))
        .await?;
    op.finish(UserChange {
        id: user.id,
        user: name.to_string(),
        change: change.describe(),
        changed,
    })
    .await
}

/// Adds a program; its creator becomes its first admin.
pub async fn add_program(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    slug: &str,
    name: &str,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD_PROGRAM, idempotency_key).await?;
    let slug = ProgramSlug::parse(slug)?;
    if name.trim().is_empty() || name.len() > 200 {
        return Err(Error::invalid("name", "must have 1 to 200 characters"));
    }
    let request = json!({ "slug": slug.as_str(), "name": name });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let program = create_program(op.tx(), slug.as_str(), name, clock.now())
        .await?
        .ok_or_else(|| Error::new(Code::Conflict, format!("program {slug} already exists")))?;
    let now = clock.now();
    store_grant(
        op.tx(),
        program.id,
        session.user_id,
        Role::Admin,
        session.user(),
        now,
    )
    .await?;
    op.audit(format!("program:{slug}"), request).await?;
    op.finish(Created { id: program.id }).await
}

/// The programs the signed-in user has a role in; others stay invisible.
pub async fn list_programs(store: &Store, session: &Session) -> Result<Items<ProgramView>, Error> {
    let mut conn = store.acquire().await?;
    let programs = programs_of_user(&mut conn, session.user_id).await?;
    Ok(Items {
        items: programs
            .into_iter()
            .map(|p| ProgramView {
                id: p.id,
                slug: p.slug,
                name: p.name,
                status: "active",
                second_factor_required: p.require_second_factor,
            })
            .collect(),
    })
}

/// A sealed value shown in clear, once, for a stated reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Revealed {
    pub user: String,
    pub email: Option<String>,
}

/// Shows a user's email in clear. Admins only, with a written reason; the reveal is recorded
/// in the audit log (who, whose, why) before the value is returned.
pub async fn reveal_user_email(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    name: &str,
    reason: &str,
    data_key: &DataKey,
) -> Result<Revealed, Error> {
    let mut op = Operation::begin_unkeyed(store, clock, session, REVEAL_EMAIL).await?;
    let name = UserName::parse(name)?;
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "a reveal needs a written reason"));
    }
    let user = find_user(op.tx(), name.as_str()).await?.ok_or_else(|| {
        Error::invalid(
            "user",
            format!(
                "no user is called {name} in program {}",
                session.program.slug
            ),
        )
    })?;
    refuse_outside_program(op.tx(), session, user.id, &name).await?;
    let email = user
        .email_sealed
        .map(|sealed| data_key.open(&sealed, &format!("users.email:{}", user.id)))
        .transpose()?;
    op.record(Change::reveal(
        REVEAL_EMAIL.name,
        format!("user:{name}"),
        reason,
    ))
    .await?;
    op.commit().await?;
    Ok(Revealed {
        user: name.to_string(),
        email,
    })
}
