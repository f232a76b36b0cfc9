//! What the application's benchmarks share: a new local store with fsync on and every
//! invariant checked, its admin signed in, and real users added through prorata-app.

use prorata_app::second_factor::{SecondFactor, set_second_factor_rule};
use std::os::unix::fs::PermissionsExt;

use prorata_app::clock::SystemClock;
use prorata_app::control::{NewUser, add_user};
use prorata_app::session::{Credentials, ProgramChoice, Session, sign_in};
use prorata_app::store::bootstrap;
use prorata_domain::control::Role;
use prorata_store::cluster::ClusterSettings;
use prorata_store::{Store, StoreLocation};

/// A benchmark's store: its folder (removed when dropped), the store and its admin's session.
#[derive(Debug)]
pub struct Bench {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub admin: Session,
}

/// Server settings from `PRORATA_BENCH_PG="name=value,..."`, for a look at the server's side.
fn settings() -> ClusterSettings {
    ClusterSettings {
        extra: std::env::var("PRORATA_BENCH_PG")
            .ok()
            .map(|s| {
                s.split(',')
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

impl Bench {
    /// A new local store in a temporary folder, bootstrapped, its admin signed in.
    pub async fn start() -> Bench {
        let dir = tempfile::Builder::new()
            .prefix("prorata-bench")
            .tempdir()
            .expect("a folder");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("open it");
        let location = StoreLocation::local(dir.path().join("store"));
        let store = Store::init(&location, &settings()).await.expect("a store");
        // The benchmarks drive the use cases as the command line does.
        store
            .audit_signing()
            .name_front_end(prorata_app::FrontEnd::Cli);
        let admin = Credentials {
            user: "ada".to_owned(),
            password: "benchmark admin password".to_owned(),
        };
        bootstrap(&store, &SystemClock, &admin, "benchmark passphrase")
            .await
            .expect("bootstrap");
        let admin = sign_in(&store, &SystemClock, &admin, ProgramChoice::Only)
            .await
            .expect("the admin signs in");
        // A fresh code per approval would time the benchmark's clock, not the store.
        let rule = SecondFactor::default();
        set_second_factor_rule(&store, &SystemClock, &admin, false, rule, "bench-rule")
            .await
            .expect("the second-factor rule is off");
        Bench { dir, store, admin }
    }

    /// A real user with one role, added by the admin and signed in: operations read the
    /// actor's roles from the store.
    pub async fn user(&self, name: &str, role: Role) -> Session {
        let password = "benchmark user password";
        let roles = [role.to_string()];
        let new = NewUser {
            name,
            password,
            roles: &roles,
            email: None,
        };
        let key = format!("bench-{name}");
        add_user(&self.store, &SystemClock, &self.admin, new, None, &key)
            .await
            .expect("a user");
        let credentials = Credentials {
            user: name.to_owned(),
            password: password.to_owned(),
        };
        sign_in(&self.store, &SystemClock, &credentials, ProgramChoice::Only)
            .await
            .expect("signed in")
    }

    /// Closes the store and stops its server, keeping its log where
    /// `PRORATA_BENCH_KEEP_LOG` names a file.
    pub async fn finish(self) {
        self.store.close().await;
        if let Ok(copy) = std::env::var("PRORATA_BENCH_KEEP_LOG") {
            let _ = std::fs::copy(self.dir.path().join("store/server.log"), copy);
        }
        let store_dir = self.dir.path().join("store");
        let _ = prorata_store::cluster::LocalCluster::at(&store_dir).map(|c| c.stop());
    }
}

/// The machine's cores, for the figures' heading.
pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}
