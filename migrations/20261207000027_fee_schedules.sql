-- Fee schedules (DESIGN §8): what comes off a community's revenue before its members are
-- paid, per program, versioned by the day each version takes effect. A version is set by an
-- admin, dated after every earlier version of its program (so what applied to a day already
-- split never changes), and never changed or deleted: a new version follows it.

CREATE TABLE fee_schedules (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    effective_from date NOT NULL,
    gst_rate numeric NOT NULL CHECK (gst_rate BETWEEN 0 AND 1),
    gateway_fee_rate numeric NOT NULL CHECK (gateway_fee_rate BETWEEN 0 AND 1),
    -- In each transaction's currency, at most as precise as it.
    gateway_fixed_fee numeric NOT NULL CHECK (gateway_fixed_fee >= 0 AND scale(gateway_fixed_fee) <= 4),
    gateway_fee_gst boolean NOT NULL,
    platform_fee_rate_event numeric NOT NULL CHECK (platform_fee_rate_event BETWEEN 0 AND 1),
    platform_fee_rate_sponsor numeric NOT NULL CHECK (platform_fee_rate_sponsor BETWEEN 0 AND 1),
    platform_fee_rate_premium numeric NOT NULL CHECK (platform_fee_rate_premium BETWEEN 0 AND 1),
    platform_fee_rate_custom numeric NOT NULL CHECK (platform_fee_rate_custom BETWEEN 0 AND 1),
    platform_fee_gst boolean NOT NULL,
    holding_days integer NOT NULL CHECK (holding_days BETWEEN 0 AND 365),
    set_by text NOT NULL,
    set_by_id bigint REFERENCES users (id),
    set_at timestamptz NOT NULL,
    UNIQUE (program_id, effective_from),
    UNIQUE (program_id, id)
);

-- A version: by an admin, after every earlier version of the program; two set at once take
-- turns on the program's lock.
CREATE FUNCTION fee_schedule_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    latest date;
BEGIN
    NEW.set_by_id := act_user_id(TG_TABLE_NAME, 'set_by', NEW.set_by);
    IF NOT user_holds_role(NEW.program_id, NEW.set_by, '{admin}') THEN
        RAISE EXCEPTION '%: % is not a user holding admin in this program', TG_TABLE_NAME, NEW.set_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('fee_schedules:' || NEW.program_id, 0));
    SELECT max(effective_from) INTO latest FROM fee_schedules WHERE program_id = NEW.program_id;
    IF latest IS NOT NULL AND NEW.effective_from <= latest THEN
        RAISE EXCEPTION 'fee_schedules: the program''s latest version takes effect on %; a new one must start after it, not on %',
            latest, NEW.effective_from
            USING ERRCODE = 'check_violation', HINT = 'fee_schedule_order';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER fee_schedules_set BEFORE INSERT ON fee_schedules
    FOR EACH ROW EXECUTE FUNCTION fee_schedule_set();

CREATE TRIGGER fee_schedules_append_only BEFORE UPDATE OR DELETE ON fee_schedules
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER fee_schedules_no_truncate BEFORE TRUNCATE ON fee_schedules
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON fee_schedules FROM prorata_app;
