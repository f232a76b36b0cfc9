//! The local store: a private PostgreSQL cluster in the user's data folder.
//!
//! The cluster listens on a Unix socket only (no TCP at all), in a folder only its owner may
//! open, so no other OS user can connect; inside it, local connections are trusted. The
//! server binaries are the machine's own (Debian's postgresql package).

mod binaries;
mod error;
mod server_user;

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sqlx::postgres::PgConnectOptions;

pub use binaries::ServerBinaries;
pub use error::ClusterError;
use server_user::ServerUser;

/// The database role and database of the local store.
pub const LOCAL_ROLE: &str = "prorata";
pub const LOCAL_DATABASE: &str = "prorata";

/// Unix socket paths are limited to 107 bytes; the server adds `/.s.PGSQL.5432`.
const MAX_SOCKET_DIR_LEN: usize = 107 - ".s.PGSQL.5432".len() - 1;

/// Extra `postgresql.conf` settings for a cluster, e.g. relaxed durability for tests.
#[derive(Debug, Clone, Default)]
pub struct ClusterSettings {
    pub extra: Vec<(String, String)>,
}

/// What `status` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterState {
    NotInitialised,
    /// Stopped; `stale_pid_file` when a server stopped without cleaning up (a crash).
    Stopped {
        stale_pid_file: bool,
    },
    Running {
        pid: Option<u32>,
    },
}

/// What `start` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartOutcome {
    AlreadyRunning,
    Started,
    /// A server had stopped without shutting down cleanly; PostgreSQL replayed its
    /// write-ahead log and the stale pid file was replaced.
    RecoveredFromCrash,
}

#[derive(Debug, Clone)]
pub struct LocalCluster {
    data_dir: PathBuf,
    user: ServerUser,
}

impl LocalCluster {
    pub fn at(data_dir: &Path) -> Result<LocalCluster, ClusterError> {
        let data_dir =
            std::path::absolute(data_dir).map_err(ClusterError::io("resolving the data folder"))?;
        let text = data_dir.to_string_lossy();
        if text.contains(['\'', '\n', '\\']) {
            return Err(ClusterError::UnusablePath(
                data_dir,
                "it contains a quote, backslash or newline",
            ));
        }
        if data_dir.join("socket").as_os_str().len() > MAX_SOCKET_DIR_LEN {
            return Err(ClusterError::UnusablePath(
                data_dir,
                "it is too long for a Unix socket",
            ));
        }
        Ok(LocalCluster {
            data_dir,
            user: ServerUser::for_this_process()?,
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The cluster itself (PGDATA), inside the data folder.
    pub fn pgdata(&self) -> PathBuf {
        self.data_dir.join("cluster")
    }

    pub fn socket_dir(&self) -> PathBuf {
        self.data_dir.join("socket")
    }

    pub fn log_file(&self) -> PathBuf {
        self.data_dir.join("server.log")
    }

    pub fn is_initialised(&self) -> bool {
        self.pgdata().join("PG_VERSION").is_file()
    }

    /// How to connect: over the socket, as the store's role, to the store's database.
    pub fn connect_options(&self) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(self.socket_dir())
            .username(LOCAL_ROLE)
            .database(LOCAL_DATABASE)
    }

    /// Creates the cluster: folders (0700), `initdb`, and the socket-only configuration.
    pub fn init(&self, settings: &ClusterSettings) -> Result<(), ClusterError> {
        let _lock = self.lock()?;
        if self.is_initialised() {
            return Err(ClusterError::AlreadyInitialised(self.data_dir.clone()));
        }
        let binaries = ServerBinaries::find(None)?;
        self.check_empty()?;
        self.create_private_dir(&self.data_dir)?;
        if !self.user.can_write(&self.data_dir) {
            return Err(ClusterError::ServerUserCannotReach(self.data_dir.clone()));
        }
        self.create_private_dir(&self.socket_dir())?;
        let mut initdb = self.server_command(&binaries, "initdb");
        initdb
            .arg("--pgdata")
            .arg(self.pgdata())
            .args([
                "--username",
                LOCAL_ROLE,
                "--encoding",
                "UTF8",
                "--no-locale",
            ])
            .args([
                "--auth-local",
                "trust",
                "--auth-host",
                "reject",
                "--no-instructions",
            ]);
        run("creating the cluster (initdb)", &mut initdb)?;
        self.write_settings(settings)
    }

    /// Refuses a folder that holds anything else: init makes it private (0700) and gives it
    /// to the server's user, which must never happen to a folder such as /tmp or a home.
    fn check_empty(&self) -> Result<(), ClusterError> {
        let entries =
            fs::read_dir(&self.data_dir).map_err(ClusterError::io("reading the data folder"))?;
        for entry in entries {
            let entry = entry.map_err(ClusterError::io("reading the data folder"))?;
            if entry.file_name() != "store.lock" {
                return Err(ClusterError::UnusablePath(
                    self.data_dir.clone(),
                    "it is not empty; choose a new or empty folder",
                ));
            }
        }
        Ok(())
    }

    fn write_settings(&self, settings: &ClusterSettings) -> Result<(), ClusterError> {
        let mut conf = format!(
            "# Written by Prorata: the server listens on a private Unix socket only.\n\
             listen_addresses = ''\n\
             unix_socket_directories = '{}'\n\
             unix_socket_permissions = 0700\n",
            self.socket_dir().display()
        );
        for (name, value) in &settings.extra {
            conf.push_str(&format!("{name} = '{value}'\n"));
        }
        let path = self.pgdata().join("prorata.conf");
        fs::write(&path, conf).map_err(ClusterError::io("writing prorata.conf"))?;
        self.user.take_ownership(&path)?;
        let mut main_conf = OpenOptions::new()
            .append(true)
            .open(self.pgdata().join("postgresql.conf"))
            .map_err(ClusterError::io("opening postgresql.conf"))?;
        std::io::Write::write_all(&mut main_conf, b"\ninclude = 'prorata.conf'\n")
            .map_err(ClusterError::io("writing postgresql.conf"))
    }

    pub fn status(&self) -> Result<ClusterState, ClusterError> {
        if !self.is_initialised() {
            return Ok(ClusterState::NotInitialised);
        }
        let binaries = self.binaries()?;
        let mut pg_ctl = self.server_command(&binaries, "pg_ctl");
        pg_ctl.arg("status").arg("--pgdata").arg(self.pgdata());
        let output = pg_ctl
            .output()
            .map_err(ClusterError::io("running pg_ctl status"))?;
        if output.status.success() {
            let text = String::from_utf8_lossy(&output.stdout);
            let pid = text
                .split("PID: ")
                .nth(1)
                .and_then(|rest| rest.split(')').next())
                .and_then(|pid| pid.trim().parse().ok());
            return Ok(ClusterState::Running { pid });
        }
        let stale_pid_file = self.pgdata().join("postmaster.pid").exists();
        Ok(ClusterState::Stopped { stale_pid_file })
    }

    /// Starts the server if it is not running, recovering from a crash if one happened.
    pub fn start(&self) -> Result<StartOutcome, ClusterError> {
        let _lock = self.lock()?;
        let recovering = match self.status()? {
            ClusterState::NotInitialised => {
                return Err(ClusterError::NotInitialised(self.data_dir.clone()));
            }
            ClusterState::Running { .. } => return Ok(StartOutcome::AlreadyRunning),
            ClusterState::Stopped { stale_pid_file } => stale_pid_file,
        };
        // The socket folder may have been removed (a tidy-up of temporary files); the server
        // will not start without it.
        self.create_private_dir(&self.socket_dir())?;
        let binaries = self.binaries()?;
        let mut pg_ctl = self.server_command(&binaries, "pg_ctl");
        pg_ctl
            .arg("start")
            .arg("--pgdata")
            .arg(self.pgdata())
            .arg("--log")
            .arg(self.log_file())
            .args(["--wait", "--timeout", "120", "--silent"]);
        if let Err(error) = run("starting the store's server", &mut pg_ctl) {
            return Err(self.with_log_tail(error));
        }
        Ok(if recovering {
            StartOutcome::RecoveredFromCrash
        } else {
            StartOutcome::Started
        })
    }

    /// Stops the server cleanly (fast shutdown: sessions are ended, nothing is lost).
    /// Returns false if it was not running.
    pub fn stop(&self) -> Result<bool, ClusterError> {
        let _lock = self.lock()?;
        match self.status()? {
            ClusterState::NotInitialised => {
                Err(ClusterError::NotInitialised(self.data_dir.clone()))
            }
            ClusterState::Stopped { .. } => Ok(false),
            ClusterState::Running { .. } => {
                let binaries = self.binaries()?;
                let mut pg_ctl = self.server_command(&binaries, "pg_ctl");
                pg_ctl.arg("stop").arg("--pgdata").arg(self.pgdata()).args([
                    "--mode",
                    "fast",
                    "--wait",
                    "--timeout",
                    "120",
                    "--silent",
                ]);
                run("stopping the store's server", &mut pg_ctl)?;
                Ok(true)
            }
        }
    }

    /// The binaries of the version that created this cluster.
    fn binaries(&self) -> Result<ServerBinaries, ClusterError> {
        let version = fs::read_to_string(self.pgdata().join("PG_VERSION"))
            .map_err(ClusterError::io("reading PG_VERSION"))?;
        ServerBinaries::find(Some(version.trim())).map_err(|error| match error {
            ClusterError::ServerVersionMissing { version, .. } => {
                ClusterError::ServerVersionMissing {
                    data_dir: self.data_dir.clone(),
                    version,
                }
            }
            other => other,
        })
    }

    fn server_command(&self, binaries: &ServerBinaries, program: &str) -> Command {
        let mut command = Command::new(binaries.program(program));
        // The server user may not be able to enter our working directory (e.g. /root).
        command.current_dir(&self.data_dir).env_remove("PGDATA");
        self.user.apply(&mut command);
        command
    }

    fn create_private_dir(&self, dir: &Path) -> Result<(), ClusterError> {
        let action = || format!("creating {}", dir.display());
        fs::create_dir_all(dir).map_err(ClusterError::io(action()))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(ClusterError::io(action()))?;
        self.user.take_ownership(dir)
    }

    /// Serialises init, start and stop between processes (two commands started at once).
    fn lock(&self) -> Result<File, ClusterError> {
        fs::create_dir_all(&self.data_dir).map_err(ClusterError::io("creating the data folder"))?;
        let path = self.data_dir.join("store.lock");
        let file = File::create(&path).map_err(ClusterError::io("opening store.lock"))?;
        file.lock()
            .map_err(ClusterError::io("locking store.lock"))?;
        Ok(file)
    }

    fn with_log_tail(&self, error: ClusterError) -> ClusterError {
        let tail = fs::read_to_string(self.log_file())
            .map(|log| {
                log.lines()
                    .rev()
                    .take(5)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .unwrap_or_default();
        match error {
            ClusterError::Command { action, detail } if !tail.is_empty() => ClusterError::Command {
                action,
                detail: format!(
                    "{detail}; server log ({}): {tail}",
                    self.log_file().display()
                ),
            },
            other => other,
        }
    }
}

fn run(action: &str, command: &mut Command) -> Result<Output, ClusterError> {
    let output = command
        .output()
        .map_err(ClusterError::io(action.to_owned()))?;
    if output.status.success() {
        return Ok(output);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let detail = [stderr.trim(), stdout.trim()]
        .into_iter()
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Err(ClusterError::Command {
        action: action.to_owned(),
        detail: format!("{} ({})", detail.replace('\n', " "), output.status),
    })
}
