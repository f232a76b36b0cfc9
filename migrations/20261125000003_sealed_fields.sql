-- Sealed fields: the organisation's data key, stored only wrapped under a key derived with
-- Argon2id from the organisation passphrase, and the first sealed field (users' email).

CREATE TABLE store_keys (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    -- Names this store in each workstation's keyring, where the unwrapped key is cached.
    store_id text NOT NULL UNIQUE CHECK (length(store_id) BETWEEN 16 AND 64),
    kdf_salt bytea NOT NULL CHECK (length(kdf_salt) >= 16),
    kdf_memory_kib integer NOT NULL CHECK (kdf_memory_kib >= 8),
    kdf_iterations integer NOT NULL CHECK (kdf_iterations >= 1),
    kdf_parallelism integer NOT NULL CHECK (kdf_parallelism >= 1),
    sealed_data_key bytea NOT NULL,
    -- A known text sealed under the data key: tells a cached key from a stale one.
    key_check bytea NOT NULL,
    created_at timestamptz NOT NULL,
    rotated_at timestamptz
);

ALTER TABLE users ADD COLUMN email_sealed bytea;
