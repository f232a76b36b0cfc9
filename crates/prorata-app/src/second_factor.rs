//! `prorata user mfa enrol | confirm | disable | status` and `program set --second-factor`: each
//! user's authenticator (RFC 6238 codes), and the program rule that an act moving money out
//! (approving distributions, approving a payout batch, executing one) needs a fresh code.
//!
//! A code is checked inside the act's own transaction with the user's factor row locked, so
//! two acts given one code at the same moment take turns and the second finds the code used.
//! A wrong, replayed or paused code rolls the act back and is then counted and audited in a
//! transaction of its own (the act's transaction would take the record back with it).

pub use prorata_domain::control::second_factor::SecondFactorState;
use prorata_domain::control::second_factor::{self as totp, SECRET_BYTES, SecondFactorError};
use prorata_domain::control::{Role, UserName};
use prorata_store::Store;
use prorata_store::control::{
    SecondFactorRecord, accept_step, count_wrong_code, enrol_second_factor as store_enrol,
    find_user, lock_second_factor, remove_second_factor, second_factor_confirmed,
    second_factor_required, set_second_factor_required,
};
use prorata_store::crypto::DataKey;
use serde::{Deserialize, Serialize};
use serde_json::json;
use zeroize::Zeroizing;

use crate::clock::Clock;
use crate::control::UserChange;
use crate::operation::{Change, Operation, OperationSpec, audit_in_tx, begin_tx, commit_noting};
use crate::secrets::sealing_needs_the_data_key;
use crate::session::Session;
use crate::{Code, Error};

const ENROL: OperationSpec = OperationSpec {
    name: "user.mfa_enrol",
    roles: &Role::ALL,
    purpose: "set up an authenticator",
};

const CONFIRM: OperationSpec = OperationSpec {
    name: "user.mfa_confirm",
    roles: &Role::ALL,
    purpose: "set up an authenticator",
};

const DISABLE: OperationSpec = OperationSpec {
    name: "user.mfa_disable",
    roles: &Role::ALL,
    purpose: "remove authenticators",
};

const SET_RULE: OperationSpec = OperationSpec {
    name: "program.second_factor",
    roles: &[Role::Admin],
    purpose: "change the program's second-factor rule",
};

/// The audit action of a code refused.
const REFUSED: &str = "second_factor.refused";

/// The name an authenticator app shows beside the codes.
const ISSUER: &str = "Prorata";

/// What an act that moves money out is given to show that its actor is at hand: the code the
/// actor's authenticator shows now, and the data key the secret is sealed under. Needed when
/// the program requires a second factor; not looked at otherwise.
#[derive(Clone, Copy, Default)]
pub struct SecondFactor<'a> {
    pub code: Option<&'a str>,
    pub data_key: Option<&'a DataKey>,
}

impl std::fmt::Debug for SecondFactor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A code is a secret for its thirty seconds: never in a log.
        f.debug_struct("SecondFactor")
            .field("code", &self.code.map(|_| "…"))
            .field("data_key", &self.data_key.map(|_| "…"))
            .finish()
    }
}

/// A new authenticator's secret, shown once: as the URI and QR code an app scans and as the
/// text one types. Never kept under an idempotency key, never in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Enrolment {
    pub user: String,
    pub otpauth_uri: String,
    /// The secret in RFC 4648 base32, for an app that cannot scan.
    pub secret: String,
    /// The QR code of `otpauth_uri` as an SVG document.
    pub qr_svg: String,
    pub state: SecondFactorState,
}

/// A user's authenticator and what the program requires of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecondFactorView {
    pub user: String,
    pub state: SecondFactorState,
    /// The session's program requires a fresh code to approve distributions and batches and
    /// to execute a batch.
    pub required: bool,
}

/// The program's rule after a change; `changed` is false when it was already so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecondFactorRule {
    pub program: String,
    pub required: bool,
    pub changed: bool,
}

fn secret_context(user_id: i64) -> String {
    format!("user_second_factors:{user_id}")
}

/// `op` back once the actor has given a fresh code, when the program requires one; `op` as it
/// was when it does not.
pub(crate) async fn verified<'a>(
    mut op: Operation<'a>,
    factor: SecondFactor<'_>,
) -> Result<Operation<'a>, Error> {
    let session = op.session();
    if !second_factor_required(op.tx(), session.program.id).await? {
        return Ok(op);
    }
    let (slug, user, purpose) = (&session.program.slug, session.user(), op.spec().purpose);
    let record = lock_second_factor(op.tx(), session.user_id)
        .await?
        .filter(|r| r.confirmed_at.is_some())
        .ok_or_else(|| {
            Error::new(
                Code::PermissionDenied,
                format!(
                    "program {slug} requires a second factor to {purpose}: {user} has no \
                     authenticator set up (in the window, Authenticator; on the command line, \
                     prorata user mfa enrol {user})"
                ),
            )
        })?;
    let code = given_code(factor).ok_or_else(|| code_required(purpose))?;
    checked(op, &record, code, factor.data_key).await
}

/// The answer when a code is needed and none was given: the caller asks for one.
fn code_required(purpose: &str) -> Error {
    Error::new(
        Code::SecondFactorRequired,
        format!(
            "a fresh code from your authenticator is needed to {purpose}: give the 6 digits it \
             shows now (on the command line, PRORATA_TOTP or the prompt)"
        ),
    )
}

fn given_code<'c>(factor: SecondFactor<'c>) -> Option<&'c str> {
    factor.code.map(str::trim).filter(|code| !code.is_empty())
}

/// `op` back once `code` is a fresh code of the record's secret, its step noted as used.
/// Otherwise `op` is rolled back and the refusal counted and audited on its own.
async fn checked<'a>(
    mut op: Operation<'a>,
    record: &SecondFactorRecord,
    code: &str,
    data_key: Option<&DataKey>,
) -> Result<Operation<'a>, Error> {
    let data_key = data_key.ok_or_else(|| sealing_needs_the_data_key("second factor"))?;
    let now = op.clock().now();
    match fresh_step(record, code, data_key, now)? {
        Ok(step) => {
            let step = i64::try_from(step)
                .map_err(|_| Error::new(Code::Internal, "a time step beyond the year 9999"))?;
            accept_step(op.tx(), record.user_id, step, now).await?;
            Ok(op)
        }
        Err(SecondFactorError::Malformed) => {
            Err(Error::invalid("code", SecondFactorError::Malformed))
        }
        Err(SecondFactorError::Secret(_)) => Err(Error::new(
            Code::Internal,
            "the stored second-factor secret is not one: remove the authenticator and set it up again",
        )),
        Err(refusal) => {
            let (store, clock, session) = (op.store(), op.clock(), op.session());
            let action = op.spec().name;
            op.release().await?;
            record_refusal(store, clock, session, action, &refusal).await?;
            Err(Error::new(Code::PermissionDenied, refusal.to_string()))
        }
    }
}

/// The step of `code` if it is fresh; the refusal otherwise (the outer error is the store's).
fn fresh_step(
    record: &SecondFactorRecord,
    code: &str,
    data_key: &DataKey,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Result<u64, SecondFactorError>, Error> {
    if let Some(until) = totp::paused_until(record.failed_codes, record.last_failed_at, now) {
        let until = until.format("%Y-%m-%d %H:%M:%S").to_string();
        return Ok(Err(SecondFactorError::Paused(until)));
    }
    let secret = data_key.open_bytes(&record.secret_sealed, &secret_context(record.user_id))?;
    let unix_seconds = u64::try_from(now.timestamp())
        .map_err(|_| Error::new(Code::Internal, "the clock is before 1970"))?;
    let last_step = u64::try_from(record.last_step).unwrap_or(0);
    Ok(totp::accepted_step(&secret, code, unix_seconds, last_step))
}

/// Counts a refused code (a paused one is not counted: the pause runs from the last wrong
/// code) and puts it on the audit log, in a transaction of its own.
async fn record_refusal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    action: &str,
    refusal: &SecondFactorError,
) -> Result<(), Error> {
    let why = match refusal {
        SecondFactorError::Replayed => "replayed",
        SecondFactorError::Paused(_) => "paused",
        _ => "wrong",
    };
    let mut tx = begin_tx(store).await?;
    if !matches!(refusal, SecondFactorError::Paused(_)) {
        count_wrong_code(&mut tx, session.user_id, clock.now()).await?;
    }
    let after = json!({ "operation": action, "code": why });
    let change = Change::new(REFUSED, format!("user:{}", session.user()), after);
    let head = audit_in_tx(&mut tx, store, clock, session, change).await?;
    commit_noting(store, tx, Some(head)).await
}

/// Only the user themselves sees their secret: no one else can then make their codes.
fn own_only(session: &Session, name: &UserName) -> Result<(), Error> {
    if *name == session.actor.user {
        return Ok(());
    }
    Err(Error::new(
        Code::PermissionDenied,
        format!(
            "only {name} can set up {name}'s authenticator, signed in as {name}: whoever sees \
             the secret can make the codes"
        ),
    ))
}

/// Makes a new secret for the signed-in user and shows it once. It proves nothing until
/// [`confirm_second_factor`] is given a code of it; enrolling again before then replaces it.
pub async fn enrol_second_factor(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    name: &str,
    data_key: Option<&DataKey>,
) -> Result<Enrolment, Error> {
    let mut op = Operation::begin_unkeyed(store, clock, session, ENROL).await?;
    let name = UserName::parse(name)?;
    own_only(session, &name)?;
    let data_key = data_key.ok_or_else(|| sealing_needs_the_data_key("second factor"))?;
    let mut secret = Zeroizing::new([0u8; SECRET_BYTES]);
    getrandom::fill(secret.as_mut())
        .map_err(|e| Error::new(Code::Internal, format!("no randomness for a secret: {e}")))?;
    let sealed = data_key.seal_bytes(secret.as_ref(), &secret_context(session.user_id))?;
    if !store_enrol(op.tx(), session.user_id, &sealed, clock.now()).await? {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "{name} already has an authenticator set up: to set up another, remove this one \
                 first (prorata user mfa disable {name}, with a code of it)"
            ),
        ));
    }
    let enrolment = enrolment_of(&name, secret.as_ref())?;
    let after = json!({ "second_factor": SecondFactorState::AwaitingFirstCode });
    op.audit(format!("user:{name}"), after).await?;
    op.commit().await?;
    Ok(enrolment)
}

fn enrolment_of(name: &UserName, secret: &[u8]) -> Result<Enrolment, Error> {
    let internal = |e: SecondFactorError| Error::new(Code::Internal, e.to_string());
    let otpauth_uri = totp::otpauth_uri(secret, ISSUER, name.as_str()).map_err(internal)?;
    let qr_svg = qrcode::QrCode::new(otpauth_uri.as_bytes())
        .map_err(|e| Error::new(Code::Internal, format!("the QR code: {e}")))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    Ok(Enrolment {
        user: name.to_string(),
        secret: totp::secret_text(secret).map_err(internal)?,
        otpauth_uri,
        qr_svg,
        state: SecondFactorState::AwaitingFirstCode,
    })
}

/// Sets up the signed-in user's new authenticator with a first code of it.
pub async fn confirm_second_factor(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    factor: SecondFactor<'_>,
) -> Result<SecondFactorView, Error> {
    let mut op = Operation::begin_unkeyed(store, clock, session, CONFIRM).await?;
    let user = session.user();
    let record = lock_second_factor(op.tx(), session.user_id)
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "second factor",
                format!("{user} is not setting up an authenticator: enrol first"),
            )
        })?;
    if record.confirmed_at.is_some() {
        return Err(Error::new(
            Code::Conflict,
            format!("{user}'s authenticator is set up already"),
        ));
    }
    let code = given_code(factor)
        .ok_or_else(|| Error::invalid("code", "give the 6 digits your authenticator shows"))?;
    let mut op = checked(op, &record, code, factor.data_key).await?;
    let after = json!({ "second_factor": SecondFactorState::SetUp });
    op.audit(format!("user:{user}"), after).await?;
    let required = second_factor_required(op.tx(), session.program.id).await?;
    op.commit().await?;
    Ok(SecondFactorView {
        user: user.to_owned(),
        state: SecondFactorState::SetUp,
        required,
    })
}

/// Where the signed-in user is with their authenticator, and whether the program asks for it.
pub async fn second_factor_status(
    store: &Store,
    session: &Session,
) -> Result<SecondFactorView, Error> {
    let mut conn = store.acquire().await?;
    let confirmed = second_factor_confirmed(&mut conn, session.user_id).await?;
    let required = second_factor_required(&mut conn, session.program.id).await?;
    Ok(SecondFactorView {
        user: session.user().to_owned(),
        state: SecondFactorState::of(confirmed),
        required,
    })
}

/// Removes a user's authenticator: one's own with a code of it (someone who only has the
/// password cannot remove it), another's as an admin of a program they are in (a lost phone).
pub async fn disable_second_factor(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    name: &str,
    factor: SecondFactor<'_>,
    idempotency_key: &str,
) -> Result<UserChange, Error> {
    let mut op = Operation::begin(store, clock, session, DISABLE, idempotency_key).await?;
    let name = UserName::parse(name)?;
    if let Some(done) = op.claim(&json!({ "user": name.as_str() })).await? {
        return Ok(done);
    }
    let own = name == session.actor.user;
    if !own {
        let purpose = "remove another user's authenticator";
        op.actor().require_any(&[Role::Admin], purpose)?;
    }
    let user = find_user(op.tx(), name.as_str()).await?.ok_or_else(|| {
        let program = &session.program.slug;
        Error::invalid(
            "user",
            format!("no user is called {name} in program {program}"),
        )
    })?;
    crate::control::refuse_outside_program(op.tx(), session, user.id, &name).await?;
    let record = lock_second_factor(op.tx(), user.id).await?;
    if let Some(record) = record.filter(|r| own && r.confirmed_at.is_some()) {
        let code = given_code(factor)
            .ok_or_else(|| code_required("remove your own authenticator (or ask an admin)"))?;
        op = checked(op, &record, code, factor.data_key).await?;
    }
    let changed = remove_second_factor(op.tx(), user.id).await?;
    let after = json!({ "second_factor": SecondFactorState::NotSetUp, "changed": changed });
    op.record(Change::new(DISABLE.name, format!("user:{name}"), after))
        .await?;
    op.finish(UserChange {
        id: user.id,
        user: name.to_string(),
        change: "remove authenticator".to_owned(),
        changed,
    })
    .await
}

/// Sets whether the session's program requires a fresh code for money that leaves. Turning
/// the rule off is itself guarded by it: an admin with an authenticator gives a code.
pub async fn set_second_factor_rule(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    required: bool,
    factor: SecondFactor<'_>,
    idempotency_key: &str,
) -> Result<SecondFactorRule, Error> {
    let mut op = Operation::begin(store, clock, session, SET_RULE, idempotency_key).await?;
    if let Some(done) = op.claim(&json!({ "required": required })).await? {
        return Ok(done);
    }
    let program_id = session.program.id;
    if !required && second_factor_required(op.tx(), program_id).await? {
        let record = lock_second_factor(op.tx(), session.user_id).await?;
        if let Some(record) = record.filter(|r| r.confirmed_at.is_some()) {
            let code = given_code(factor)
                .ok_or_else(|| code_required("turn the second-factor rule off"))?;
            op = checked(op, &record, code, factor.data_key).await?;
        }
    }
    let changed = set_second_factor_required(op.tx(), program_id, required).await?;
    let slug = session.program.slug.clone();
    let after = json!({ "required": required, "changed": changed });
    op.audit(format!("program:{slug}"), after).await?;
    op.finish(SecondFactorRule {
        program: slug,
        required,
        changed,
    })
    .await
}
