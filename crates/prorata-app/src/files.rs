//! Files the application writes for a person to hand on (a bank's payment files, investors'
//! statements): only into the folder chosen, each whole or not at all, readable by its owner
//! alone.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::{Code, Error};

/// Refuses a destination that is not a folder, naming the `field` it came from.
pub(crate) fn refuse_unusable(field: &str, dir: &Path) -> Result<(), Error> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("{} is not a folder", dir.display()),
        ))
    }
}

/// Writes a file whole or not at all: a temporary file of mode 0600 beside it, synced, then
/// renamed over the name.
pub(crate) fn write_whole(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Error> {
    let failed = |e: std::io::Error| {
        Error::new(
            Code::Internal,
            format!("writing {}: {e}", dir.join(name).display()),
        )
    };
    let temporary = dir.join(format!(".{name}.partial"));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temporary)
        .map_err(failed)?;
    file.write_all(bytes).map_err(failed)?;
    file.sync_all().map_err(failed)?;
    std::fs::rename(&temporary, dir.join(name)).map_err(failed)?;
    Ok(())
}

/// A file being written in parts: a temporary file of mode 0600 beside its name, renamed over
/// the name by [`Partial::finish`] once synced; dropped unfinished, it is removed.
#[derive(Debug)]
pub(crate) struct Partial {
    file: Option<std::io::BufWriter<std::fs::File>>,
    temporary: std::path::PathBuf,
    path: std::path::PathBuf,
}

impl Partial {
    pub fn create(dir: &Path, name: &str) -> Result<Partial, Error> {
        let path = dir.join(name);
        let temporary = dir.join(format!(".{name}.partial"));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temporary)
            .map_err(|e| writing(&path, &e))?;
        Ok(Partial {
            file: Some(std::io::BufWriter::new(file)),
            temporary,
            path,
        })
    }

    pub fn writer(&mut self) -> &mut std::io::BufWriter<std::fs::File> {
        self.file.as_mut().expect("an unfinished file is open")
    }

    pub fn finish(mut self) -> Result<(), Error> {
        let file = self.file.take().expect("finished once");
        let file = file
            .into_inner()
            .map_err(|e| writing(&self.path, e.error()))?;
        file.sync_all().map_err(|e| writing(&self.path, &e))?;
        std::fs::rename(&self.temporary, &self.path).map_err(|e| writing(&self.path, &e))
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

fn writing(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        Code::Internal,
        format!("writing {}: {error}", path.display()),
    )
}
