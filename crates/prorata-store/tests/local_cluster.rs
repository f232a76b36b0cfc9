//! The local store's own PostgreSQL cluster: private, socket-only, started on demand,
//! stopped cleanly, and recovered after a crash.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use prorata_store::cluster::{
    ClusterError, ClusterSettings, ClusterState, LocalCluster, StartOutcome,
};
use prorata_store::{Store, StoreLocation};
use tempfile::TempDir;

/// A temporary folder the `postgres` user can enter (it runs the server when we are root).
fn scratch() -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("prorata-cluster-test")
        .tempdir()
        .expect("a temporary folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
        .expect("opens the folder");
    let data_dir = dir.path().join("store");
    (dir, data_dir)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("the path exists")
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn init_creates_a_private_socket_only_cluster_with_the_schema() {
    let (_dir, data_dir) = scratch();
    let location = StoreLocation::local(&data_dir);
    let store = Store::init(&location, &ClusterSettings::default())
        .await
        .expect("the store is created");

    assert_eq!(mode(&data_dir), 0o700, "the data folder is private");
    assert_eq!(
        mode(&data_dir.join("socket")),
        0o700,
        "no other OS user can reach the socket"
    );
    assert!(
        data_dir.join("socket/.s.PGSQL.5432").exists(),
        "the server listens on its socket"
    );
    if nix::unistd::geteuid().is_root() {
        let postgres = nix::unistd::User::from_name("postgres")
            .expect("lookup")
            .expect("the postgres user");
        let owner = std::fs::metadata(data_dir.join("cluster"))
            .expect("the cluster")
            .uid();
        assert_eq!(
            owner,
            postgres.uid.as_raw(),
            "as root, the cluster belongs to postgres"
        );
    }
    let listen: String = sqlx::query_scalar("SELECT current_setting('listen_addresses')")
        .fetch_one(store.pool())
        .await
        .expect("a setting");
    assert_eq!(listen, "", "no TCP listener at all");
    let status = store.status().await.expect("a status");
    let latest = prorata_store::MIGRATOR.iter().map(|m| m.version).max();
    assert_eq!(status.migration_version, latest, "every migration applied");
    assert!(
        status.server_version.starts_with(char::is_numeric),
        "{}",
        status.server_version
    );
    store.close().await;

    let cluster = LocalCluster::at(&data_dir).expect("the cluster");
    let again = Store::init(&location, &ClusterSettings::default())
        .await
        .expect_err("a second init");
    assert!(again.to_string().contains("already exists"), "{again}");
    assert!(cluster.stop().expect("stops"), "it was running");
}

#[tokio::test]
async fn start_and_stop_are_idempotent_and_opening_starts_on_demand() {
    let (_dir, data_dir) = scratch();
    let location = StoreLocation::local(&data_dir);
    Store::init(&location, &ClusterSettings::default())
        .await
        .expect("created")
        .close()
        .await;
    let cluster = LocalCluster::at(&data_dir).expect("the cluster");
    assert!(matches!(
        cluster.status().expect("a status"),
        ClusterState::Running { pid: Some(_) }
    ));
    assert_eq!(
        cluster.start().expect("starts"),
        StartOutcome::AlreadyRunning
    );
    assert!(cluster.stop().expect("stops"), "it was running");
    assert!(
        !cluster.stop().expect("stops"),
        "stopping a stopped store does nothing"
    );
    assert_eq!(
        cluster.status().expect("a status"),
        ClusterState::Stopped {
            stale_pid_file: false
        }
    );

    let (store, _) = Store::open(&location)
        .await
        .expect("opening starts the server");
    store.close().await;
    assert!(cluster.stop().expect("stops"), "open had started it");
}

#[tokio::test]
async fn a_crashed_server_is_recovered_with_its_committed_data() {
    let (_dir, data_dir) = scratch();
    let location = StoreLocation::local(&data_dir);
    let store = Store::init(&location, &ClusterSettings::default())
        .await
        .expect("created");
    let owner = sqlx::PgPool::connect_with(
        LocalCluster::at(&data_dir)
            .expect("the cluster")
            .connect_options(),
    )
    .await
    .expect("the owner connects");
    for sql in [
        "CREATE TABLE survivor (note text)",
        "INSERT INTO survivor VALUES ('committed')",
    ] {
        // The application's role creates nothing: the owner makes the table.
        sqlx::query(sql)
            .execute(&owner)
            .await
            .expect("a committed row");
    }
    owner.close().await;
    store.close().await;

    let cluster = LocalCluster::at(&data_dir).expect("the cluster");
    let ClusterState::Running { pid: Some(pid) } = cluster.status().expect("a status") else {
        panic!("the server should be running");
    };
    kill(
        Pid::from_raw(i32::try_from(pid).expect("a pid")),
        Signal::SIGKILL,
    )
    .expect("the server is killed");
    for _ in 0..100 {
        if matches!(
            cluster.status().expect("a status"),
            ClusterState::Stopped { .. }
        ) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        cluster.status().expect("a status"),
        ClusterState::Stopped {
            stale_pid_file: true
        },
        "a crash leaves its pid file behind"
    );
    assert_eq!(
        cluster.start().expect("starts again"),
        StartOutcome::RecoveredFromCrash
    );
    let (store, _) = Store::open(&location).await.expect("opens");
    let note: String = sqlx::query_scalar("SELECT note FROM survivor")
        .fetch_one(store.pool())
        .await
        .expect("the row");
    assert_eq!(note, "committed", "committed data survives the crash");
    store.close().await;
    cluster.stop().expect("stops");
}

#[test]
fn a_folder_that_is_not_empty_or_not_initialised_is_refused() {
    let (dir, _) = scratch();
    std::fs::write(dir.path().join("notes.txt"), "someone's file").expect("a file");
    let cluster = LocalCluster::at(dir.path()).expect("a path");
    let error = cluster
        .init(&ClusterSettings::default())
        .expect_err("a non-empty folder");
    assert!(error.to_string().contains("not empty"), "{error}");
    assert_eq!(
        mode(dir.path()),
        0o755,
        "a refused folder is left as it was"
    );

    let (_dir, data_dir) = scratch();
    let cluster = LocalCluster::at(&data_dir).expect("a path");
    assert!(matches!(
        cluster.start(),
        Err(ClusterError::NotInitialised(_))
    ));
}
