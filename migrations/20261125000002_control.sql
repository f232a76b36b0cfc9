-- Control: programs (tenants), users with Argon2id password hashes, roles granted per
-- program, idempotency keys, and the hash-chained audit log.

CREATE TABLE programs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{0,39}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL
);

CREATE TYPE control_role AS ENUM ('admin', 'officer', 'approver', 'auditor');

CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9._-]{0,63}$'),
    -- Only Argon2id hashes in PHC form: never a password, never another algorithm.
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    created_at timestamptz NOT NULL,
    disabled_at timestamptz,
    failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    last_failed_sign_in_at timestamptz
);

CREATE TABLE role_grants (
    program_id bigint NOT NULL REFERENCES programs (id),
    user_id bigint NOT NULL REFERENCES users (id),
    role control_role NOT NULL,
    granted_at timestamptz NOT NULL,
    granted_by text NOT NULL,
    PRIMARY KEY (program_id, user_id, role)
);

-- The results of mutating operations by idempotency key: the same key and request returns
-- the stored result; the same key with another request is a conflict.
CREATE TABLE idempotency_keys (
    idempotency_key text PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    operation text NOT NULL,
    actor text NOT NULL,
    request_digest bytea NOT NULL CHECK (length(request_digest) = 32),
    response jsonb,
    created_at timestamptz NOT NULL
);

-- The audit log: append-only, each record holding the SHA-256 of the record before it and
-- of its own canonical content (computed by prorata-store; `prorata audit verify`
-- recomputes the chain).
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint REFERENCES programs (id),
    recorded_at timestamptz NOT NULL,
    actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.]*$'),
    object text NOT NULL CHECK (length(object) <= 400),
    before jsonb,
    after jsonb,
    reason text CHECK (length(reason) <= 4000),
    previous_hash bytea NOT NULL CHECK (length(previous_hash) = 32),
    hash bytea NOT NULL UNIQUE CHECK (length(hash) = 32)
);

CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_recorded_at ON audit_log (recorded_at);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit: the audit log is append-only; % is refused', TG_OP
        USING ERRCODE = 'P0001', HINT = 'audit_append_only';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Each record links to the one before it: its previous_hash is that record's hash (32 zero
-- bytes for the first). The content hash itself is checked by `prorata audit verify`.
CREATE FUNCTION audit_check_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_hash bytea;
BEGIN
    SELECT hash INTO last_hash FROM audit_log WHERE id < NEW.id ORDER BY id DESC LIMIT 1;
    IF NEW.previous_hash IS DISTINCT FROM coalesce(last_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) THEN
        RAISE EXCEPTION 'audit: record % does not link to the record before it', NEW.id
            USING ERRCODE = 'P0001', HINT = 'audit_broken_link';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_log_linked BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_check_link();
