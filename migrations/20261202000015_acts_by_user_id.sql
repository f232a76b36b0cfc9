-- Maker and checker by user id. Each act's name column (who recorded or verified a value,
-- who prepared, approved, posted or cancelled a distribution) gains the user's id with a
-- foreign key to users, and the maker-checker rule holds on the ids too. PostgreSQL sets each
-- id from its name (user names are unique and never change), replacing whatever a client
-- wrote there, and refuses a name that is no user: the names stay, as what people read.

ALTER TABLE performance_records
    ADD COLUMN recorded_by_id bigint REFERENCES users (id),
    ADD COLUMN verified_by_id bigint REFERENCES users (id);
ALTER TABLE distributions
    ADD COLUMN prepared_by_id bigint REFERENCES users (id),
    ADD COLUMN approved_by_id bigint REFERENCES users (id),
    ADD COLUMN posted_by_id bigint REFERENCES users (id),
    ADD COLUMN cancelled_by_id bigint REFERENCES users (id);

CREATE FUNCTION user_id_named(user_name text) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT id FROM users WHERE name = user_name
$$;

-- The id of the user a name column names; an error naming the column when there is none.
CREATE FUNCTION act_user_id(tbl text, col text, user_name text) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    found bigint;
BEGIN
    IF user_name IS NULL THEN
        RETURN NULL;
    END IF;
    found := user_id_named(user_name);
    IF found IS NULL THEN
        RAISE EXCEPTION '%.%: % is not a user', tbl, col, user_name
            USING ERRCODE = 'foreign_key_violation', HINT = 'act_by_unknown_user';
    END IF;
    RETURN found;
END $$;

CREATE FUNCTION acts_by_user_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'performance_records' THEN
        NEW.recorded_by_id := act_user_id(TG_TABLE_NAME, 'recorded_by', NEW.recorded_by);
        NEW.verified_by_id := act_user_id(TG_TABLE_NAME, 'verified_by', NEW.verified_by);
    ELSE
        NEW.prepared_by_id := act_user_id(TG_TABLE_NAME, 'prepared_by', NEW.prepared_by);
        NEW.approved_by_id := act_user_id(TG_TABLE_NAME, 'approved_by', NEW.approved_by);
        NEW.posted_by_id := act_user_id(TG_TABLE_NAME, 'posted_by', NEW.posted_by);
        NEW.cancelled_by_id := act_user_id(TG_TABLE_NAME, 'cancelled_by', NEW.cancelled_by);
    END IF;
    RETURN NEW;
END $$;

-- Existing rows, with the guards that refuse any change to a posted row off for this once.
ALTER TABLE performance_records DISABLE TRIGGER USER;
UPDATE performance_records SET recorded_by_id = user_id_named(recorded_by),
                               verified_by_id = user_id_named(verified_by);
ALTER TABLE performance_records ENABLE TRIGGER USER;
ALTER TABLE distributions DISABLE TRIGGER USER;
UPDATE distributions SET prepared_by_id = user_id_named(prepared_by),
                         approved_by_id = user_id_named(approved_by),
                         posted_by_id = user_id_named(posted_by),
                         cancelled_by_id = user_id_named(cancelled_by);
ALTER TABLE distributions ENABLE TRIGGER USER;

ALTER TABLE performance_records ALTER COLUMN recorded_by_id SET NOT NULL;
ALTER TABLE distributions ALTER COLUMN prepared_by_id SET NOT NULL;
ALTER TABLE performance_records ADD CONSTRAINT performance_checker_is_not_maker_by_id
    CHECK (verified_by_id IS NULL OR verified_by_id <> recorded_by_id);
ALTER TABLE distributions ADD CONSTRAINT distribution_checker_is_not_maker_by_id
    CHECK (approved_by_id IS NULL OR approved_by_id <> prepared_by_id);

CREATE TRIGGER performance_records_by_user_ids BEFORE INSERT OR UPDATE ON performance_records
    FOR EACH ROW EXECUTE FUNCTION acts_by_user_ids();
CREATE TRIGGER distributions_by_user_ids BEFORE INSERT OR UPDATE ON distributions
    FOR EACH ROW EXECUTE FUNCTION acts_by_user_ids();
