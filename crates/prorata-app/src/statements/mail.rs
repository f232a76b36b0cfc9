//! `prorata statement mail set | show`: the organisation's SMTP server for statements. The
//! password lives in this workstation's OS keyring (service `prorata-smtp`), never in the
//! store, a log or an idempotency record. STARTTLS is required unless the settings say
//! `tls` (implicit TLS) or `none`; an organisation's own certificate authority may be given
//! as PEM, trusted besides the public ones.

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use prorata_domain::control::Role;
use prorata_store::control::load_store_key;
use prorata_store::statements::{MailSettingsRecord, mail_settings, save_mail_settings};
use prorata_store::{Store, keyring};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::session::Session;
use crate::{Code, Error};

const SET_MAIL: OperationSpec = OperationSpec {
    name: "mail.settings_changed",
    roles: &[Role::Admin],
    purpose: "set the SMTP server",
};

/// The OS keyring's service for SMTP passwords.
pub const SMTP_KEYRING_SERVICE: &str = "prorata-smtp";

/// The SMTP settings as given.
#[derive(Debug, Clone, Copy)]
pub struct MailSettings<'a> {
    pub host: &'a str,
    pub port: u16,
    /// `starttls` (the default), `tls` or `none`.
    pub security: Option<&'a str>,
    pub username: Option<&'a str>,
    pub from_address: &'a str,
    /// A certificate authority to trust besides the public ones, as PEM.
    pub extra_root_pem: Option<&'a str>,
}

/// The SMTP settings as front ends see them: never a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MailSettingsView {
    pub host: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub port: i64,
    pub security: String,
    pub username: Option<String>,
    pub from_address: String,
    pub extra_root_given: bool,
}

impl MailSettingsView {
    fn of(r: &MailSettingsRecord) -> MailSettingsView {
        MailSettingsView {
            host: r.host.clone(),
            port: i64::from(r.port),
            security: r.security.clone(),
            username: r.username.clone(),
            from_address: r.from_address.clone(),
            extra_root_given: r.extra_root_pem.is_some(),
        }
    }
}

/// Sets the program's SMTP server; `password`, when given, goes to this workstation's
/// keyring under the store, the program and the user name.
pub async fn set_mail_settings(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    settings: MailSettings<'_>,
    password: Option<&str>,
    idempotency_key: &str,
) -> Result<MailSettingsView, Error> {
    let mut op = Operation::begin(store, clock, session, SET_MAIL, idempotency_key).await?;
    let record = checked(settings)?;
    let request = json!({
        "host": record.host, "port": record.port, "security": record.security,
        "username": record.username, "from_address": record.from_address,
        "extra_root_given": record.extra_root_pem.is_some(), "password_given": password.is_some(),
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    if let (Some(user), Some(password)) = (&record.username, password) {
        let store_id = store_id(&mut op).await?;
        let account = keyring_account(&store_id, &session.program.slug, user);
        smtp_keyring(&account)?
            .set_password(password)
            .map_err(|e| Error::new(Code::Internal, format!("the OS keyring: {e}")))?;
    }
    save_mail_settings(
        op.tx(),
        session.program.id,
        &record,
        session.user(),
        clock.now(),
    )
    .await?;
    op.audit(format!("mail_settings:{}", session.program.slug), request)
        .await?;
    op.finish(MailSettingsView::of(&record)).await
}

/// The program's SMTP settings, if set.
pub async fn show_mail_settings(
    store: &Store,
    session: &Session,
) -> Result<Option<MailSettingsView>, Error> {
    let mut conn = store.acquire().await?;
    Ok(mail_settings(&mut conn, session.program.id)
        .await?
        .as_ref()
        .map(MailSettingsView::of))
}

fn checked(s: MailSettings<'_>) -> Result<MailSettingsRecord, Error> {
    let host = s.host.trim();
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-']);
    if !host_ok {
        return Err(Error::invalid(
            "host",
            format!("\"{host}\" is not a host name or address"),
        ));
    }
    if s.port == 0 {
        return Err(Error::invalid("port", "0 is not a port"));
    }
    let security = s.security.map_or("starttls", str::trim);
    if !["starttls", "tls", "none"].contains(&security) {
        return Err(Error::invalid(
            "security",
            format!("\"{security}\" is not one of starttls, tls, none"),
        ));
    }
    let from_address = crate::control::check_email(s.from_address.trim())?.to_owned();
    if let Some(pem) = s.extra_root_pem {
        Certificate::from_pem(pem.as_bytes())
            .map_err(|e| Error::invalid("ca_file", format!("not a PEM certificate: {e}")))?;
    }
    Ok(MailSettingsRecord {
        host: host.to_owned(),
        port: i32::from(s.port),
        security: security.to_owned(),
        username: s
            .username
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned),
        from_address,
        extra_root_pem: s.extra_root_pem.map(str::to_owned),
    })
}

async fn store_id(op: &mut Operation<'_>) -> Result<String, Error> {
    Ok(load_store_key(op.tx())
        .await?
        .ok_or_else(|| Error::new(Code::Internal, "the store has no data key"))?
        .store_id)
}

fn keyring_account(store_id: &str, program: &str, user: &str) -> String {
    format!("{store_id}:{program}:{user}")
}

fn smtp_keyring(account: &str) -> Result<keyring::Entry, Error> {
    let unavailable = |e: &dyn std::fmt::Display| {
        Error::new(
            Code::Internal,
            format!("no OS keyring is available for the SMTP password: {e}"),
        )
    };
    keyring::Entry::store_status()
        .as_ref()
        .map_err(|e| unavailable(e))?;
    keyring::Entry::new(SMTP_KEYRING_SERVICE, account).map_err(|e| unavailable(&e))
}

/// A transport to the program's server, its password read from the keyring.
pub(crate) async fn transport(
    store: &Store,
    session: &Session,
    settings: &MailSettingsRecord,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, Error> {
    let refused =
        |e: &dyn std::fmt::Display| Error::invalid("mail", format!("the SMTP settings: {e}"));
    let port = u16::try_from(settings.port).map_err(|e| refused(&e))?;
    let parameters = || -> Result<TlsParameters, Error> {
        let mut builder = TlsParameters::builder(settings.host.clone());
        if let Some(pem) = &settings.extra_root_pem {
            builder = builder.add_root_certificate(
                Certificate::from_pem(pem.as_bytes()).map_err(|e| refused(&e))?,
            );
        }
        builder.build().map_err(|e| refused(&e))
    };
    let tls = match settings.security.as_str() {
        "tls" => Tls::Wrapper(parameters()?),
        "none" => Tls::None,
        _ => Tls::Required(parameters()?),
    };
    // The settings name their security themselves: no default of the builder's is relied on.
    let mut builder =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.as_str())
            .port(port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(30)));
    if let Some(user) = &settings.username {
        let mut conn = store.acquire().await?;
        let store_id = load_store_key(&mut conn)
            .await?
            .ok_or_else(|| Error::new(Code::Internal, "the store has no data key"))?
            .store_id;
        let account = keyring_account(&store_id, &session.program.slug, user);
        let password = smtp_keyring(&account)?.get_password().map_err(|e| {
            Error::new(
                Code::Validation,
                format!("mail: no SMTP password for {user} in this workstation's keyring ({e}): an admin sets it with `statement mail set`"),
            )
        })?;
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok(builder.build())
}
