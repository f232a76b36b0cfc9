-- Lines resolved by hand (DESIGN §8, Reconciliation): an officer matches an open line to a
-- payout item or a remittance of the same amount, or sets it aside, always with a reason.
-- Above the account's review threshold a second person, an approver who is not the one who
-- resolved it, approves it before it takes effect; until then the line is held from every
-- other match. Without a threshold every resolution is reviewed.

-- A person's reason is as long as any other reason the application takes.
ALTER TABLE bank_matches DROP CONSTRAINT bank_matches_reason_check,
    ADD CONSTRAINT bank_matches_reason_check CHECK (length(btrim(reason)) BETWEEN 1 AND 4000);

CREATE TABLE bank_review_thresholds (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    bank_account_id bigint NOT NULL,
    currency text NOT NULL,
    review_above_minor bigint NOT NULL CHECK (review_above_minor >= 0),
    set_by text NOT NULL,
    set_by_id bigint REFERENCES users (id),
    set_at timestamptz NOT NULL,
    FOREIGN KEY (program_id, bank_account_id, currency) REFERENCES bank_accounts (program_id, id, currency)
);
CREATE INDEX bank_review_thresholds_latest ON bank_review_thresholds (bank_account_id, id DESC);

-- The amount above which a resolution on the account waits for review; none: every one waits.
CREATE FUNCTION bank_review_above(account bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT review_above_minor FROM bank_review_thresholds
    WHERE bank_account_id = account ORDER BY id DESC LIMIT 1
$$;

CREATE FUNCTION bank_review_threshold_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.set_by_id := act_user_id(TG_TABLE_NAME, 'set_by', NEW.set_by);
    IF NOT user_holds_role(NEW.program_id, NEW.set_by, '{admin}') THEN
        RAISE EXCEPTION 'bank_review_thresholds: % is not an admin of this program', NEW.set_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER bank_review_thresholds_set BEFORE INSERT ON bank_review_thresholds
    FOR EACH ROW EXECUTE FUNCTION bank_review_threshold_set();

CREATE TABLE bank_resolutions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    bank_account_id bigint NOT NULL,
    currency text NOT NULL,
    bank_line_id bigint NOT NULL,
    action text NOT NULL CHECK (action IN ('match', 'ignore')),
    payout_item_id bigint REFERENCES payout_items (id),
    remittance_id bigint REFERENCES remittances (id),
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 4000),
    status text NOT NULL CHECK (status IN ('pending_review', 'applied', 'rejected')),
    resolved_by text NOT NULL,
    resolved_by_id bigint REFERENCES users (id),
    resolved_at timestamptz NOT NULL,
    reviewed_by text,
    reviewed_by_id bigint REFERENCES users (id),
    reviewed_at timestamptz,
    review_note text CHECK (length(btrim(review_note)) BETWEEN 1 AND 4000),
    UNIQUE (program_id, id),
    CHECK ((action = 'match') = (num_nonnulls(payout_item_id, remittance_id) = 1)),
    CHECK (action = 'match' OR num_nonnulls(payout_item_id, remittance_id) = 0),
    -- Two-person control: whoever resolved a line never reviews it, whatever roles they hold.
    CONSTRAINT bank_resolution_reviewer_is_not_resolver CHECK (reviewed_by <> resolved_by),
    CONSTRAINT bank_resolution_reviewer_is_not_resolver_by_id CHECK (reviewed_by_id <> resolved_by_id),
    CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL)),
    CHECK (status <> 'rejected' OR (reviewed_by IS NOT NULL AND review_note IS NOT NULL)),
    FOREIGN KEY (program_id, bank_line_id) REFERENCES bank_lines (program_id, id),
    FOREIGN KEY (program_id, bank_account_id, currency) REFERENCES bank_accounts (program_id, id, currency)
);
-- One resolution waits for a line at a time.
CREATE UNIQUE INDEX bank_resolutions_one_pending_per_line ON bank_resolutions (bank_line_id)
    WHERE status = 'pending_review';
CREATE INDEX bank_resolutions_by_account ON bank_resolutions (bank_account_id, status, id);

-- Resolved by an officer, of a line of its account and amount; applied at once only at or
-- below the account's threshold.
CREATE FUNCTION bank_resolution_made() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    line bank_lines%ROWTYPE;
    above bigint;
BEGIN
    NEW.resolved_by_id := act_user_id(TG_TABLE_NAME, 'resolved_by', NEW.resolved_by);
    IF NOT user_holds_role(NEW.program_id, NEW.resolved_by, '{officer}') THEN
        RAISE EXCEPTION 'bank_resolutions: % is not an officer of this program', NEW.resolved_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    SELECT * INTO line FROM bank_lines WHERE id = NEW.bank_line_id;
    IF line.bank_account_id <> NEW.bank_account_id OR line.amount_minor <> NEW.amount_minor
       OR line.currency <> NEW.currency THEN
        RAISE EXCEPTION 'bank resolution of line %: not the line''s account, currency or amount', NEW.bank_line_id
            USING ERRCODE = 'check_violation', HINT = 'bank_resolution';
    END IF;
    above := bank_review_above(NEW.bank_account_id);
    IF NEW.status = 'rejected' OR NEW.reviewed_by IS NOT NULL
       OR (NEW.status = 'applied' AND (above IS NULL OR NEW.amount_minor > above)) THEN
        RAISE EXCEPTION 'bank resolution of line %: % above the account''s review threshold (%) waits for an approver',
            NEW.bank_line_id, NEW.amount_minor, coalesce(above::text, 'none set')
            USING ERRCODE = 'check_violation', HINT = 'bank_resolution_review';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER bank_resolutions_made BEFORE INSERT ON bank_resolutions
    FOR EACH ROW EXECUTE FUNCTION bank_resolution_made();

-- Reviewed once, by an approver: from pending to applied or rejected, nothing else changed.
CREATE FUNCTION bank_resolution_reviewed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.status <> 'pending_review' OR NEW.status = 'pending_review'
       OR (NEW.id, NEW.program_id, NEW.bank_account_id, NEW.currency, NEW.bank_line_id, NEW.action,
           NEW.payout_item_id, NEW.remittance_id, NEW.amount_minor, NEW.reason, NEW.resolved_by,
           NEW.resolved_by_id, NEW.resolved_at)
          IS DISTINCT FROM
          (OLD.id, OLD.program_id, OLD.bank_account_id, OLD.currency, OLD.bank_line_id, OLD.action,
           OLD.payout_item_id, OLD.remittance_id, OLD.amount_minor, OLD.reason, OLD.resolved_by,
           OLD.resolved_by_id, OLD.resolved_at) THEN
        RAISE EXCEPTION 'bank resolution %: only a pending resolution is reviewed, once', OLD.id
            USING ERRCODE = 'check_violation', HINT = 'bank_resolution_review';
    END IF;
    NEW.reviewed_by_id := act_user_id(TG_TABLE_NAME, 'reviewed_by', NEW.reviewed_by);
    IF NOT user_holds_role(NEW.program_id, NEW.reviewed_by, '{approver}') THEN
        RAISE EXCEPTION 'bank_resolutions: % is not an approver of this program', NEW.reviewed_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER bank_resolutions_reviewed BEFORE UPDATE OR DELETE ON bank_resolutions
    FOR EACH ROW EXECUTE FUNCTION bank_resolution_reviewed();
CREATE TRIGGER bank_resolutions_no_truncate BEFORE TRUNCATE ON bank_resolutions
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_review_thresholds_append_only BEFORE UPDATE OR DELETE ON bank_review_thresholds
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_review_thresholds_no_truncate BEFORE TRUNCATE ON bank_review_thresholds
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON bank_resolutions, bank_review_thresholds FROM prorata_app;
GRANT UPDATE (status, reviewed_by, reviewed_at, review_note) ON bank_resolutions TO prorata_app;

-- An applied resolution is its line's match at commit: a person's match with its reason, of
-- what it names; a rejected or pending one has none. A rule's match never takes a line a
-- resolution holds.
CREATE FUNCTION bank_resolution_in_effect() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r bank_resolutions%ROWTYPE;
    m bank_matches%ROWTYPE;
BEGIN
    SELECT * INTO r FROM bank_resolutions WHERE id = NEW.id;
    SELECT * INTO m FROM bank_matches WHERE id = r.bank_line_id;
    IF r.status = 'applied' AND (m.id IS NULL OR m.rule <> 'manual' OR m.reason IS DISTINCT FROM r.reason
        OR (r.action = 'ignore') <> (m.outcome = 'ignored')
        OR NOT EXISTS (SELECT 1 FROM bank_match_lines l WHERE l.match_id = m.id AND l.bank_line_id = r.bank_line_id)
        OR (SELECT count(*) FROM bank_match_lines l WHERE l.match_id = m.id) <> 1
        OR (r.payout_item_id IS NOT NULL AND NOT EXISTS
            (SELECT 1 FROM bank_match_items i WHERE i.match_id = m.id AND i.payout_item_id = r.payout_item_id))
        OR (r.remittance_id IS NOT NULL AND NOT EXISTS
            (SELECT 1 FROM bank_match_remittances x WHERE x.match_id = m.id AND x.remittance_id = r.remittance_id)))
    THEN
        RAISE EXCEPTION 'bank resolution %: applied, but line % is not matched as it says', r.id, r.bank_line_id
            USING ERRCODE = 'check_violation', HINT = 'bank_resolution';
    END IF;
    IF r.status = 'pending_review' AND m.id IS NOT NULL THEN
        RAISE EXCEPTION 'bank resolution %: line % is matched while its resolution waits for review', r.id, r.bank_line_id
            USING ERRCODE = 'check_violation', HINT = 'bank_resolution';
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION bank_resolution_in_effect() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER bank_resolutions_in_effect AFTER INSERT OR UPDATE ON bank_resolutions
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION bank_resolution_in_effect();

-- A match of a line that a resolution holds for review is refused, whoever writes it.
CREATE FUNCTION bank_match_lines_not_held() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    held bigint;
BEGIN
    SELECT n.bank_line_id INTO held FROM new_rows n
    JOIN bank_resolutions r ON r.bank_line_id = n.bank_line_id AND r.status = 'pending_review'
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'bank line % waits for the review of its resolution', held
            USING ERRCODE = 'check_violation', HINT = 'bank_resolution_review';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER bank_match_lines_not_held AFTER INSERT ON bank_match_lines
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bank_match_lines_not_held();
