//! `prorata store init | status | start | stop`: where the book is kept.

use prorata_store::cluster::{ClusterSettings, ClusterState, LocalCluster, StartOutcome};
use prorata_store::{RemoteStore, ServerStart, Store, StoreLocation};
use serde::Serialize;

use prorata_domain::control::{FrontEnd, Role, UserName, check_password_strength};
use prorata_store::control::{AuditRecord, create_program, create_user, grant_role};

use crate::clock::Clock;
use crate::passwords::hash_password;
use crate::secrets::{
    Unlocked, check_passphrase, create_data_key, remember_on_this_workstation, sign_audit_with,
};
use crate::session::Credentials;
use crate::{Code, Error};

/// Which store to work on: the local store in `data_dir` when one is given, else the remote
/// store at `database_url` when one is given, else the local store in the default data folder.
pub fn choose_location(
    data_dir: Option<&std::path::Path>,
    database_url: Option<&str>,
) -> Result<StoreLocation, Error> {
    if let Some(dir) = data_dir {
        return Ok(StoreLocation::local(dir));
    }
    match database_url {
        Some(url) if !url.is_empty() => Ok(StoreLocation::remote(url)?),
        _ => Ok(StoreLocation::local(prorata_store::default_data_dir())),
    }
}

/// Which store, its server and its schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoreStatus {
    /// `local` or `remote`.
    pub kind: &'static str,
    /// The data folder, or `user@host:port/database`.
    pub location: String,
    /// `running`, `stopped` or `not_initialised` (a remote store that answered is `running`).
    pub server: &'static str,
    pub server_pid: Option<u32>,
    pub server_version: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub migration_version: Option<i64>,
    pub migration_description: Option<String>,
    /// Whether every migration this program knows is applied.
    pub up_to_date: Option<bool>,
}

/// What `start` found and did, in words for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ServerAction {
    pub location: String,
    pub outcome: &'static str,
    pub message: String,
}

/// A new store: its status, and the data key it was made with, which the front end that made
/// it keeps, so its first admin seals e-mails at once. The notice says when no OS keyring
/// could keep the key for later sessions.
#[derive(Debug)]
pub struct Created {
    pub status: StoreStatus,
    pub unlocked: Unlocked,
}

/// Creates the store: the local cluster, its database and schema, or the schema on a remote
/// server's existing database; then its first program, `main`, its first admin and the
/// organisation's data key, wrapped under `passphrase`.
pub async fn init_store(
    location: &StoreLocation,
    clock: &dyn Clock,
    admin: &Credentials,
    passphrase: &str,
    front_end: FrontEnd,
) -> Result<Created, Error> {
    // Checked before anything is created, so a typo leaves no half-made store behind.
    UserName::parse(&admin.user)?;
    check_password_strength(&admin.password)?;
    check_passphrase(passphrase)?;
    let store = Store::init(location, &ClusterSettings::default()).await?;
    store.audit_signing().name_front_end(front_end);
    let unlocked = bootstrap(&store, clock, admin, passphrase).await?;
    let status = running_status(location, &store, None).await;
    store.close().await;
    Ok(Created {
        status: status?,
        unlocked,
    })
}

/// Creates the first program, `main`, its first admin and the organisation's data key
/// (wrapped under `passphrase`) in a new store's schema, in one transaction. The workstation
/// that made the store keeps its data key (in the OS keyring when there is one), so it signs
/// the audit log without asking again.
pub async fn bootstrap(
    store: &Store,
    clock: &dyn Clock,
    admin: &Credentials,
    passphrase: &str,
) -> Result<Unlocked, Error> {
    let name = UserName::parse(&admin.user)?;
    check_password_strength(&admin.password)?;
    let hash = hash_password(&admin.password)?;
    let now = clock.now();
    let mut tx = crate::operation::begin_tx(store).await?;
    let program = create_program(&mut tx, "main", "Main", now)
        .await?
        .ok_or_else(|| Error::new(Code::Conflict, "the store already has its first program"))?;
    let user_id = create_user(&mut tx, name.as_str(), &hash, now)
        .await?
        .ok_or_else(|| Error::new(Code::Conflict, format!("user {name} already exists")))?;
    grant_role(&mut tx, program.id, user_id, Role::Admin, "prorata", now).await?;
    let made = create_data_key(&mut tx, passphrase, now).await?;
    sign_audit_with(store, &made.key, &made.store_id);
    let record = AuditRecord {
        program_id: Some(program.id),
        actor: "prorata".to_owned(),
        action: "store.init".to_owned(),
        object: "program:main".to_owned(),
        before: None,
        after: Some(serde_json::json!({ "program": "main", "admin": name.as_str() })),
        reason: None,
    };
    crate::operation::record_and_commit(store, tx, &record, now).await?;
    let notice = remember_on_this_workstation(&made.store_id, &made.key);
    Ok(Unlocked {
        key: made.key,
        notice,
    })
}

/// Opens the store for an operation, starting a local server on demand.
///
/// Returns a notice for the user when opening had to recover a server that had crashed.
pub async fn open_store(
    location: &StoreLocation,
    front_end: FrontEnd,
) -> Result<(Store, Option<String>), Error> {
    let (store, started) = Store::open(location).await?;
    store.audit_signing().name_front_end(front_end);
    let notice = (started == ServerStart::Local(StartOutcome::RecoveredFromCrash))
        .then(|| RECOVERED.to_owned());
    Ok((store, notice))
}

const RECOVERED: &str = "the store's server had stopped without shutting down (a crash or a power cut); \
                         it was restarted and PostgreSQL recovered every committed change from its log";

/// Reports on the store without starting anything: a stopped local server stays stopped.
pub async fn store_status(location: &StoreLocation) -> Result<StoreStatus, Error> {
    match location {
        StoreLocation::Local { data_dir } => {
            let cluster = LocalCluster::at(data_dir)?;
            let state = cluster.status()?;
            let ClusterState::Running { pid } = state else {
                return Ok(StoreStatus {
                    kind: "local",
                    location: data_dir.display().to_string(),
                    server: if state == ClusterState::NotInitialised {
                        "not_initialised"
                    } else {
                        "stopped"
                    },
                    server_pid: None,
                    server_version: None,
                    migration_version: None,
                    migration_description: None,
                    up_to_date: None,
                });
            };
            let store = Store::open_with(cluster.connect_options(), &location.describe()).await?;
            let status = running_status(location, &store, pid).await;
            store.close().await;
            status
        }
        StoreLocation::Remote(_) => {
            let (store, _) = Store::open(location).await?;
            let status = running_status(location, &store, None).await;
            store.close().await;
            status
        }
    }
}

async fn running_status(
    location: &StoreLocation,
    store: &Store,
    pid: Option<u32>,
) -> Result<StoreStatus, Error> {
    let database = store.status().await?;
    let (kind, place) = match location {
        StoreLocation::Local { data_dir } => ("local", data_dir.display().to_string()),
        StoreLocation::Remote(remote) => ("remote", remote.display().to_owned()),
    };
    let latest_known = prorata_store::MIGRATOR.iter().map(|m| m.version).max();
    Ok(StoreStatus {
        kind,
        location: place,
        server: "running",
        server_pid: pid,
        server_version: Some(database.server_version),
        up_to_date: Some(database.migration_version == latest_known),
        migration_version: database.migration_version,
        migration_description: database.migration_description,
    })
}

fn local_cluster(location: &StoreLocation, verb: &str) -> Result<LocalCluster, Error> {
    match location {
        StoreLocation::Local { data_dir } => Ok(LocalCluster::at(data_dir)?),
        StoreLocation::Remote(remote) => Err(Error::new(
            Code::Validation,
            format!(
                "store: only the local store can be {verb} here; {} is run by its own server",
                remote.display()
            ),
        )),
    }
}

pub async fn start_store(location: &StoreLocation) -> Result<ServerAction, Error> {
    let cluster = local_cluster(location, "started")?;
    let place = cluster.data_dir().display().to_string();
    let outcome = prorata_store::run_blocking(move || cluster.start()).await??;
    let (outcome, message) = match outcome {
        StartOutcome::AlreadyRunning => (
            "already_running",
            "the store's server was already running".to_owned(),
        ),
        StartOutcome::Started => ("started", "the store's server started".to_owned()),
        StartOutcome::RecoveredFromCrash => ("recovered", RECOVERED.to_owned()),
    };
    Ok(ServerAction {
        location: place,
        outcome,
        message,
    })
}

pub async fn stop_store(location: &StoreLocation) -> Result<ServerAction, Error> {
    let cluster = local_cluster(location, "stopped")?;
    let place = cluster.data_dir().display().to_string();
    let stopped = prorata_store::run_blocking(move || cluster.stop()).await??;
    Ok(if stopped {
        ServerAction {
            location: place,
            outcome: "stopped",
            message: "the store's server stopped cleanly".to_owned(),
        }
    } else {
        ServerAction {
            location: place,
            outcome: "not_running",
            message: "the store's server was not running".to_owned(),
        }
    })
}

/// Keeps the password of a remote store in the OS keyring.
pub fn remember_password(remote: &RemoteStore, password: &str) -> Result<(), Error> {
    if password.is_empty() {
        return Err(Error::invalid("password", "must not be empty"));
    }
    prorata_store::store_password(remote, password)
        .map_err(|e| Error::new(Code::Internal, e.to_string()))
}

/// Removes the password of a remote store from the OS keyring; false if none was kept.
pub fn forget_password(remote: &RemoteStore) -> Result<bool, Error> {
    prorata_store::forget_password(remote).map_err(|e| Error::new(Code::Internal, e.to_string()))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn a_data_folder_wins_over_a_database_url_and_neither_means_the_default_local_store() {
        let url = Some("postgres://officer@db.example.org/prorata");
        let chosen = choose_location(Some(Path::new("/tmp/books")), url).expect("a location");
        assert!(
            matches!(&chosen, StoreLocation::Local { data_dir } if data_dir == Path::new("/tmp/books")),
            "an explicit folder is what the user asked for: {chosen:?}"
        );
        let remote = choose_location(None, url).expect("a location");
        assert!(matches!(remote, StoreLocation::Remote(_)), "{remote:?}");
        let default = choose_location(None, Some("")).expect("a location");
        assert!(
            matches!(&default, StoreLocation::Local { data_dir } if *data_dir == prorata_store::default_data_dir()),
            "an empty DATABASE_URL is no URL: {default:?}"
        );
    }

    #[test]
    fn a_database_url_with_a_password_is_refused() {
        let refused = choose_location(
            None,
            Some("postgres://officer:secret@db.example.org/prorata"),
        )
        .expect_err("a password in a URL");
        assert!(
            !refused.message.contains("secret"),
            "the password is never repeated: {}",
            refused.message
        );
    }
}
