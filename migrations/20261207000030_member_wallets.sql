-- Member wallets (DESIGN §8): a credit is pending until its day (the schedule's holding
-- period after the revenue's day), then released as available, once, by the daily run or a
-- release run; a wallet is locked and unlocked by audited acts with a reason, an unlock by an
-- approver or admin who did not lock it.

ALTER TABLE wallet_credits ADD COLUMN released_on date;
ALTER TABLE wallet_credits ADD CONSTRAINT wallet_credit_released_when_available
    CHECK ((status = 'available') = (released_on IS NOT NULL) AND (released_on IS NULL OR released_on >= available_on));

-- A credit changes once: pending to available, on or after its day; nothing else of it.
DROP TRIGGER wallet_credits_append_only ON wallet_credits;
CREATE TRIGGER wallet_credits_never_deleted BEFORE DELETE ON wallet_credits
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE FUNCTION wallet_credit_released() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'pending' OR NEW.status <> 'available'
       OR (to_jsonb(NEW) - 'status' - 'released_on') <> (to_jsonb(OLD) - 'status' - 'released_on') THEN
        RAISE EXCEPTION 'wallet credit %: a credit is only released, once, from pending to available', OLD.id
            USING ERRCODE = 'check_violation', HINT = 'wallet_credit_release';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER wallet_credits_released BEFORE UPDATE ON wallet_credits
    FOR EACH ROW EXECUTE FUNCTION wallet_credit_released();
GRANT UPDATE (status, released_on) ON wallet_credits TO prorata_app;
CREATE INDEX wallet_credits_due ON wallet_credits (program_id, available_on) WHERE status = 'pending';

-- Each lock and unlock of a member's wallet, with its reason; the latest says whether the
-- wallet is locked now.
CREATE TABLE wallet_locks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    member_id bigint NOT NULL,
    locked boolean NOT NULL,
    reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 4000),
    acted_by text NOT NULL,
    acted_by_id bigint REFERENCES users (id),
    acted_at timestamptz NOT NULL,
    FOREIGN KEY (program_id, member_id) REFERENCES community_members (program_id, id)
);
CREATE INDEX wallet_locks_by_member ON wallet_locks (member_id, id);

-- A lock follows an unlocked wallet and an unlock a locked one, under the wallet's lock;
-- a lock by an officer, approver or admin; an unlock by an approver or admin who did not
-- make the lock it lifts.
CREATE FUNCTION wallet_lock_acted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    latest wallet_locks;
BEGIN
    NEW.acted_by_id := act_user_id(TG_TABLE_NAME, 'acted_by', NEW.acted_by);
    PERFORM pg_advisory_xact_lock(hashtextextended('wallet:' || NEW.member_id, 0));
    SELECT * INTO latest FROM wallet_locks WHERE member_id = NEW.member_id ORDER BY id DESC LIMIT 1;
    IF coalesce(latest.locked, false) = NEW.locked THEN
        RAISE EXCEPTION 'wallet of member %: it is already %', NEW.member_id,
            CASE WHEN NEW.locked THEN 'locked' ELSE 'unlocked' END
            USING ERRCODE = 'check_violation', HINT = 'wallet_lock';
    END IF;
    IF NOT user_holds_role(NEW.program_id, NEW.acted_by,
            CASE WHEN NEW.locked THEN '{officer,approver,admin}'::control_role[]
                 ELSE '{approver,admin}'::control_role[] END) THEN
        RAISE EXCEPTION 'wallet_locks: % may not % a wallet in this program', NEW.acted_by,
            CASE WHEN NEW.locked THEN 'lock' ELSE 'unlock' END
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    IF NOT NEW.locked AND latest.acted_by_id = NEW.acted_by_id THEN
        RAISE EXCEPTION 'wallet of member %: % locked it and may not unlock it', NEW.member_id, NEW.acted_by
            USING ERRCODE = 'check_violation', HINT = 'maker_checker';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER wallet_locks_acted BEFORE INSERT ON wallet_locks
    FOR EACH ROW EXECUTE FUNCTION wallet_lock_acted();
CREATE TRIGGER wallet_locks_append_only BEFORE UPDATE OR DELETE ON wallet_locks
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER wallet_locks_no_truncate BEFORE TRUNCATE ON wallet_locks
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON wallet_locks FROM prorata_app;
