-- Anomalies held for review (DESIGN §8): a revenue transaction far above its community's
-- usual, more than the schedule's multiple (5 unless set) of the median gross of the
-- community's transactions of the 30 days before it, is recorded, but its members' credits
-- are held: no release run makes them available until an approver, not its recorder,
-- releases the hold with a reason. PostgreSQL checks at commit that a transaction is held
-- exactly when it is above that line, and refuses a held credit's release.

ALTER TABLE fee_schedules ADD COLUMN anomaly_multiple numeric NOT NULL DEFAULT 5
    CHECK (anomaly_multiple >= 1 AND anomaly_multiple <= 1000);

CREATE TABLE revenue_holds (
    transaction_id bigint PRIMARY KEY,
    program_id bigint NOT NULL,
    -- The median gross of the 30 days before, and the multiple it was compared with.
    median_minor numeric NOT NULL CHECK (median_minor > 0),
    multiple numeric NOT NULL,
    released_by text,
    released_by_id bigint REFERENCES users (id),
    released_at timestamptz,
    reason text CHECK (length(btrim(reason)) BETWEEN 1 AND 4000),
    CONSTRAINT revenue_hold_released_whole CHECK (
        (released_by IS NULL) = (released_at IS NULL) AND (released_by IS NULL) = (reason IS NULL)),
    FOREIGN KEY (program_id, transaction_id) REFERENCES revenue_transactions (program_id, id)
);

-- The median gross of a community's transactions in the 30 days before a day, exactly (the
-- mean of the two middle ones for an even count), or NULL without any.
CREATE FUNCTION revenue_median_before(community bigint, day date) RETURNS numeric
LANGUAGE sql STABLE AS $$
    WITH recent AS (
        SELECT gross_minor, row_number() OVER (ORDER BY gross_minor) AS n, count(*) OVER () AS total
        FROM revenue_transactions
        WHERE community_id = community AND occurred_on >= day - 30 AND occurred_on < day
    )
    SELECT avg(gross_minor::numeric) FROM recent
    WHERE n IN ((total + 1) / 2, (total + 2) / 2)
$$;

-- A hold is written with its transaction and released once, by an approver or admin who did
-- not record the transaction, with a reason; nothing else of it changes.
CREATE FUNCTION revenue_hold_acted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    recorder bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM revenue_transactions WHERE id = NEW.transaction_id
                       AND created_xact_id = pg_current_xact_id()) OR NEW.released_by IS NOT NULL THEN
            RAISE EXCEPTION 'revenue_holds: a hold is placed when its transaction is recorded, unreleased'
                USING ERRCODE = 'check_violation', HINT = 'revenue_hold';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.released_by IS NOT NULL OR NEW.released_by IS NULL
       OR (to_jsonb(NEW) - 'released_by' - 'released_by_id' - 'released_at' - 'reason')
          <> (to_jsonb(OLD) - 'released_by' - 'released_by_id' - 'released_at' - 'reason') THEN
        RAISE EXCEPTION 'revenue hold %: a hold is released once, and nothing else of it changes', OLD.transaction_id
            USING ERRCODE = 'check_violation', HINT = 'revenue_hold';
    END IF;
    NEW.released_by_id := act_user_id(TG_TABLE_NAME, 'released_by', NEW.released_by);
    IF NOT user_holds_role(NEW.program_id, NEW.released_by, '{approver,admin}') THEN
        RAISE EXCEPTION 'revenue_holds: % is not a user holding {approver,admin} in this program', NEW.released_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    SELECT recorded_by_id INTO recorder FROM revenue_transactions WHERE id = OLD.transaction_id;
    IF recorder = NEW.released_by_id THEN
        RAISE EXCEPTION 'revenue hold %: % recorded the transaction and may not release its hold', OLD.transaction_id, NEW.released_by
            USING ERRCODE = 'check_violation', HINT = 'maker_checker';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER revenue_holds_acted BEFORE INSERT OR UPDATE ON revenue_holds
    FOR EACH ROW EXECUTE FUNCTION revenue_hold_acted();
CREATE TRIGGER revenue_holds_never_deleted BEFORE DELETE ON revenue_holds
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER revenue_holds_no_truncate BEFORE TRUNCATE ON revenue_holds
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON revenue_holds FROM prorata_app;
GRANT UPDATE (released_by, released_at, reason) ON revenue_holds TO prorata_app;

-- At commit: a transaction is held exactly when its gross is above the multiple of the median.
CREATE FUNCTION revenue_held_when_anomalous() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t revenue_transactions;
    multiple numeric;
    median numeric;
    held boolean;
BEGIN
    SELECT * INTO t FROM revenue_transactions WHERE id = NEW.id;
    SELECT s.anomaly_multiple INTO multiple FROM fee_schedules s WHERE s.id = t.fee_schedule_id;
    median := revenue_median_before(t.community_id, t.occurred_on);
    held := EXISTS (SELECT 1 FROM revenue_holds WHERE transaction_id = t.id);
    IF held <> coalesce(t.gross_minor > multiple * median, false) THEN
        RAISE EXCEPTION 'revenue transaction %: gross % against % times the median % of the 30 days before: it must % held',
            t.id, t.gross_minor, multiple, median, CASE WHEN held THEN 'not be' ELSE 'be' END
            USING ERRCODE = 'check_violation', HINT = 'revenue_hold';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER revenue_transactions_held_when_anomalous AFTER INSERT ON revenue_transactions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION revenue_held_when_anomalous();

-- A held transaction's credits are not released until its hold is.
CREATE OR REPLACE FUNCTION wallet_credit_released() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'pending' OR NEW.status <> 'available'
       OR (to_jsonb(NEW) - 'status' - 'released_on') <> (to_jsonb(OLD) - 'status' - 'released_on') THEN
        RAISE EXCEPTION 'wallet credit %: a credit is only released, once, from pending to available', OLD.id
            USING ERRCODE = 'check_violation', HINT = 'wallet_credit_release';
    END IF;
    IF EXISTS (SELECT 1 FROM revenue_holds WHERE transaction_id = OLD.transaction_id AND released_by IS NULL) THEN
        RAISE EXCEPTION 'wallet credit %: revenue transaction % is held for review', OLD.id, OLD.transaction_id
            USING ERRCODE = 'check_violation', HINT = 'revenue_hold';
    END IF;
    RETURN NEW;
END $$;
