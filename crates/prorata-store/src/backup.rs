//! Encrypted backups: a `pg_dump` of the store, sealed chunk by chunk under the data key.
//!
//! A backup file is
//!
//! ```text
//! PRORATA BACKUP 1\n
//! {header as JSON}\n                     store id, when, migration, the data key wrapped
//! (u32 length, sealed chunk)*             AES-256-GCM under the data key
//! ```
//!
//! The header carries the data key wrapped under the organisation passphrase (as the store
//! keeps it), so a restore needs the passphrase and nothing else. Each chunk is sealed with
//! its place as associated data (`prorata.backup:STORE:INDEX:more|last`), so chunks cannot be
//! reordered, moved between backups, or cut off at the end: the last chunk says it is last.
//! Nothing of the store is in clear: not a name, not a sealed value, not an amount.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::StoreLocation;
use crate::cluster::{LocalCluster, ServerBinaries};
use crate::crypto::{CryptoError, DataKey, KdfParams, WrappedKey, from_hex, to_hex};

const MAGIC: &[u8] = b"PRORATA BACKUP 1\n";
/// Plaintext per chunk: large enough to stream at disk speed, small enough to hold in memory.
const CHUNK_BYTES: usize = 1 << 20;
/// The largest sealed chunk a reader accepts: a chunk, its nonce, tag and version byte.
const MAX_SEALED_CHUNK_BYTES: usize = CHUNK_BYTES + 64;
/// The largest header a reader accepts.
const MAX_HEADER_BYTES: u64 = 64 * 1024;

#[derive(Debug, Error)]
pub enum BackupError {
    #[error("{0}")]
    Io(String),
    #[error("{program} failed: {detail}")]
    Tool { program: String, detail: String },
    #[error("this is not a Prorata backup file (its first line is not `PRORATA BACKUP 1`)")]
    NotABackup,
    #[error("the backup file is damaged: {0}")]
    Damaged(String),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
}

fn io(action: &str) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::Io(format!("{action}: {e}"))
}

/// What a backup says about itself, in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupHeader {
    pub store_id: String,
    pub created_at: String,
    pub migration_version: Option<i64>,
    pub wrapped: WrappedKey,
}

impl BackupHeader {
    fn to_json(&self) -> String {
        json!({
            "store_id": self.store_id,
            "created_at": self.created_at,
            "migration_version": self.migration_version,
            "kdf": {
                "salt": to_hex(&self.wrapped.kdf.salt),
                "memory_kib": self.wrapped.kdf.memory_kib,
                "iterations": self.wrapped.kdf.iterations,
                "parallelism": self.wrapped.kdf.parallelism,
            },
            "sealed_key": to_hex(&self.wrapped.sealed_key),
        })
        .to_string()
    }

    fn from_json(text: &str) -> Result<BackupHeader, BackupError> {
        let damaged = || BackupError::Damaged("its header cannot be read".to_owned());
        let value: Value = serde_json::from_str(text).map_err(|_| damaged())?;
        let text_of =
            |v: &Value, name: &str| v.get(name).and_then(Value::as_str).map(str::to_owned);
        let number = |v: &Value, name: &str| {
            v.get(name)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        let kdf = value.get("kdf").ok_or_else(damaged)?;
        Ok(BackupHeader {
            store_id: text_of(&value, "store_id").ok_or_else(damaged)?,
            created_at: text_of(&value, "created_at").ok_or_else(damaged)?,
            migration_version: value.get("migration_version").and_then(Value::as_i64),
            wrapped: WrappedKey {
                kdf: KdfParams {
                    salt: text_of(kdf, "salt")
                        .and_then(|s| from_hex(&s))
                        .ok_or_else(damaged)?,
                    memory_kib: number(kdf, "memory_kib").ok_or_else(damaged)?,
                    iterations: number(kdf, "iterations").ok_or_else(damaged)?,
                    parallelism: number(kdf, "parallelism").ok_or_else(damaged)?,
                },
                sealed_key: text_of(&value, "sealed_key")
                    .and_then(|s| from_hex(&s))
                    .ok_or_else(damaged)?,
            },
        })
    }
}

fn chunk_context(store_id: &str, index: u64, last: bool) -> String {
    let place = if last { "last" } else { "more" };
    format!("prorata.backup:{store_id}:{index}:{place}")
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Fills `buf` from `input` as far as it goes; fewer bytes than asked only at the end.
fn read_full(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// What writing a backup gave: the file's SHA-256 and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub sha256: String,
    pub bytes: u64,
}

/// Seals `plain` (a dump) into `out` under `key`, chunk by chunk.
pub fn seal_backup(
    mut plain: impl Read,
    out: impl Write,
    header: &BackupHeader,
    key: &DataKey,
) -> Result<Sealed, BackupError> {
    let mut out = Hashing {
        inner: out,
        hasher: Sha256::new(),
        bytes: 0,
    };
    let write = io("writing the backup");
    out.write_all(MAGIC).map_err(&write)?;
    out.write_all(header.to_json().as_bytes()).map_err(&write)?;
    out.write_all(b"\n").map_err(&write)?;
    let mut chunk = vec![0u8; CHUNK_BYTES];
    let mut next = vec![0u8; CHUNK_BYTES];
    let mut filled = read_full(&mut plain, &mut chunk).map_err(io("reading the dump"))?;
    // One chunk ahead, so the last chunk is known to be last when it is sealed.
    for index in 0u64.. {
        let next_filled = if filled == CHUNK_BYTES {
            read_full(&mut plain, &mut next).map_err(io("reading the dump"))?
        } else {
            0
        };
        let last = next_filled == 0;
        let context = chunk_context(&header.store_id, index, last);
        let sealed = key.seal_bytes(&chunk[..filled], &context)?;
        let length = u32::try_from(sealed.len()).expect("a chunk is under 4 GiB");
        out.write_all(&length.to_be_bytes()).map_err(&write)?;
        out.write_all(&sealed).map_err(&write)?;
        if last {
            break;
        }
        std::mem::swap(&mut chunk, &mut next);
        filled = next_filled;
    }
    out.flush().map_err(&write)?;
    Ok(Sealed {
        sha256: to_hex(&out.hasher.finalize()),
        bytes: out.bytes,
    })
}

/// Reads a backup's header, leaving `input` at its first chunk.
pub fn read_header(input: &mut impl BufRead) -> Result<BackupHeader, BackupError> {
    let mut magic = vec![0u8; MAGIC.len()];
    let got = read_full(input, &mut magic).map_err(io("reading the backup"))?;
    if got != MAGIC.len() || magic != MAGIC {
        return Err(BackupError::NotABackup);
    }
    let mut line = String::new();
    input
        .take(MAX_HEADER_BYTES)
        .read_line(&mut line)
        .map_err(io("reading the backup"))?;
    BackupHeader::from_json(line.trim_end())
}

/// Opens the chunks after the header into `plain`, refusing any chunk changed, moved or
/// missing, and a file cut short.
pub fn open_backup(
    mut input: impl Read,
    mut plain: impl Write,
    header: &BackupHeader,
    key: &DataKey,
) -> Result<u64, BackupError> {
    let mut bytes = 0u64;
    let mut sealed = vec![0u8; MAX_SEALED_CHUNK_BYTES];
    for index in 0u64.. {
        let mut length = [0u8; 4];
        if read_full(&mut input, &mut length).map_err(io("reading the backup"))? != 4 {
            return Err(BackupError::Damaged(format!(
                "it ends before chunk {index}: its last chunk is missing (the file was cut short)"
            )));
        }
        let length = u32::from_be_bytes(length) as usize;
        if length > MAX_SEALED_CHUNK_BYTES {
            return Err(BackupError::Damaged(format!("chunk {index} is too long")));
        }
        if read_full(&mut input, &mut sealed[..length]).map_err(io("reading the backup"))? != length
        {
            return Err(BackupError::Damaged(format!("chunk {index} is cut short")));
        }
        let (opened, last) = match key.open_bytes(
            &sealed[..length],
            &chunk_context(&header.store_id, index, false),
        ) {
            Ok(opened) => (opened, false),
            Err(_) => match key.open_bytes(
                &sealed[..length],
                &chunk_context(&header.store_id, index, true),
            ) {
                Ok(opened) => (opened, true),
                Err(_) => {
                    return Err(BackupError::Damaged(format!(
                        "chunk {index} does not open under the data key (it was changed or moved)"
                    )));
                }
            },
        };
        plain.write_all(&opened).map_err(io("restoring"))?;
        bytes += opened.len() as u64;
        if last {
            let mut rest = [0u8; 1];
            if read_full(&mut input, &mut rest).map_err(io("reading the backup"))? != 0 {
                return Err(BackupError::Damaged(
                    "bytes follow its last chunk".to_owned(),
                ));
            }
            break;
        }
    }
    plain.flush().map_err(io("restoring"))?;
    Ok(bytes)
}

fn tool_error(program: &str, output: &std::process::Output) -> BackupError {
    BackupError::Tool {
        program: program.to_owned(),
        detail: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
    }
}

/// `pg_dump` of the store in PostgreSQL's custom format, as the owner, for `location`.
fn dump_command(location: &StoreLocation) -> Result<Command, BackupError> {
    let missing = |e: crate::cluster::ClusterError| BackupError::Io(e.to_string());
    match location {
        StoreLocation::Local { data_dir } => {
            let cluster = LocalCluster::at(data_dir).map_err(missing)?;
            let version = std::fs::read_to_string(cluster.pgdata().join("PG_VERSION"))
                .map_err(io("reading the cluster's version"))?;
            let binaries = ServerBinaries::find(Some(version.trim())).map_err(missing)?;
            let options = cluster.connect_options();
            let mut command = Command::new(binaries.program("pg_dump"));
            command
                .arg("--host")
                .arg(cluster.socket_dir())
                .args(["--username", options.get_username()])
                .args(["--dbname", options.get_database().unwrap_or("prorata")]);
            Ok(command)
        }
        StoreLocation::Remote(remote) => {
            let binaries = ServerBinaries::find(None).map_err(missing)?;
            let mut command = Command::new(binaries.program("pg_dump"));
            command.arg("--dbname").arg(remote.url());
            if !remote.url().contains("sslmode=") {
                command.env("PGSSLMODE", "verify-full");
            }
            if let Some(password) = remote
                .password()
                .map_err(|e| BackupError::Io(e.to_string()))?
            {
                // To the child's environment only: never an argument, a file or a log.
                command.env("PGPASSWORD", password);
            }
            Ok(command)
        }
    }
}

/// Dumps the store and seals the dump into the file at `out` (created; never overwritten).
pub fn write_backup(
    location: &StoreLocation,
    out: &Path,
    header: &BackupHeader,
    key: &DataKey,
) -> Result<Sealed, BackupError> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .map_err(io(&format!("creating {}", out.display())))?;
    let mut child = dump_command(location)?
        .args(["--format", "custom", "--compress", "6", "--no-password"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(io("starting pg_dump"))?;
    let stdout = child.stdout.take().expect("piped");
    let sealed = seal_backup(stdout, std::io::BufWriter::new(&file), header, key);
    let output = child
        .wait_with_output()
        .map_err(io("waiting for pg_dump"))?;
    let outcome = if output.status.success() {
        sealed.and_then(|sealed| {
            file.sync_all().map_err(io("writing the backup"))?;
            Ok(sealed)
        })
    } else {
        Err(tool_error("pg_dump", &output))
    };
    if outcome.is_err() {
        let _ = std::fs::remove_file(out);
    }
    outcome
}

/// Restores a backup's dump into the new local store at `data_dir`, whose server runs and
/// whose database is empty, as the owner.
pub fn restore_dump(
    data_dir: &Path,
    backup: impl Read,
    header: &BackupHeader,
    key: &DataKey,
) -> Result<u64, BackupError> {
    let missing = |e: crate::cluster::ClusterError| BackupError::Io(e.to_string());
    let cluster = LocalCluster::at(data_dir).map_err(missing)?;
    let binaries = ServerBinaries::find(None).map_err(missing)?;
    let options = cluster.connect_options();
    let mut child = Command::new(binaries.program("pg_restore"))
        .arg("--host")
        .arg(cluster.socket_dir())
        .args(["--username", options.get_username()])
        .args(["--dbname", options.get_database().unwrap_or("prorata")])
        .args([
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(io("starting pg_restore"))?;
    let stdin = child.stdin.take().expect("piped");
    let opened = open_backup(
        BufReader::new(backup),
        std::io::BufWriter::new(stdin),
        header,
        key,
    );
    let output = child
        .wait_with_output()
        .map_err(io("waiting for pg_restore"))?;
    let bytes = opened?;
    if !output.status.success() {
        return Err(tool_error("pg_restore", &output));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> BackupHeader {
        BackupHeader {
            store_id: "0123456789abcdef".to_owned(),
            created_at: "2026-12-02T05:00:00Z".to_owned(),
            migration_version: Some(20_261_202_000_014),
            wrapped: WrappedKey {
                kdf: KdfParams {
                    salt: vec![7; 16],
                    memory_kib: 8,
                    iterations: 1,
                    parallelism: 1,
                },
                sealed_key: vec![1, 2, 3],
            },
        }
    }

    /// A dump of three and a half chunks, each byte telling its place.
    fn dump() -> Vec<u8> {
        (0..CHUNK_BYTES * 7 / 2)
            .map(|i| u8::try_from(i % 251).expect("under 256"))
            .collect()
    }

    fn sealed(key: &DataKey, plain: &[u8]) -> Vec<u8> {
        let mut file = Vec::new();
        seal_backup(plain, &mut file, &header(), key).expect("seals");
        file
    }

    fn opened(key: &DataKey, file: &[u8]) -> Result<Vec<u8>, BackupError> {
        let mut input = std::io::Cursor::new(file);
        let header = read_header(&mut input)?;
        let mut plain = Vec::new();
        open_backup(input, &mut plain, &header, key)?;
        Ok(plain)
    }

    /// Where chunk `index` of a sealed file starts (its length prefix).
    fn chunk_at(file: &[u8], index: usize) -> usize {
        let mut at = file.iter().position(|b| *b == b'\n').expect("magic") + 1;
        at += file[at..].iter().position(|b| *b == b'\n').expect("header") + 1;
        for _ in 0..index {
            let length = u32::from_be_bytes(file[at..at + 4].try_into().expect("4 bytes"));
            at += 4 + length as usize;
        }
        at
    }

    #[test]
    fn a_dump_sealed_in_chunks_opens_to_the_same_bytes_and_its_sha256_is_the_files() {
        let key = DataKey::generate().expect("a key");
        let plain = dump();
        let mut file = Vec::new();
        let made = seal_backup(plain.as_slice(), &mut file, &header(), &key).expect("seals");
        assert_eq!(made.bytes, file.len() as u64);
        assert_eq!(made.sha256, to_hex(&Sha256::digest(&file)));
        assert_eq!(opened(&key, &file).expect("opens"), plain);
        let empty = sealed(&key, &[]);
        assert_eq!(opened(&key, &empty).expect("opens"), Vec::<u8>::new());
        let exact = vec![9u8; CHUNK_BYTES];
        assert_eq!(opened(&key, &sealed(&key, &exact)).expect("opens"), exact);
    }

    #[test]
    fn a_changed_swapped_cut_or_extended_backup_is_refused_by_what_is_wrong() {
        let key = DataKey::generate().expect("a key");
        let file = sealed(&key, &dump());
        let message = |file: &[u8]| opened(&key, file).expect_err("refused").to_string();

        let mut changed = file.clone();
        let at = chunk_at(&file, 1) + 100;
        changed[at] ^= 1;
        assert_eq!(
            message(&changed),
            "the backup file is damaged: chunk 1 does not open under the data key (it was changed or moved)"
        );

        let (one, two, three) = (chunk_at(&file, 1), chunk_at(&file, 2), chunk_at(&file, 3));
        let mut swapped = file[..one].to_vec();
        swapped.extend_from_slice(&file[two..three]);
        swapped.extend_from_slice(&file[one..two]);
        swapped.extend_from_slice(&file[three..]);
        assert!(message(&swapped).contains("chunk 1 does not open"));

        let cut = &file[..chunk_at(&file, 3)];
        assert_eq!(
            message(cut),
            "the backup file is damaged: it ends before chunk 3: its last chunk is missing (the file was cut short)"
        );
        let mut extended = file.clone();
        extended.push(0);
        assert_eq!(
            message(&extended),
            "the backup file is damaged: bytes follow its last chunk"
        );

        let other = DataKey::generate().expect("another key");
        assert!(
            opened(&other, &file)
                .expect_err("refused")
                .to_string()
                .contains("chunk 0 does not open")
        );
        assert!(matches!(
            opened(&key, b"PK\x03\x04 not ours"),
            Err(BackupError::NotABackup)
        ));
    }

    #[test]
    fn the_header_holds_the_wrapped_key_and_nothing_of_the_store() {
        let key = DataKey::generate().expect("a key");
        let file = sealed(
            &key,
            b"CREATE TABLE secret_names; COPY investors (name) FROM stdin; Amal",
        );
        let mut input = std::io::Cursor::new(file.as_slice());
        assert_eq!(read_header(&mut input).expect("reads"), header());
        assert!(!file.windows(4).any(|w| w == b"Amal"));
    }
}
