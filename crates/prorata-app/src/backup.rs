//! `prorata store backup | restore`: the whole store as one encrypted file, and back.
//!
//! A backup is a `pg_dump` sealed under the data key (prorata-store's `backup`), its header
//! carrying the data key wrapped under the organisation passphrase: it can be kept anywhere,
//! shows nothing in clear, and restores with the passphrase alone, into a new data folder.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use chrono::SecondsFormat;
use prorata_domain::control::{FrontEnd, Role};
use prorata_store::backup::{BackupError, BackupHeader, read_header, restore_dump, write_backup};
use prorata_store::cluster::{ClusterSettings, LocalCluster};
use prorata_store::control::{AuditRecord, load_store_key};
use prorata_store::crypto::{DataKey, to_hex, unwrap};
use prorata_store::{Store, StoreLocation, run_blocking};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec, begin_tx, record_and_commit};
use crate::secrets::{PassphraseSource, remember_on_this_workstation, sign_audit_with};
use crate::session::Session;
use crate::{Code, Error};

const BACKUP: OperationSpec = OperationSpec {
    name: "store.backup",
    roles: &[Role::Admin],
    purpose: "back up the store",
};

/// A backup written: where, how large, and the SHA-256 to check a copy of it against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupMade {
    pub file: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub bytes: u64,
    pub sha256: String,
}

/// A backup restored into a new local store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Restored {
    pub data_dir: String,
    pub backup_sha256: String,
    /// When the backup was made.
    pub made_at: String,
}

impl From<BackupError> for Error {
    fn from(error: BackupError) -> Error {
        let code = match error {
            BackupError::NotABackup | BackupError::Damaged(_) => Code::Validation,
            BackupError::Crypto(prorata_store::crypto::CryptoError::WrongPassphrase) => {
                Code::PermissionDenied
            }
            _ => Code::Internal,
        };
        let message = match &error {
            BackupError::NotABackup | BackupError::Damaged(_) => format!("backup: {error}"),
            _ => error.to_string(),
        };
        Error::new(code, message)
    }
}

/// Writes an encrypted backup of the whole store to `out`, which must not exist yet. Only an
/// admin may; the backup is put on the audit log with its SHA-256.
pub async fn backup_store(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    location: &StoreLocation,
    key: &DataKey,
    out: &Path,
) -> Result<BackupMade, Error> {
    let mut op = Operation::begin_unkeyed(store, clock, session, BACKUP).await?;
    if out.exists() {
        return Err(Error::invalid(
            "out",
            format!(
                "{} already exists: a backup never overwrites a file",
                out.display()
            ),
        ));
    }
    // Held for the dump: the passphrase cannot change under it, so the header's wrapped key
    // is the one inside the dump.
    let stored = load_store_key(op.tx())
        .await?
        .ok_or_else(|| Error::new(Code::Internal, "the store has no data key"))?;
    let header = BackupHeader {
        store_id: stored.store_id,
        created_at: clock.now().to_rfc3339_opts(SecondsFormat::Secs, true),
        migration_version: store.status().await?.migration_version,
        wrapped: stored.wrapped,
    };
    let key = DataKey::from_bytes(key.bytes())?;
    let (location, target) = (location.clone(), out.to_path_buf());
    let sealed = run_blocking(move || write_backup(&location, &target, &header, &key)).await??;
    let file = out.display().to_string();
    let after = json!({ "file": file, "bytes": sealed.bytes, "sha256": sealed.sha256 });
    op.record(Change::new(BACKUP.name, "store:backup".to_owned(), after))
        .await?;
    op.commit().await?;
    Ok(BackupMade {
        file,
        bytes: sealed.bytes,
        sha256: sealed.sha256,
    })
}

fn sha256_of(file: &Path) -> Result<String, Error> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| Error::invalid("file", format!("{}: {e}", file.display()));
    let mut hasher = Sha256::new();
    let mut reader = std::fs::File::open(file).map_err(unreadable)?;
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut buffer).map_err(unreadable)? {
            0 => break,
            n => hasher.update(&buffer[..n]),
        }
    }
    Ok(to_hex(&hasher.finalize()))
}

fn refuse_used_folder(data_dir: &Path) -> Result<(), Error> {
    let used = std::fs::read_dir(data_dir).is_ok_and(|mut entries| entries.next().is_some());
    if used {
        return Err(Error::invalid(
            "data_dir",
            format!(
                "{} already holds files: a backup is restored into a new, empty data folder",
                data_dir.display()
            ),
        ));
    }
    Ok(())
}

/// Restores the backup `file` into a new local store at `data_dir`, with the organisation
/// passphrase the backup's data key is wrapped under. The restored store is the one backed
/// up (same store id, data key, ledger and audit chain), plus a record of the restore.
/// Nothing is left behind when it fails.
pub async fn restore_store(
    data_dir: &Path,
    file: &Path,
    passphrase: &dyn PassphraseSource,
    clock: &dyn Clock,
    front_end: FrontEnd,
) -> Result<Restored, Error> {
    refuse_used_folder(data_dir)?;
    let backup_sha256 = sha256_of(file)?;
    let mut reader = BufReader::new(
        std::fs::File::open(file).map_err(|e| Error::invalid("file", e.to_string()))?,
    );
    let header = read_header(&mut reader)?;
    let key = unwrap(&header.wrapped, &passphrase.passphrase()?)?;
    let created = !data_dir.exists();
    let restored = restore_into(data_dir, reader, &header, key, clock, front_end).await;
    if restored.is_err() {
        discard(data_dir, created);
    }
    let made_at = header.created_at.clone();
    restored.map(|()| Restored {
        data_dir: data_dir.display().to_string(),
        backup_sha256,
        made_at,
    })
}

async fn restore_into(
    data_dir: &Path,
    reader: BufReader<std::fs::File>,
    header: &BackupHeader,
    key: DataKey,
    clock: &dyn Clock,
    front_end: FrontEnd,
) -> Result<(), Error> {
    Store::init_empty_local(data_dir, &ClusterSettings::default()).await?;
    let (dir, restore_header) = (data_dir.to_path_buf(), header.clone());
    let restore_key = DataKey::from_bytes(key.bytes())?;
    run_blocking(move || restore_dump(&dir, reader, &restore_header, &restore_key)).await??;
    let (store, _) = Store::open(&StoreLocation::local(data_dir)).await?;
    store.audit_signing().name_front_end(front_end);
    let outcome = record_restore(&store, header, &key, clock).await;
    store.close().await;
    outcome
}

/// Checks the restored store is the backup's, then puts the restore on its audit log.
async fn record_restore(
    store: &Store,
    header: &BackupHeader,
    key: &DataKey,
    clock: &dyn Clock,
) -> Result<(), Error> {
    let mut tx = begin_tx(store).await?;
    let stored = load_store_key(&mut tx).await?.ok_or_else(|| {
        Error::new(
            Code::Validation,
            "backup: the restored store has no data key",
        )
    })?;
    if stored.store_id != header.store_id || stored.wrapped != header.wrapped {
        return Err(Error::new(
            Code::Validation,
            "backup: its header does not match the store inside it",
        ));
    }
    sign_audit_with(store, key, &stored.store_id);
    let record = AuditRecord {
        program_id: None,
        actor: "prorata".to_owned(),
        action: "store.restored".to_owned(),
        object: "store:backup".to_owned(),
        before: None,
        after: Some(json!({ "backup_made_at": header.created_at })),
        reason: None,
    };
    record_and_commit(store, tx, &record, clock.now()).await?;
    // The workstation that restored the store can work on it without asking again.
    let _ = remember_on_this_workstation(&stored.store_id, key);
    Ok(())
}

/// Stops the half-made store's server and removes what the restore created.
fn discard(data_dir: &Path, created: bool) {
    if let Ok(cluster) = LocalCluster::at(data_dir) {
        let _ = cluster.stop();
    }
    if created {
        let _ = std::fs::remove_dir_all(data_dir);
    } else if let Ok(entries) = std::fs::read_dir(data_dir) {
        for entry in entries.flatten() {
            let path: PathBuf = entry.path();
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}
