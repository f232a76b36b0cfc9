//! A remote store over TCP: TLS with the server's certificate and host name verified by
//! default, and the password taken from the OS keyring.
//!
//! The server is a real PostgreSQL with `ssl = on`, a certificate for `localhost` signed by a
//! certificate authority made for this test with openssl.

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use prorata_store::cluster::{ClusterSettings, LocalCluster};
use prorata_store::{RemoteStore, Store, StoreLocation, forget_password, store_password};
use tempfile::TempDir;

struct TlsServer {
    _dir: TempDir,
    cluster: LocalCluster,
    port: u16,
    ca: PathBuf,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.cluster.stop();
    }
}

fn openssl(dir: &Path, args: &[&str]) {
    let status = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        status.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// A test CA and a server certificate for `localhost`, signed by it.
fn certificates(dir: &Path) {
    std::fs::write(dir.join("san.ext"), "subjectAltName=DNS:localhost\n")
        .expect("an extension file");
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Prorata Test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.ext",
            "-out",
            "server.crt",
        ],
    );
}

fn give_to_server_user(path: &Path) {
    if nix::unistd::geteuid().is_root() {
        let postgres = nix::unistd::User::from_name("postgres")
            .expect("lookup")
            .expect("the postgres user");
        nix::unistd::chown(path, Some(postgres.uid), Some(postgres.gid)).expect("chown");
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("an address")
        .port()
}

async fn start_tls_server() -> TlsServer {
    let dir = tempfile::Builder::new()
        .prefix("prorata-tls-test")
        .tempdir()
        .expect("a folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("open it");
    let certs = dir.path().join("certs");
    std::fs::create_dir(&certs).expect("a certs folder");
    certificates(&certs);
    std::fs::set_permissions(
        certs.join("server.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("key mode");
    for file in ["server.key", "server.crt", ""] {
        give_to_server_user(&certs.join(file));
    }
    let port = free_port();
    let settings = ClusterSettings {
        extra: [
            ("listen_addresses", "127.0.0.1".to_owned()),
            ("port", port.to_string()),
            ("ssl", "on".to_owned()),
            (
                "ssl_cert_file",
                certs.join("server.crt").display().to_string(),
            ),
            (
                "ssl_key_file",
                certs.join("server.key").display().to_string(),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
    };
    let cluster = LocalCluster::at(&dir.path().join("server")).expect("a cluster");
    cluster.init(&settings).expect("initdb");
    // Over TCP: TLS only; the `officer` role needs its password, the store's role is trusted.
    let hba = cluster.pgdata().join("pg_hba.conf");
    let mut rules = std::fs::read_to_string(&hba).expect("pg_hba.conf");
    rules.insert_str(
        0,
        "hostssl all officer 127.0.0.1/32 scram-sha-256\nhostssl all prorata 127.0.0.1/32 trust\n",
    );
    std::fs::write(&hba, rules).expect("pg_hba.conf written");
    cluster.start().expect("the TLS server starts");
    let admin =
        sqlx::PgPool::connect_with(cluster.connect_options().port(port).database("postgres"))
            .await
            .expect("admin");
    // As a database administrator sets up a remote store (README): the owner, and the
    // application's role granted to it.
    for sql in [
        "CREATE ROLE officer LOGIN PASSWORD 'correct horse battery staple'",
        "CREATE ROLE prorata_app NOLOGIN",
        "GRANT prorata_app TO officer",
    ] {
        sqlx::query(sql).execute(&admin).await.expect("a role");
    }
    sqlx::query("CREATE DATABASE books OWNER officer")
        .execute(&admin)
        .await
        .expect("a database");
    admin.close().await;
    TlsServer {
        ca: certs.join("ca.crt"),
        _dir: dir,
        cluster,
        port,
    }
}

#[tokio::test]
async fn tls_is_required_and_verified_by_default() {
    let server = start_tls_server().await;
    let url = |host: &str, extra: &str| {
        format!(
            "postgres://prorata@{host}:{}/postgres?sslrootcert={}{extra}",
            server.port,
            server.ca.display()
        )
    };
    let location = StoreLocation::remote(&url("localhost", "")).expect("a URL");
    let (store, _) = Store::open(&location)
        .await
        .expect("verified TLS to localhost connects");
    store.close().await;
    // The application's role may not read its session's TLS state (that belongs to the
    // owner who signed in), so the owner's session over the same URL reads it.
    let options = RemoteStore::from_url(&url("localhost", ""))
        .expect("a URL")
        .connect_options()
        .expect("options");
    let owner = sqlx::PgPool::connect_with(options).await.expect("connects");
    let encrypted: bool =
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&owner)
            .await
            .expect("a row");
    assert!(encrypted, "the session is encrypted");
    owner.close().await;

    let wrong_host = StoreLocation::remote(&url("127.0.0.1", "")).expect("a URL");
    let error = Store::open(&wrong_host)
        .await
        .expect_err("the certificate is for localhost, not 127.0.0.1");
    assert!(error.to_string().contains("cannot connect"), "{error}");

    let no_ca = format!("postgres://prorata@localhost:{}/postgres", server.port);
    let error = Store::open(&StoreLocation::remote(&no_ca).expect("a URL"))
        .await
        .expect_err("an unknown CA");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "verification failed on the CA: {error}"
    );
}

#[tokio::test]
async fn the_password_comes_from_the_os_keyring() {
    if let Err(error) = keyring::Entry::store_status() {
        panic!(
            "this test needs a real OS keyring (Secret Service); run it through scripts/test, which starts \
             gnome-keyring in a D-Bus session: {error}"
        );
    }
    let server = start_tls_server().await;
    let url = format!(
        "postgres://officer@localhost:{}/books?sslrootcert={}",
        server.port,
        server.ca.display()
    );
    let remote = RemoteStore::from_url(&url).expect("a URL");
    forget_password(&remote).expect("a clean keyring");
    let error = Store::open(&StoreLocation::remote(&url).expect("a URL"))
        .await
        .expect_err("no password yet");
    assert!(error.to_string().contains("password"), "{error}");

    store_password(&remote, "correct horse battery staple").expect("stored in the keyring");
    let (store, _) = Store::open(&StoreLocation::remote(&url).expect("a URL"))
        .await
        .expect("connects with it");
    let users: (String, String) = sqlx::query_as("SELECT session_user::text, current_user::text")
        .fetch_one(store.pool())
        .await
        .expect("a row");
    assert_eq!(
        users,
        ("officer".to_owned(), "prorata_app".to_owned()),
        "signed in as the owner, working as the application's role"
    );
    store.close().await;
    assert!(
        forget_password(&remote).expect("forgotten"),
        "it was stored"
    );
}
