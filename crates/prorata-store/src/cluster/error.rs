use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ClusterError {
    #[error(
        "no PostgreSQL server binaries were found (looked at `pg_config --bindir` and /usr/lib/postgresql/*/bin); install Debian's postgresql package"
    )]
    NoServerBinaries,

    #[error(
        "the store at {data_dir} was created by PostgreSQL {version}, whose server is not installed; install postgresql-{version}"
    )]
    ServerVersionMissing { data_dir: PathBuf, version: String },

    #[error("no store at {0}: run `prorata store init` first")]
    NotInitialised(PathBuf),

    #[error("a store already exists at {0}")]
    AlreadyInitialised(PathBuf),

    #[error(
        "running as root, the store's server runs as the `postgres` OS user, which does not exist; install Debian's postgresql package"
    )]
    NoServerUser,

    #[error(
        "the `postgres` OS user cannot reach {0} (a folder above it is closed to other users); as root, choose a data folder such as /var/lib/prorata with --data-dir"
    )]
    ServerUserCannotReach(PathBuf),

    #[error("the data folder path {0} cannot be used: {1}")]
    UnusablePath(PathBuf, &'static str),

    #[error("{action} failed: {detail}")]
    Command { action: String, detail: String },

    #[error("{action}: {source}")]
    Io {
        action: String,
        #[source]
        source: std::io::Error,
    },
}

impl ClusterError {
    pub(crate) fn io(action: impl Into<String>) -> impl FnOnce(std::io::Error) -> ClusterError {
        let action = action.into();
        move |source| ClusterError::Io { action, source }
    }
}
