-- The audit chain is keyed: each new record's hash is an HMAC-SHA-256 under a key derived
-- from the data key (prorata-store::crypto::AuditKey), which no SQL client holds, so a
-- changed or forged record can be written but never made to verify. Each record also names
-- the workstation and the front end that wrote it. Records written before this migration keep
-- their plain SHA-256 (hash version 1); they may only come before every keyed record.

ALTER TABLE audit_log
    ADD COLUMN hash_version smallint NOT NULL DEFAULT 1,
    ADD COLUMN workstation text,
    ADD COLUMN front_end text;

-- What is appended from now on is keyed unless it says otherwise, and may not say otherwise.
ALTER TABLE audit_log ALTER COLUMN hash_version DROP DEFAULT;

ALTER TABLE audit_log
    ADD CONSTRAINT audit_log_hash_version CHECK (hash_version IN (1, 2)),
    ADD CONSTRAINT audit_log_keyed_names_origin CHECK (
        hash_version = 1
        OR (length(workstation) BETWEEN 1 AND 255 AND front_end IN ('cli', 'desktop'))
    );

-- Each record links to the one before it, and no unkeyed record is appended any more: an
-- unkeyed record after this migration could only be a forgery.
CREATE OR REPLACE FUNCTION audit_check_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_hash bytea;
BEGIN
    IF NEW.hash_version <> 2 THEN
        RAISE EXCEPTION 'audit: record % is not keyed; every new record carries an HMAC under the audit key', NEW.id
            USING ERRCODE = 'P0001', HINT = 'audit_unkeyed';
    END IF;
    SELECT hash INTO last_hash FROM audit_log WHERE id < NEW.id ORDER BY id DESC LIMIT 1;
    IF NEW.previous_hash IS DISTINCT FROM coalesce(last_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) THEN
        RAISE EXCEPTION 'audit: record % does not link to the record before it', NEW.id
            USING ERRCODE = 'P0001', HINT = 'audit_broken_link';
    END IF;
    RETURN NEW;
END $$;
