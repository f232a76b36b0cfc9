-- A second factor for money that leaves: each user's authenticator secret (TOTP, RFC 6238),
-- sealed under the data key; the last step whose code was accepted, so that no code is
-- accepted twice; wrong codes counted, so that guessing stops after a few.

-- Programs made from now on require a fresh code to approve distributions and batches and to
-- execute a batch; programs that existed before keep working as they did until an admin
-- turns it on (no one there has an authenticator yet).
ALTER TABLE programs ADD COLUMN require_second_factor boolean NOT NULL DEFAULT false;
ALTER TABLE programs ALTER COLUMN require_second_factor SET DEFAULT true;
GRANT UPDATE (require_second_factor) ON programs TO prorata_app;

CREATE TABLE user_second_factors (
    user_id bigint PRIMARY KEY REFERENCES users (id),
    -- The 20-byte secret sealed under the data key, bound to `user_second_factors:{user_id}`.
    secret_sealed bytea NOT NULL,
    enrolled_at timestamptz NOT NULL,
    -- Set when the user first gave a code of the secret: until then it proves nothing.
    confirmed_at timestamptz,
    -- The 30-second step of the last code accepted; a code of this step or before is a replay.
    last_step bigint NOT NULL DEFAULT 0 CHECK (last_step >= 0),
    failed_codes integer NOT NULL DEFAULT 0 CHECK (failed_codes >= 0),
    last_failed_at timestamptz,
    CHECK (confirmed_at IS NULL OR confirmed_at >= enrolled_at)
);

-- Enrolling again replaces an unconfirmed secret (delete, insert); disabling deletes the row.
-- A secret is never rewritten in place.
GRANT UPDATE (confirmed_at, last_step, failed_codes, last_failed_at) ON user_second_factors
    TO prorata_app;
GRANT DELETE ON user_second_factors TO prorata_app;

-- The step only moves forward and a confirmation is never undone or moved, for the owner too:
-- a code once accepted can never be made acceptable again.
CREATE FUNCTION user_second_factors_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.secret_sealed IS DISTINCT FROM OLD.secret_sealed
       OR NEW.enrolled_at IS DISTINCT FROM OLD.enrolled_at
       OR NEW.user_id IS DISTINCT FROM OLD.user_id THEN
        RAISE EXCEPTION 'user %: a second-factor secret is never rewritten; enrol again', OLD.user_id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.last_step < OLD.last_step THEN
        RAISE EXCEPTION 'user %: the second factor''s last step only moves forward (% after %)',
            OLD.user_id, NEW.last_step, OLD.last_step
            USING ERRCODE = 'check_violation', HINT = 'second_factor_step';
    END IF;
    IF OLD.confirmed_at IS NOT NULL AND NEW.confirmed_at IS DISTINCT FROM OLD.confirmed_at THEN
        RAISE EXCEPTION 'user %: a confirmed second factor stays confirmed', OLD.user_id
            USING ERRCODE = 'check_violation', HINT = 'second_factor_step';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER user_second_factors_guard BEFORE UPDATE ON user_second_factors
    FOR EACH ROW EXECUTE FUNCTION user_second_factors_guard();
