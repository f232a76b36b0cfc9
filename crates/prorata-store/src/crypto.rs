//! Field encryption. Sensitive fields (contact details, bank accounts, tax ids) are sealed
//! with AES-256-GCM under a random data key. The data key is stored only wrapped: sealed
//! with AES-256-GCM under a key derived with Argon2id from the organisation passphrase.
//! Changing the passphrase re-wraps the data key; the fields stay as they are.
//!
//! A sealed field is `version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`, and its place (e.g.
//! `users.email:42`) is authenticated as associated data, so a sealed value copied to another
//! row or column does not open.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use argon2::{Algorithm, Argon2, Params, Version};
use thiserror::Error;
use zeroize::Zeroizing;

const SEAL_VERSION: u8 = 1;
const NONCE_LEN: usize = 12;
pub const DATA_KEY_LEN: usize = 32;
const SALT_LEN: usize = 16;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the organisation passphrase is wrong (the data key does not open with it)")]
    WrongPassphrase,
    #[error("a sealed value does not open: it was changed, moved, or sealed under another key")]
    Tampered,
    #[error("a sealed value has an unknown format")]
    UnknownFormat,
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    #[error("deriving the key from the passphrase failed: {0}")]
    Kdf(String),
}

fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| CryptoError::Random(e.to_string()))?;
    Ok(bytes)
}

/// Seals `plaintext` under a 32-byte key with `context` as associated data.
fn seal(key: &[u8; DATA_KEY_LEN], plaintext: &[u8], context: &str) -> Result<Vec<u8>, CryptoError> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| CryptoError::UnknownFormat)?;
    let nonce_bytes = random_bytes::<NONCE_LEN>()?;
    let nonce = Nonce::from(nonce_bytes);
    let ciphertext = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| CryptoError::UnknownFormat)?;
    let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
    sealed.push(SEAL_VERSION);
    sealed.extend_from_slice(&nonce_bytes);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

fn open(
    key: &[u8; DATA_KEY_LEN],
    sealed: &[u8],
    context: &str,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let (version, rest) = sealed.split_first().ok_or(CryptoError::UnknownFormat)?;
    if *version != SEAL_VERSION || rest.len() < NONCE_LEN + 16 {
        return Err(CryptoError::UnknownFormat);
    }
    let (nonce_bytes, ciphertext) = rest.split_at(NONCE_LEN);
    let nonce_bytes: [u8; NONCE_LEN] = nonce_bytes
        .try_into()
        .map_err(|_| CryptoError::UnknownFormat)?;
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| CryptoError::UnknownFormat)?;
    cipher
        .decrypt(
            &Nonce::from(nonce_bytes),
            Payload {
                msg: ciphertext,
                aad: context.as_bytes(),
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Tampered)
}

/// The key that seals fields. Its bytes are wiped from memory when it is dropped.
pub struct DataKey(Zeroizing<[u8; DATA_KEY_LEN]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(•••)")
    }
}

impl DataKey {
    pub fn generate() -> Result<DataKey, CryptoError> {
        Ok(DataKey(Zeroizing::new(random_bytes()?)))
    }

    /// Rebuilds a key from its bytes (the workstation's keyring cache).
    pub fn from_bytes(bytes: &[u8]) -> Result<DataKey, CryptoError> {
        let bytes: [u8; DATA_KEY_LEN] = bytes.try_into().map_err(|_| CryptoError::UnknownFormat)?;
        Ok(DataKey(Zeroizing::new(bytes)))
    }

    pub fn bytes(&self) -> &[u8] {
        self.0.as_slice()
    }

    /// Seals a field's text for its place, e.g. `users.email:42`.
    pub fn seal(&self, plaintext: &str, context: &str) -> Result<Vec<u8>, CryptoError> {
        seal(&self.0, plaintext.as_bytes(), context)
    }

    /// A SHA-256 of the key and a value, in hex: tells values apart (for idempotency) without
    /// revealing them to anyone who does not hold the key.
    pub fn keyed_digest(&self, value: &str) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(self.0.as_slice());
        hasher.update([0x1f]);
        hasher.update(value.as_bytes());
        to_hex(&hasher.finalize())
    }

    /// Seals bytes for their place: a backup's chunk.
    pub fn seal_bytes(&self, plaintext: &[u8], context: &str) -> Result<Vec<u8>, CryptoError> {
        seal(&self.0, plaintext, context)
    }

    pub fn open_bytes(
        &self,
        sealed: &[u8],
        context: &str,
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        open(&self.0, sealed, context)
    }

    pub fn open(&self, sealed: &[u8], context: &str) -> Result<String, CryptoError> {
        let bytes = open(&self.0, sealed, context)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| CryptoError::UnknownFormat)
    }
}

/// The key that signs the audit chain: HMAC-SHA-256 over each record, derived from the data
/// key, so that someone who can write the database but lacks the passphrase cannot make a
/// record, or a changed chain, that verifies.
pub struct AuditKey(Zeroizing<[u8; DATA_KEY_LEN]>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(•••)")
    }
}

/// Labels what the derived key is for, so it is never the data key itself.
const AUDIT_KEY_LABEL: &[u8] = b"prorata audit chain key v1";

impl DataKey {
    /// The audit chain's key, derived as HMAC-SHA-256(data key, label).
    pub fn audit_key(&self) -> AuditKey {
        let mut derived = Zeroizing::new([0u8; DATA_KEY_LEN]);
        derived.copy_from_slice(&hmac_sha256(self.0.as_slice(), &[AUDIT_KEY_LABEL]));
        AuditKey(derived)
    }
}

impl AuditKey {
    /// HMAC-SHA-256 of `parts`, each preceded by its length so that no two sequences of parts
    /// give the same input.
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        hmac_sha256(self.0.as_slice(), parts)
    }
}

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// The Argon2id parameters and salt that turn the passphrase into the wrapping key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KdfParams {
    pub salt: Vec<u8>,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// A fresh salt with 64 MiB and three passes: the passphrase guards every sealed field, so
    /// it gets a costlier derivation than a sign-in password.
    pub fn fresh() -> Result<KdfParams, CryptoError> {
        Ok(KdfParams {
            salt: random_bytes::<SALT_LEN>()?.to_vec(),
            memory_kib: 65_536,
            iterations: 3,
            parallelism: 1,
        })
    }

    fn derive(&self, passphrase: &str) -> Result<Zeroizing<[u8; DATA_KEY_LEN]>, CryptoError> {
        let params = Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(DATA_KEY_LEN),
        )
        .map_err(|e| CryptoError::Kdf(e.to_string()))?;
        let mut key = Zeroizing::new([0u8; DATA_KEY_LEN]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), &self.salt, key.as_mut_slice())
            .map_err(|e| CryptoError::Kdf(e.to_string()))?;
        Ok(key)
    }
}

/// A data key sealed under the passphrase, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    pub kdf: KdfParams,
    pub sealed_key: Vec<u8>,
}

const WRAP_CONTEXT: &str = "prorata.data_key";

pub fn wrap(
    data_key: &DataKey,
    passphrase: &str,
    kdf: KdfParams,
) -> Result<WrappedKey, CryptoError> {
    let wrapping_key = kdf.derive(passphrase)?;
    let sealed_key = seal(&wrapping_key, data_key.bytes(), WRAP_CONTEXT)?;
    Ok(WrappedKey { kdf, sealed_key })
}

pub fn unwrap(wrapped: &WrappedKey, passphrase: &str) -> Result<DataKey, CryptoError> {
    let wrapping_key = wrapped.kdf.derive(passphrase)?;
    let bytes =
        open(&wrapping_key, &wrapped.sealed_key, WRAP_CONTEXT).map_err(|error| match error {
            CryptoError::Tampered => CryptoError::WrongPassphrase,
            other => other,
        })?;
    DataKey::from_bytes(&bytes)
}

/// Bytes as lowercase hex: hashes and sealed values in text files.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lowercase or uppercase hex back into bytes; `None` for anything else.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Masks a sensitive value for display: the last four characters of an account number
/// (`•••• 1234`), the first letter and the domain of an email (`o•••@example.org`).
pub fn mask(value: &str) -> String {
    if let Some((local, domain)) = value.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}•••@{domain}");
    }
    let chars: Vec<char> = value.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    format!("•••• {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> KdfParams {
        KdfParams {
            salt: vec![7; SALT_LEN],
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        }
    }

    #[test]
    fn a_sealed_field_opens_only_with_its_key_and_in_its_place() {
        let key = DataKey::generate().expect("a key");
        let sealed = key
            .seal("olive@example.org", "users.email:42")
            .expect("sealed");
        assert!(
            !sealed.windows(5).any(|w| w == b"olive"),
            "no clear text in the sealed bytes"
        );
        assert_eq!(
            key.open(&sealed, "users.email:42").expect("opens"),
            "olive@example.org"
        );
        assert_eq!(
            key.open(&sealed, "users.email:43"),
            Err(CryptoError::Tampered),
            "moved to another row"
        );
        let other = DataKey::generate().expect("a key");
        assert_eq!(
            other.open(&sealed, "users.email:42"),
            Err(CryptoError::Tampered)
        );
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(
            key.open(&flipped, "users.email:42"),
            Err(CryptoError::Tampered)
        );
        assert_ne!(
            key.seal("same", "c").expect("a"),
            key.seal("same", "c").expect("b"),
            "a fresh nonce each time"
        );
    }

    #[test]
    fn the_data_key_unwraps_only_with_the_passphrase_and_survives_rotation() {
        let key = DataKey::generate().expect("a key");
        let sealed = key
            .seal("GB29 NWBK 6016 1331 9268 19", "bank_accounts.number:1")
            .expect("sealed");
        let wrapped = wrap(&key, "the old passphrase", cheap()).expect("wrapped");
        assert_eq!(
            unwrap(&wrapped, "a wrong passphrase").map(|_| ()),
            Err(CryptoError::WrongPassphrase)
        );
        let opened = unwrap(&wrapped, "the old passphrase").expect("unwraps");
        let rewrapped = wrap(&opened, "the new passphrase", cheap()).expect("re-wrapped");
        assert_eq!(
            unwrap(&rewrapped, "the old passphrase").map(|_| ()),
            Err(CryptoError::WrongPassphrase)
        );
        let after = unwrap(&rewrapped, "the new passphrase").expect("unwraps");
        assert_eq!(
            after
                .open(&sealed, "bank_accounts.number:1")
                .expect("opens"),
            "GB29 NWBK 6016 1331 9268 19"
        );
    }

    #[test]
    fn masks_show_only_what_identifies() {
        assert_eq!(mask("12345678"), "•••• 5678");
        assert_eq!(mask("olive@example.org"), "o•••@example.org");
        assert_eq!(mask("12"), "•••• 12");
    }
}
