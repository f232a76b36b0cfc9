-- Idempotency keys are a program's own: the same key in two programs is two keys, and the
-- result kept under one is never returned in the other. The stored digest covers the
-- operation, the program and the actor with the request (prorata-app::idempotent), and a
-- replay by another user is refused. Keys claimed before this belong to the first program.

ALTER TABLE idempotency_keys ADD COLUMN program_id bigint REFERENCES programs (id);
UPDATE idempotency_keys SET program_id = (SELECT id FROM programs ORDER BY id LIMIT 1);
ALTER TABLE idempotency_keys ALTER COLUMN program_id SET NOT NULL;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (program_id, idempotency_key);

-- A claimed key is kept: never deleted, its request never changed, its result written once.
CREATE FUNCTION idempotency_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION 'idempotency keys are kept: % is refused', TG_OP
            USING ERRCODE = 'restrict_violation', HINT = 'idempotency_key_kept';
    END IF;
    IF OLD.response IS NOT NULL
       OR (NEW.program_id, NEW.idempotency_key, NEW.operation, NEW.actor, NEW.request_digest, NEW.created_at)
          IS DISTINCT FROM
          (OLD.program_id, OLD.idempotency_key, OLD.operation, OLD.actor, OLD.request_digest, OLD.created_at) THEN
        RAISE EXCEPTION 'idempotency key %: only its result is written, once', OLD.idempotency_key
            USING ERRCODE = 'restrict_violation', HINT = 'idempotency_key_kept';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER idempotency_keys_guard BEFORE UPDATE OR DELETE ON idempotency_keys
    FOR EACH ROW EXECUTE FUNCTION idempotency_keys_guard();
CREATE TRIGGER idempotency_keys_no_truncate BEFORE TRUNCATE ON idempotency_keys
    FOR EACH STATEMENT EXECUTE FUNCTION idempotency_keys_guard();
