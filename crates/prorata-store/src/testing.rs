//! A real PostgreSQL for tests and benchmarks: a fresh database per test, cloned from a
//! migrated template, on `DATABASE_URL` when set or else on the project's own local cluster
//! in the temporary folder (started once, shared by every test process).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use tokio::sync::OnceCell;

use crate::cluster::{ClusterSettings, LocalCluster};
use crate::{MIGRATOR, Store, StoreError};

/// The test cluster trades durability for speed: its data is thrown away.
pub fn fast_test_settings() -> ClusterSettings {
    let settings = [
        ("fsync", "off"),
        ("synchronous_commit", "off"),
        ("full_page_writes", "off"),
        ("max_connections", "300"),
    ];
    ClusterSettings {
        extra: settings
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

/// The folder of the shared test cluster (`PRORATA_TEST_CLUSTER_DIR` overrides).
pub fn test_cluster_dir() -> PathBuf {
    std::env::var_os("PRORATA_TEST_CLUSTER_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let uid = nix::unistd::geteuid().as_raw();
            std::env::temp_dir().join(format!("prorata-test-cluster-{uid}"))
        })
}

/// The server tests use, and the template database they clone.
#[derive(Debug)]
struct TestServer {
    admin: PgConnectOptions,
    template: String,
}

static SERVER: OnceCell<TestServer> = OnceCell::const_new();
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A database of its own for one test.
#[derive(Debug)]
pub struct TestDatabase {
    pub store: Store,
    pub name: String,
    pub options: PgConnectOptions,
}

impl TestDatabase {
    pub async fn create() -> Result<TestDatabase, StoreError> {
        let server = SERVER.get_or_try_init(prepare_server).await?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let name = format!(
            "test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            nanos % 1_000_000_000
        );
        let mut admin = PgConnection::connect_with(&server.admin).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{}\"",
            server.template
        )))
        .execute(&mut admin)
        .await?;
        admin.close().await?;
        let options = server.admin.clone().database(&name);
        let store = Store::open_with(options.clone(), &name).await?;
        Ok(TestDatabase {
            store,
            name,
            options,
        })
    }
}

impl TestDatabase {
    /// An empty database migrated only up to `version`, as a store made by an earlier
    /// release was: its owner's options and its name. `Store::open_with` on them migrates it
    /// the rest of the way, as opening an old store does.
    pub async fn at_migration(version: i64) -> Result<(PgConnectOptions, String), StoreError> {
        let server = SERVER.get_or_try_init(prepare_server).await?;
        let name = format!(
            "old_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = PgConnection::connect_with(&server.admin).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut admin)
            .await?;
        admin.close().await?;
        let options = server.admin.clone().database(&name);
        let mut owner = PgConnection::connect_with(&options).await?;
        MIGRATOR.run_to(version, &mut owner).await?;
        owner.close().await?;
        Ok((options, name))
    }

    /// Opens a database another test process created, by its name.
    pub async fn open_existing(name: &str) -> Result<Store, StoreError> {
        let server = SERVER.get_or_try_init(prepare_server).await?;
        Store::open_with(server.admin.clone().database(name), name).await
    }
}

async fn prepare_server() -> Result<TestServer, StoreError> {
    let admin = match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => url
            .parse::<PgConnectOptions>()
            .map_err(|e| StoreError::InvalidUrl(format!("DATABASE_URL: {e}")))?,
        _ => start_local_test_cluster().await?.database("postgres"),
    };
    let template = format!("prorata_template_{}", migrations_fingerprint());
    let mut conn = PgConnection::connect_with(&admin).await?;
    // One process builds the template; the others wait for it here.
    sqlx::query("SELECT pg_advisory_lock(774411)")
        .execute(&mut conn)
        .await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&template)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        let building = format!("{template}_building");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{building}\""
        )))
        .execute(&mut conn)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE \"{building}\""
        )))
        .execute(&mut conn)
        .await?;
        let store =
            Store::open_with(admin.clone().database(&building), "the test template").await?;
        store.close().await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "ALTER DATABASE \"{building}\" RENAME TO \"{template}\""
        )))
        .execute(&mut conn)
        .await?;
    }
    sqlx::query("SELECT pg_advisory_unlock(774411)")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(TestServer { admin, template })
}

async fn start_local_test_cluster() -> Result<PgConnectOptions, StoreError> {
    let cluster = LocalCluster::at(&test_cluster_dir())?;
    let options = cluster.connect_options();
    tokio::task::spawn_blocking(move || -> Result<(), StoreError> {
        if !cluster.is_initialised() {
            match cluster.init(&fast_test_settings()) {
                Ok(()) | Err(crate::cluster::ClusterError::AlreadyInitialised(_)) => {}
                Err(error) => return Err(error.into()),
            }
        }
        cluster.start()?;
        Ok(())
    })
    .await
    .map_err(|e| StoreError::Task(e.to_string()))??;
    Ok(options)
}

/// Changes whenever a migration does, so a stale template is never reused.
fn migrations_fingerprint() -> String {
    let mut hasher = Sha256::new();
    for migration in MIGRATOR.iter() {
        hasher.update(migration.version.to_le_bytes());
        hasher.update(&migration.checksum);
    }
    hasher
        .finalize()
        .iter()
        .take(6)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
