//! Finding the PostgreSQL server binaries installed on the machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::ClusterError;

/// The folder holding `initdb`, `pg_ctl` and `postgres` of one PostgreSQL version.
#[derive(Debug, Clone)]
pub struct ServerBinaries {
    bin_dir: PathBuf,
}

impl ServerBinaries {
    /// The server of `version` if given (a cluster must be run by the version that made it),
    /// otherwise `pg_config --bindir`, otherwise the newest /usr/lib/postgresql/*/bin.
    pub fn find(version: Option<&str>) -> Result<ServerBinaries, ClusterError> {
        if let Some(version) = version {
            let bin_dir = PathBuf::from(format!("/usr/lib/postgresql/{version}/bin"));
            if has_server(&bin_dir) {
                return Ok(ServerBinaries { bin_dir });
            }
            if let Some(found) =
                from_pg_config().filter(|b| b.version().as_deref() == Some(version))
            {
                return Ok(found);
            }
            return Err(ClusterError::ServerVersionMissing {
                data_dir: PathBuf::new(),
                version: version.to_owned(),
            });
        }
        from_pg_config()
            .or_else(newest_debian_server)
            .ok_or(ClusterError::NoServerBinaries)
    }

    pub fn program(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }

    /// The major version, read from the server binary.
    pub fn version(&self) -> Option<String> {
        let output = Command::new(self.program("postgres"))
            .arg("--version")
            .output()
            .ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        let number = text.split_whitespace().nth(2)?;
        Some(number.split('.').next()?.to_owned())
    }
}

fn has_server(bin_dir: &Path) -> bool {
    ["initdb", "pg_ctl", "postgres"]
        .iter()
        .all(|name| bin_dir.join(name).is_file())
}

fn from_pg_config() -> Option<ServerBinaries> {
    let output = Command::new("pg_config").arg("--bindir").output().ok()?;
    let bin_dir = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    has_server(&bin_dir).then_some(ServerBinaries { bin_dir })
}

fn newest_debian_server() -> Option<ServerBinaries> {
    let entries = std::fs::read_dir("/usr/lib/postgresql").ok()?;
    entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin_dir = entry.path().join("bin");
            has_server(&bin_dir).then_some((version, bin_dir))
        })
        .max_by_key(|(version, _)| *version)
        .map(|(_, bin_dir)| ServerBinaries { bin_dir })
}
