//! Prorata's store: PostgreSQL reached as a private local cluster (the default) or a remote
//! server, the one migration stream, and the double-entry ledger.

pub mod affiliates;
pub mod backup;
pub mod cluster;
pub mod commissions;
pub mod control;
pub mod crypto;
pub mod deals;
mod error;
pub mod events;
pub mod ledger;
pub mod payouts;
pub mod reconcile;
mod remote;
pub mod revenue;
pub mod statements;
mod states;
pub mod testing;
pub mod units;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use cluster::{ClusterSettings, LocalCluster, StartOutcome};
pub use error::StoreError;
/// The OS keyring, as the store uses it, for the layers above.
pub use keyring;
pub use remote::{KEYRING_SERVICE, RemoteStore, forget_password, store_password};
pub use sqlx::PgConnection;

/// The one migration stream (migrations/ at the workspace root), embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// Where the store is.
#[derive(Debug, Clone)]
pub enum StoreLocation {
    /// A private cluster in this data folder.
    Local {
        data_dir: PathBuf,
    },
    Remote(Box<RemoteStore>),
}

impl StoreLocation {
    pub fn local(data_dir: impl Into<PathBuf>) -> StoreLocation {
        StoreLocation::Local {
            data_dir: data_dir.into(),
        }
    }

    pub fn remote(url: &str) -> Result<StoreLocation, StoreError> {
        RemoteStore::from_url(url).map(|remote| StoreLocation::Remote(Box::new(remote)))
    }

    /// How the store is named to people: its folder or `user@host:port/database`.
    pub fn describe(&self) -> String {
        match self {
            StoreLocation::Local { data_dir } => {
                format!("the local store at {}", data_dir.display())
            }
            StoreLocation::Remote(remote) => format!("the remote store {}", remote.display()),
        }
    }

    /// This workstation's own folder for the store, which no SQL client reaches: the local
    /// store's data folder, or the default data folder for a remote store.
    pub fn workstation_folder(&self) -> PathBuf {
        match self {
            StoreLocation::Local { data_dir } => data_dir.clone(),
            StoreLocation::Remote(_) => default_data_dir(),
        }
    }
}

/// The default data folder: the OS data folder of the user (~/.local/share/prorata), or
/// /var/lib/prorata for root, whose home the server's `postgres` user cannot enter.
pub fn default_data_dir() -> PathBuf {
    if nix::unistd::geteuid().is_root() {
        return PathBuf::from("/var/lib/prorata");
    }
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data_home.join("prorata")
}

/// The database role the application works as: reads and writes only, never an owner
/// (migration `…11_application_role.sql`).
pub const APP_ROLE: &str = "prorata_app";

/// An open store: a pool of connections with every migration applied, each working as
/// [`APP_ROLE`]. Migrations run on a connection of their own, as the owner.
#[derive(Debug, Clone)]
pub struct Store {
    pool: PgPool,
    audit: std::sync::Arc<control::AuditSigning>,
}

/// What opening the store did to the local server, to tell the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerStart {
    Remote,
    Local(StartOutcome),
}

/// The store's server and schema, for `prorata store status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseStatus {
    pub server_version: String,
    pub migration_version: Option<i64>,
    pub migration_description: Option<String>,
    pub migrations_known: usize,
}

impl Store {
    /// Creates a store: for a local one, the cluster, its database and schema; for a remote
    /// one, the schema in the existing database.
    pub async fn init(
        location: &StoreLocation,
        settings: &ClusterSettings,
    ) -> Result<Store, StoreError> {
        if let StoreLocation::Local { data_dir } = location {
            init_local_database(data_dir, settings).await?;
        }
        let (store, _) = Store::open(location).await?;
        Ok(store)
    }

    /// Makes a new local store's cluster, server and empty database, with the application's
    /// role, for a backup to be restored into (`crate::backup::restore_dump`). Refused when
    /// the folder already holds a store.
    pub async fn init_empty_local(
        data_dir: &Path,
        settings: &ClusterSettings,
    ) -> Result<(), StoreError> {
        init_local_database(data_dir, settings).await?;
        let cluster = LocalCluster::at(data_dir)?;
        let pool = connect(&cluster.connect_options(), "the new local store").await?;
        // As migration …11 does: the restored grants name this role, which a dump does not
        // carry (roles belong to the server, not the database).
        sqlx::query(
            "DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'prorata_app') THEN
                    CREATE ROLE prorata_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
                END IF;
                EXECUTE format('GRANT prorata_app TO %I', current_user);
            END $$",
        )
        .execute(&pool)
        .await?;
        pool.close().await;
        Ok(())
    }

    /// Opens a store, starting the local server on demand, and applies pending migrations.
    pub async fn open(location: &StoreLocation) -> Result<(Store, ServerStart), StoreError> {
        let (options, started) = match location {
            StoreLocation::Local { data_dir } => {
                let cluster = LocalCluster::at(data_dir)?;
                let options = cluster.connect_options();
                let outcome = run_blocking(move || cluster.start()).await??;
                (options, ServerStart::Local(outcome))
            }
            StoreLocation::Remote(remote) => (remote.connect_options()?, ServerStart::Remote),
        };
        let store = Store::open_with(options, &location.describe()).await?;
        store.audit.keep_heads_in(&location.workstation_folder());
        Ok((store, started))
    }

    /// Opens a store at an already-known connection, the owner's: migrates it as the
    /// owner, then opens the application's pool as [`APP_ROLE`].
    pub async fn open_with(options: PgConnectOptions, name: &str) -> Result<Store, StoreError> {
        migrate_as_owner(&options, name).await?;
        let pool = connect_as_application(&options, name).await?;
        Ok(Store {
            pool,
            audit: std::sync::Arc::default(),
        })
    }

    /// How this handle signs the audit log: its key, workstation, front end and last head.
    pub fn audit_signing(&self) -> &control::AuditSigning {
        &self.audit
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// One connection from the pool, for a read.
    pub async fn acquire(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Postgres>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    pub async fn status(&self) -> Result<DatabaseStatus, StoreError> {
        let server_version: String =
            sqlx::query_scalar!(r#"SELECT current_setting('server_version') AS "v!""#)
                .fetch_one(&self.pool)
                .await?;
        // sqlx's own bookkeeping table, outside our migrations, so read without the macro.
        let latest: Option<(i64, String)> = sqlx::query_as(
            "SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(DatabaseStatus {
            server_version,
            migration_version: latest.as_ref().map(|(version, _)| *version),
            migration_description: latest.map(|(_, description)| description),
            migrations_known: MIGRATOR.iter().count(),
        })
    }

    pub async fn close(self) {
        self.pool.close().await;
    }
}

async fn connect(options: &PgConnectOptions, name: &str) -> Result<PgPool, StoreError> {
    pool_options()
        .connect_with(options.clone())
        .await
        .map_err(|error| connect_error(name, &error))
}

fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(30))
}

fn connect_error(name: &str, error: &sqlx::Error) -> StoreError {
    StoreError::Connect {
        store: name.to_owned(),
        detail: error.to_string(),
    }
}

/// Applies pending migrations on a connection of the owner's, then closes it.
async fn migrate_as_owner(owner: &PgConnectOptions, name: &str) -> Result<(), StoreError> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(owner.clone())
        .await
        .map_err(|error| connect_error(name, &error))?;
    MIGRATOR.run(&pool).await?;
    pool.close().await;
    Ok(())
}

/// The application's pool. Over a local socket (the local store, whose server trusts only
/// its own private socket) each session signs in as [`APP_ROLE`] itself; elsewhere the
/// owner's sessions take the role with `SET ROLE` before they are used.
async fn connect_as_application(
    owner: &PgConnectOptions,
    name: &str,
) -> Result<PgPool, StoreError> {
    if owner.get_socket().is_some() {
        return connect(&owner.clone().username(APP_ROLE), name).await;
    }
    pool_options()
        .after_connect(|conn, _| {
            Box::pin(async move {
                sqlx::query("SET ROLE prorata_app").execute(conn).await?;
                Ok(())
            })
        })
        .connect_with(owner.clone())
        .await
        .map_err(|error| connect_error(name, &error))
}

/// Creates the local store's database, connected to the cluster's maintenance database.
/// A new local cluster in `data_dir`, started, with the store's empty database.
async fn init_local_database(
    data_dir: &Path,
    settings: &ClusterSettings,
) -> Result<(), StoreError> {
    let cluster = LocalCluster::at(data_dir)?;
    let settings = settings.clone();
    let init_cluster = cluster.clone();
    run_blocking(move || init_cluster.init(&settings)).await??;
    run_blocking(move || cluster.start()).await??;
    create_local_database(data_dir).await
}

async fn create_local_database(data_dir: &Path) -> Result<(), StoreError> {
    let cluster = LocalCluster::at(data_dir)?;
    let options = cluster.connect_options().database("postgres");
    let pool = connect(&options, "the local store's server").await?;
    sqlx::query("CREATE DATABASE prorata")
        .execute(&pool)
        .await?;
    pool.close().await;
    Ok(())
}

/// Runs process-spawning work (the cluster's `pg_ctl`) off the async threads.
pub async fn run_blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| StoreError::Task(error.to_string()))
}
