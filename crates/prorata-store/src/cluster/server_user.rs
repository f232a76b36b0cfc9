//! Which OS user runs the server: the current user, or `postgres` when we are root, because
//! `initdb` and `postgres` refuse to run as root.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use nix::unistd::{Gid, Uid, User, chown, geteuid};

use super::ClusterError;

#[derive(Debug, Clone, Copy)]
pub(crate) enum ServerUser {
    Current,
    System { uid: Uid, gid: Gid },
}

impl ServerUser {
    pub(crate) fn for_this_process() -> Result<ServerUser, ClusterError> {
        if !geteuid().is_root() {
            return Ok(ServerUser::Current);
        }
        match User::from_name("postgres") {
            Ok(Some(user)) => Ok(ServerUser::System {
                uid: user.uid,
                gid: user.gid,
            }),
            _ => Err(ClusterError::NoServerUser),
        }
    }

    /// Makes `command` run as this user.
    pub(crate) fn apply(&self, command: &mut Command) {
        if let ServerUser::System { uid, gid } = *self {
            command.uid(uid.as_raw()).gid(gid.as_raw());
        }
    }

    /// Gives `path` to this user, so the server can own its files.
    pub(crate) fn take_ownership(&self, path: &Path) -> Result<(), ClusterError> {
        if let ServerUser::System { uid, gid } = *self {
            chown(path, Some(uid), Some(gid)).map_err(|errno| ClusterError::Io {
                action: format!("giving {} to the postgres user", path.display()),
                source: errno.into(),
            })?;
        }
        Ok(())
    }

    /// Whether this user can write in `dir`, checked by asking the system as that user.
    pub(crate) fn can_write(&self, dir: &Path) -> bool {
        let mut command = Command::new("test");
        command.arg("-w").arg(dir).arg("-a").arg("-x").arg(dir);
        self.apply(&mut command);
        command.status().is_ok_and(|status| status.success())
    }
}
