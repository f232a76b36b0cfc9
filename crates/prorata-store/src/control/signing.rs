//! What a store handle needs to write the audit chain: the audit key, once the data key is
//! unlocked; the workstation and front end named on every record; and the head of the chain
//! this workstation last saw, kept in a file of its own data folder (out of reach of a SQL
//! client), so that records cut from the end of the chain are noticed.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use prorata_domain::control::FrontEnd;
use serde_json::json;
use thiserror::Error;

use super::audit::{AuditHead, AuditSigner};
use crate::crypto::{AuditKey, from_hex, to_hex};

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SigningError {
    #[error(
        "this workstation has not unlocked the store's data key, which signs the audit log: \
         give the organisation passphrase once (it is then kept in the OS keyring)"
    )]
    Locked,
    #[error("the front end did not name itself, so its audit records could not say who wrote them")]
    FrontEndUnnamed,
    #[error("this workstation's record of the audit log's head ({file}) cannot be used: {why}")]
    HeadFile { file: String, why: String },
}

/// The audit signing state of one store handle, shared by its clones.
#[derive(Debug)]
pub struct AuditSigning {
    workstation: String,
    front_end: OnceLock<FrontEnd>,
    key: OnceLock<AuditKey>,
    /// The workstation's own folder for this store: the local store's data folder, or the
    /// default data folder for a remote store.
    folder: OnceLock<PathBuf>,
    head_file: OnceLock<PathBuf>,
    store_id: OnceLock<String>,
    /// The highest head this process committed, so the file is written only forward.
    noted: Mutex<Option<AuditHead>>,
}

impl Default for AuditSigning {
    fn default() -> AuditSigning {
        AuditSigning {
            workstation: whoami::hostname().unwrap_or_else(|_| "unknown host".to_owned()),
            front_end: OnceLock::new(),
            key: OnceLock::new(),
            folder: OnceLock::new(),
            head_file: OnceLock::new(),
            store_id: OnceLock::new(),
            noted: Mutex::new(None),
        }
    }
}

impl AuditSigning {
    pub fn workstation(&self) -> &str {
        &self.workstation
    }

    /// Names the front end that writes through this handle; the first name given stays.
    pub fn name_front_end(&self, front_end: FrontEnd) {
        let _ = self.front_end.set(front_end);
    }

    /// Keeps the head this workstation saw in `folder` (set when the store is opened).
    pub fn keep_heads_in(&self, folder: &Path) {
        let _ = self.folder.set(folder.to_path_buf());
    }

    /// Gives the handle the audit key of store `store_id` (derived from its data key).
    pub fn unlock(&self, key: AuditKey, store_id: &str) {
        let _ = self.key.set(key);
        let _ = self.store_id.set(store_id.to_owned());
        if let Some(folder) = self.folder.get() {
            let _ = self
                .head_file
                .set(folder.join(format!("audit-head-{store_id}.json")));
        }
    }

    pub fn key(&self) -> Result<&AuditKey, SigningError> {
        self.key.get().ok_or(SigningError::Locked)
    }

    pub fn signer(&self) -> Result<AuditSigner<'_>, SigningError> {
        Ok(AuditSigner {
            key: self.key()?,
            workstation: &self.workstation,
            front_end: *self.front_end.get().ok_or(SigningError::FrontEndUnnamed)?,
        })
    }

    fn head_mac(key: &AuditKey, store_id: &str, head: &AuditHead) -> Vec<u8> {
        key.mac(&[
            b"audit head v1",
            store_id.as_bytes(),
            &head.id.to_be_bytes(),
            &head.hash,
        ])
        .to_vec()
    }

    fn head_file_error(&self, why: impl Into<String>) -> SigningError {
        let file = self
            .head_file
            .get()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        SigningError::HeadFile {
            file,
            why: why.into(),
        }
    }

    /// The head this workstation last saw: the later of the file's and this process's.
    /// A file whose signature does not verify is an error, never silently ignored.
    pub fn seen_head(&self) -> Result<Option<AuditHead>, SigningError> {
        let noted = self.noted.lock().map(|h| h.clone()).unwrap_or(None);
        let from_file = self.read_head_file()?;
        Ok(match (noted, from_file) {
            (Some(a), Some(b)) => Some(if a.id >= b.id { a } else { b }),
            (a, b) => a.or(b),
        })
    }

    fn read_head_file(&self) -> Result<Option<AuditHead>, SigningError> {
        let (Some(file), Some(store_id)) = (self.head_file.get(), self.store_id.get()) else {
            return Ok(None);
        };
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.head_file_error(e.to_string())),
        };
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| self.head_file_error(e.to_string()))?;
        let field = |name: &str| value.get(name).and_then(|v| v.as_str()).and_then(from_hex);
        let (Some(id), Some(hash), Some(mac)) = (
            value.get("record").and_then(|v| v.as_i64()),
            field("hash"),
            field("mac"),
        ) else {
            return Err(self.head_file_error("it is not a head record"));
        };
        let head = AuditHead { id, hash };
        if Self::head_mac(self.key()?, store_id, &head) != mac {
            return Err(self.head_file_error("its signature does not verify (it was edited)"));
        }
        Ok(Some(head))
    }

    /// Notes a head this process committed, or verified, and writes it to the file when it
    /// is later than the one there. Written to a new file, then renamed over the old one, so a
    /// crash leaves one whole head or the other.
    pub fn note_head(&self, head: AuditHead) -> Result<(), SigningError> {
        {
            let mut noted = self.noted.lock().unwrap_or_else(|p| p.into_inner());
            if noted.as_ref().is_some_and(|n| n.id >= head.id) {
                return Ok(());
            }
            *noted = Some(head.clone());
        }
        let (Some(file), Some(store_id)) = (self.head_file.get(), self.store_id.get()) else {
            return Ok(());
        };
        if self
            .read_head_file()?
            .is_some_and(|on_file| on_file.id >= head.id)
        {
            return Ok(());
        }
        let mac = Self::head_mac(self.key()?, store_id, &head);
        let text = json!({
            "store_id": store_id,
            "record": head.id,
            "hash": to_hex(&head.hash),
            "mac": to_hex(&mac),
        })
        .to_string();
        let partial = file.with_extension("json.partial");
        file.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&partial, text))
            .and_then(|()| std::fs::rename(&partial, file))
            .map_err(|e| self.head_file_error(e.to_string()))
    }
}
