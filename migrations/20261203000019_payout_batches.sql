-- Payout batches (DESIGN §6): approved withdrawals of one currency, paid from one of the
-- organisation's bank accounts. DRAFT → PENDING_APPROVAL → APPROVED → EXECUTED, or REJECTED /
-- CANCELLED (the items released, their withdrawals free to join another batch). The creator
-- never approves it; each withdrawal is in one live batch at most; executing records the
-- files' SHA-256 once; each item is then confirmed paid (its hold posted and the bank
-- credited) or failed (its hold voided).

ALTER TABLE withdrawals ADD CONSTRAINT withdrawals_program_id_id_currency_key UNIQUE (program_id, id, currency);

CREATE TABLE payout_batches (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    bank_id bigint NOT NULL,
    currency text NOT NULL,
    status text NOT NULL CHECK (status IN
        ('draft', 'pending_approval', 'approved', 'executed', 'rejected', 'cancelled')),
    created_by text NOT NULL,
    created_by_id bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    submitted_at timestamptz,
    approved_by text,
    approved_by_id bigint REFERENCES users (id),
    approved_at timestamptz,
    rejected_by text,
    rejected_by_id bigint REFERENCES users (id),
    rejected_at timestamptz,
    reject_reason text CHECK (length(btrim(reject_reason)) BETWEEN 1 AND 2000),
    cancelled_by text,
    cancelled_by_id bigint REFERENCES users (id),
    cancelled_at timestamptz,
    cancel_reason text CHECK (length(btrim(cancel_reason)) BETWEEN 1 AND 2000),
    executed_by text,
    executed_by_id bigint REFERENCES users (id),
    executed_at timestamptz,
    FOREIGN KEY (program_id, bank_id, currency) REFERENCES bank_accounts (program_id, id, currency),
    UNIQUE (program_id, id),
    -- Two-person control: whoever built a batch never approves it, whatever roles they hold.
    CONSTRAINT batch_checker_is_not_maker CHECK (approved_by <> created_by),
    CONSTRAINT batch_checker_is_not_maker_by_id CHECK (approved_by_id <> created_by_id),
    CONSTRAINT batch_approved_before_executed CHECK (status <> 'executed' OR (approved_by IS NOT NULL AND executed_by IS NOT NULL)),
    CONSTRAINT batch_rejected_with_a_reason CHECK ((status = 'rejected') = (reject_reason IS NOT NULL)),
    CONSTRAINT batch_cancelled_with_a_reason CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX payout_batches_status ON payout_batches (program_id, status, id);

CREATE TABLE payout_items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    batch_id bigint NOT NULL,
    withdrawal_id bigint NOT NULL,
    currency text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    status text NOT NULL CHECK (status IN ('queued', 'sent', 'paid', 'failed', 'released')),
    -- The EndToEndId the bank carries back on its statement: unique in the store.
    reference text NOT NULL UNIQUE CHECK (reference ~ '^[A-Za-z0-9-]{1,35}$'),
    bank_reference text CHECK (length(btrim(bank_reference)) BETWEEN 1 AND 140),
    failure_reason text CHECK (length(btrim(failure_reason)) BETWEEN 1 AND 2000),
    confirmed_by text,
    confirmed_by_id bigint REFERENCES users (id),
    confirmed_at timestamptz,
    -- Paid: the entry that credited the bank (Dr payout:clearing / Cr bank:{id}).
    payment_entry_id bigint,
    FOREIGN KEY (program_id, batch_id) REFERENCES payout_batches (program_id, id),
    FOREIGN KEY (program_id, withdrawal_id, currency) REFERENCES withdrawals (program_id, id, currency),
    FOREIGN KEY (program_id, payment_entry_id) REFERENCES ledger_entries (program_id, id),
    UNIQUE (batch_id, withdrawal_id),
    CONSTRAINT payout_item_paid_with_a_reference CHECK ((status = 'paid') = (bank_reference IS NOT NULL AND payment_entry_id IS NOT NULL)),
    CONSTRAINT payout_item_failed_with_a_reason CHECK ((status = 'failed') = (failure_reason IS NOT NULL))
);
-- Each withdrawal is in one live batch at most: released items (of a rejected or cancelled
-- batch) do not count.
CREATE UNIQUE INDEX payout_items_one_live_batch ON payout_items (withdrawal_id) WHERE status <> 'released';
CREATE INDEX payout_items_batch ON payout_items (batch_id, id);

CREATE TABLE payout_files (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    batch_id bigint NOT NULL,
    name text NOT NULL CHECK (name ~ '^batch-[0-9]+\.(csv|pain\.001\.xml)$'),
    sha256 bytea NOT NULL CHECK (length(sha256) = 32),
    size_bytes bigint NOT NULL CHECK (size_bytes > 0),
    written_at timestamptz NOT NULL,
    FOREIGN KEY (program_id, batch_id) REFERENCES payout_batches (program_id, id),
    UNIQUE (batch_id, name)
);

-- Who acted, by id and holding the act's role in the program at that moment.
CREATE FUNCTION payout_batch_acts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who text;
    wanted control_role[];
BEGIN
    NEW.created_by_id := act_user_id(TG_TABLE_NAME, 'created_by', NEW.created_by);
    NEW.approved_by_id := act_user_id(TG_TABLE_NAME, 'approved_by', NEW.approved_by);
    NEW.rejected_by_id := act_user_id(TG_TABLE_NAME, 'rejected_by', NEW.rejected_by);
    NEW.cancelled_by_id := act_user_id(TG_TABLE_NAME, 'cancelled_by', NEW.cancelled_by);
    NEW.executed_by_id := act_user_id(TG_TABLE_NAME, 'executed_by', NEW.executed_by);
    IF TG_OP = 'INSERT' THEN
        who := NEW.created_by; wanted := '{officer}';
    ELSIF NEW.approved_by IS DISTINCT FROM OLD.approved_by THEN
        who := NEW.approved_by; wanted := '{approver}';
    ELSIF NEW.rejected_by IS DISTINCT FROM OLD.rejected_by THEN
        who := NEW.rejected_by; wanted := '{approver}';
    ELSIF NEW.executed_by IS DISTINCT FROM OLD.executed_by THEN
        who := NEW.executed_by; wanted := '{officer,approver}';
    ELSIF NEW.cancelled_by IS DISTINCT FROM OLD.cancelled_by THEN
        who := NEW.cancelled_by; wanted := '{officer,approver}';
    END IF;
    IF who IS NOT NULL AND NOT user_holds_role(NEW.program_id, who, wanted) THEN
        RAISE EXCEPTION '%: % is not a user holding % in this program', TG_TABLE_NAME, who, wanted
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payout_batches_acts BEFORE INSERT OR UPDATE ON payout_batches
    FOR EACH ROW EXECUTE FUNCTION payout_batch_acts();

CREATE FUNCTION payout_items_acts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.confirmed_by_id := act_user_id(TG_TABLE_NAME, 'confirmed_by', NEW.confirmed_by);
    IF NEW.confirmed_by IS DISTINCT FROM OLD.confirmed_by
       AND NOT user_holds_role(NEW.program_id, NEW.confirmed_by, '{officer,approver}') THEN
        RAISE EXCEPTION '%: % is not a user holding {officer,approver} in this program', TG_TABLE_NAME, NEW.confirmed_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payout_items_acts BEFORE UPDATE ON payout_items
    FOR EACH ROW EXECUTE FUNCTION payout_items_acts();

-- A batch moves forward only (the domain's `BatchStatus::after`) and keeps its bank,
-- currency and maker; never deleted.
CREATE FUNCTION payout_batches_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payout batches are never deleted (batch %)', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    IF NOT (NEW.status = OLD.status
            OR (OLD.status = 'draft' AND NEW.status IN ('pending_approval', 'cancelled'))
            OR (OLD.status = 'pending_approval' AND NEW.status IN ('approved', 'rejected', 'cancelled'))
            OR (OLD.status = 'approved' AND NEW.status IN ('executed', 'cancelled'))) THEN
        RAISE EXCEPTION 'payout batch %: % cannot become %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation', HINT = 'batch_transition';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payout_batches_guard BEFORE UPDATE OR DELETE ON payout_batches
    FOR EACH ROW EXECUTE FUNCTION payout_batches_guard();

-- An item joins only a draft batch, of its batch's currency, for an approved withdrawal; it
-- moves queued → sent → paid | failed, or queued → released; its amount is its withdrawal's.
CREATE FUNCTION payout_items_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    batch payout_batches;
    w withdrawals;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payout items are never deleted (item %)', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    SELECT * INTO batch FROM payout_batches WHERE id = NEW.batch_id;
    SELECT * INTO w FROM withdrawals WHERE id = NEW.withdrawal_id;
    IF TG_OP = 'INSERT' THEN
        IF batch.status <> 'draft' OR NEW.status <> 'queued' OR w.status <> 'approved'
           OR NEW.currency <> batch.currency OR NEW.amount_minor <> w.amount_minor THEN
            RAISE EXCEPTION 'payout item: withdrawal % (%, %) cannot join batch % (%, %)',
                w.id, w.status, w.currency, batch.id, batch.status, batch.currency
                USING ERRCODE = 'check_violation', HINT = 'batch_item';
        END IF;
        RETURN NEW;
    END IF;
    IF (to_jsonb(NEW) - '{status,bank_reference,failure_reason,confirmed_by,confirmed_by_id,confirmed_at,payment_entry_id}'::text[])
           IS DISTINCT FROM (to_jsonb(OLD) - '{status,bank_reference,failure_reason,confirmed_by,confirmed_by_id,confirmed_at,payment_entry_id}'::text[])
       OR NOT (NEW.status = OLD.status
            OR (OLD.status = 'queued' AND NEW.status IN ('sent', 'released'))
            OR (OLD.status = 'sent' AND NEW.status IN ('paid', 'failed'))) THEN
        RAISE EXCEPTION 'payout item %: % cannot become %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation', HINT = 'batch_item';
    END IF;
    -- Money leaves once: an item is sent only when its batch is executed, with its files.
    IF NEW.status = 'sent' AND OLD.status = 'queued' AND batch.status <> 'executed' THEN
        RAISE EXCEPTION 'payout item %: batch % is %, not executed', OLD.id, batch.id, batch.status
            USING ERRCODE = 'check_violation', HINT = 'batch_item';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payout_items_guard BEFORE INSERT OR UPDATE OR DELETE ON payout_items
    FOR EACH ROW EXECUTE FUNCTION payout_items_guard();

-- At commit: an executed batch has both its files and no queued item; an item's withdrawal
-- is in step with it (sent, paid, failed alike).
CREATE FUNCTION payout_batches_settled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'executed' AND (
        (SELECT count(*) FROM payout_files f WHERE f.batch_id = NEW.id) <> 2
        OR EXISTS (SELECT 1 FROM payout_items i WHERE i.batch_id = NEW.id AND i.status = 'queued')) THEN
        RAISE EXCEPTION 'payout batch % is executed without its two files or with items not sent', NEW.id
            USING ERRCODE = 'check_violation', HINT = 'batch_executed';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER payout_batches_settled AFTER UPDATE ON payout_batches
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION payout_batches_settled();

CREATE FUNCTION payout_items_in_step() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    withdrawal_status text;
BEGIN
    SELECT status INTO withdrawal_status FROM withdrawals WHERE id = NEW.withdrawal_id;
    IF NEW.status IN ('sent', 'paid', 'failed') AND withdrawal_status <> NEW.status THEN
        RAISE EXCEPTION 'payout item % is % but withdrawal % is %', NEW.id, NEW.status, NEW.withdrawal_id, withdrawal_status
            USING ERRCODE = 'check_violation', HINT = 'batch_item';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER payout_items_in_step AFTER INSERT OR UPDATE ON payout_items
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION payout_items_in_step();

-- A withdrawal is sent, paid or failed only through its live item.
CREATE FUNCTION withdrawals_sent_in_a_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('sent', 'paid', 'failed') AND NOT EXISTS (
        SELECT 1 FROM payout_items i WHERE i.withdrawal_id = NEW.id AND i.status = NEW.status) THEN
        RAISE EXCEPTION 'withdrawal % is % outside a payout batch', NEW.id, NEW.status
            USING ERRCODE = 'check_violation', HINT = 'batch_item';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER withdrawals_sent_in_a_batch AFTER UPDATE ON withdrawals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION withdrawals_sent_in_a_batch();

CREATE FUNCTION payout_files_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'payout files are recorded once (%)', TG_OP USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER payout_files_append_only BEFORE UPDATE OR DELETE ON payout_files
    FOR EACH ROW EXECUTE FUNCTION payout_files_append_only();
CREATE TRIGGER payout_tables_no_truncate BEFORE TRUNCATE ON payout_files
    FOR EACH STATEMENT EXECUTE FUNCTION payout_files_append_only();
CREATE TRIGGER payout_batches_no_truncate BEFORE TRUNCATE ON payout_batches
    FOR EACH STATEMENT EXECUTE FUNCTION payout_files_append_only();
CREATE TRIGGER payout_items_no_truncate BEFORE TRUNCATE ON payout_items
    FOR EACH STATEMENT EXECUTE FUNCTION payout_files_append_only();

GRANT UPDATE (status, submitted_at, approved_by, approved_at, rejected_by, rejected_at, reject_reason,
              cancelled_by, cancelled_at, cancel_reason, executed_by, executed_at) ON payout_batches TO prorata_app;
GRANT UPDATE (status, bank_reference, failure_reason, confirmed_by, confirmed_at, payment_entry_id)
    ON payout_items TO prorata_app;
