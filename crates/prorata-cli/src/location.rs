//! Which store a command works on: `--database-url`/`DATABASE_URL` for a remote one, else
//! the local store in `--data-dir`/`PRORATA_DATA_DIR` or the default data folder.

use std::path::PathBuf;

use prorata_app::{Error, StoreLocation, default_data_dir};

pub fn resolve(
    data_dir: &Option<PathBuf>,
    database_url: &Option<String>,
) -> Result<StoreLocation, Error> {
    if let Some(dir) = data_dir {
        return Ok(StoreLocation::local(dir));
    }
    match database_url.as_deref() {
        Some(url) if !url.is_empty() => Ok(StoreLocation::remote(url)?),
        _ => Ok(StoreLocation::local(default_data_dir())),
    }
}
