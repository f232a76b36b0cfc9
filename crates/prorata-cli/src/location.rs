//! Which store a command works on: `--database-url`/`DATABASE_URL` for a remote one, else
//! the local store in `--data-dir`/`PRORATA_DATA_DIR` or the default data folder.

use std::path::PathBuf;

use prorata_app::store::choose_location;
use prorata_app::{Error, StoreLocation};

pub fn resolve(
    data_dir: &Option<PathBuf>,
    database_url: &Option<String>,
) -> Result<StoreLocation, Error> {
    choose_location(data_dir.as_deref(), database_url.as_deref())
}
