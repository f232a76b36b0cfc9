-- Affiliates of a program (DESIGN §8, Affiliates) and programs' status.
--
-- A program is active, paused or closed: the latest of its status changes, each made by an
-- admin with a reason; a closed program stays closed. A paused or closed program takes no new
-- business (an affiliate's sale, a network's transaction); reads and payouts go on. A change
-- of status takes the program's business lock exclusively and new business takes it shared,
-- so a sale never slips in beside a pause.
--
-- An affiliate has a referral code, a currency and an optional parent (of the same currency).
-- The program's rates (direct, override) are versioned by the day they take effect, set by an
-- admin. A sale earns the referring affiliate the direct rate of its amount and its parent
-- the override rate, each rounded half up (the override never past what the direct leaves),
-- booked in one entry (Dr `program:commission_expense` / Cr `affiliate:{id}:payable`) and
-- checked at commit.

CREATE TYPE program_status AS ENUM ('active', 'paused', 'closed');

CREATE TABLE program_status_changes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    status program_status NOT NULL,
    reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 4000),
    changed_by text NOT NULL,
    changed_by_id bigint REFERENCES users (id),
    changed_at timestamptz NOT NULL
);
CREATE INDEX program_status_changes_latest ON program_status_changes (program_id, id DESC);

CREATE FUNCTION program_status(program bigint) RETURNS program_status
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT status FROM program_status_changes WHERE program_id = program
                     ORDER BY id DESC LIMIT 1), 'active')
$$;

-- Made by an admin, under the program's business lock, from a status that may become it.
CREATE FUNCTION program_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was program_status;
BEGIN
    NEW.changed_by_id := act_user_id(TG_TABLE_NAME, 'changed_by', NEW.changed_by);
    IF NOT user_holds_role(NEW.program_id, NEW.changed_by, '{admin}') THEN
        RAISE EXCEPTION 'program_status_changes: % is not a user holding {admin} in this program', NEW.changed_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('program_business:' || NEW.program_id, 0));
    was := program_status(NEW.program_id);
    IF was = 'closed' OR was = NEW.status THEN
        RAISE EXCEPTION 'program %: it is % and cannot become %: a closed program stays closed',
            NEW.program_id, was, NEW.status
            USING ERRCODE = 'check_violation', HINT = 'program_status';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER program_status_changes_made BEFORE INSERT ON program_status_changes
    FOR EACH ROW EXECUTE FUNCTION program_status_changed();

-- New business only in an active program, under its business lock held shared.
CREATE FUNCTION program_takes_business() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    program bigint;
    now_is program_status;
BEGIN
    FOR program IN SELECT DISTINCT program_id FROM new_rows ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock_shared(hashtextextended('program_business:' || program, 0));
        now_is := program_status(program);
        IF now_is <> 'active' THEN
            RAISE EXCEPTION '%: program % is %: it takes no new business', TG_TABLE_NAME, program, now_is
                USING ERRCODE = 'check_violation', HINT = 'program_not_active';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER network_transactions_in_active_program AFTER INSERT ON network_transactions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION program_takes_business();

CREATE TABLE affiliate_rates (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    direct_rate numeric NOT NULL CHECK (direct_rate >= 0 AND direct_rate <= 1),
    override_rate numeric NOT NULL CHECK (override_rate >= 0 AND override_rate <= 1),
    effective_from date NOT NULL,
    set_by text NOT NULL,
    set_by_id bigint REFERENCES users (id),
    set_at timestamptz NOT NULL,
    CONSTRAINT affiliate_rates_within_the_sale CHECK (direct_rate + override_rate <= 1),
    UNIQUE (program_id, effective_from),
    UNIQUE (program_id, id)
);

CREATE FUNCTION affiliate_rates_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.set_by_id := act_user_id(TG_TABLE_NAME, 'set_by', NEW.set_by);
    IF NOT user_holds_role(NEW.program_id, NEW.set_by, '{admin}') THEN
        RAISE EXCEPTION 'affiliate_rates: % is not a user holding {admin} in this program', NEW.set_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER affiliate_rates_set BEFORE INSERT ON affiliate_rates
    FOR EACH ROW EXECUTE FUNCTION affiliate_rates_set();

CREATE TABLE affiliates (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200 AND name !~ '^[0-9]+$'),
    -- A referral code: given, or made from the name and the id.
    code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{2,31}$'),
    -- A parent exists before its child, so an affiliate is never its own ancestor.
    parent_id bigint CHECK (parent_id < id),
    currency text NOT NULL REFERENCES ledger_currencies (code),
    added_by text NOT NULL,
    added_by_id bigint REFERENCES users (id),
    added_at timestamptz NOT NULL,
    UNIQUE (program_id, name),
    UNIQUE (program_id, code),
    UNIQUE (program_id, id),
    UNIQUE (program_id, id, currency),
    -- A child earns in its parent's currency: the override is paid in it.
    FOREIGN KEY (program_id, parent_id, currency) REFERENCES affiliates (program_id, id, currency)
);
CREATE INDEX affiliates_downline ON affiliates (parent_id);

CREATE FUNCTION affiliate_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.added_by_id := act_user_id(TG_TABLE_NAME, 'added_by', NEW.added_by);
    IF NOT user_holds_role(NEW.program_id, NEW.added_by, '{officer,admin}') THEN
        RAISE EXCEPTION 'affiliates: % is not a user holding {officer,admin} in this program', NEW.added_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    IF NEW.code IS NULL THEN
        NEW.code := coalesce(nullif(left(upper(regexp_replace(NEW.name, '[^A-Za-z0-9]', '', 'g')), 8), ''), 'AFF')
                    || '-' || NEW.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER affiliates_added BEFORE INSERT ON affiliates
    FOR EACH ROW EXECUTE FUNCTION affiliate_added();

CREATE TABLE affiliate_sales (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    affiliate_id bigint NOT NULL,
    currency text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    sold_on date NOT NULL,
    reference text CHECK (length(btrim(reference)) BETWEEN 1 AND 200),
    -- The rates in effect on the day of the sale, as that version had them.
    rates_id bigint NOT NULL,
    direct_rate numeric NOT NULL,
    override_rate numeric NOT NULL,
    direct_minor bigint NOT NULL CHECK (direct_minor >= 0),
    -- The referring affiliate's parent when the sale was recorded, and its override.
    override_affiliate_id bigint,
    override_minor bigint NOT NULL CHECK (override_minor >= 0),
    entry_id bigint NOT NULL,
    recorded_by text NOT NULL,
    recorded_by_id bigint REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    created_xact_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT affiliate_sale_earns CHECK (direct_minor + override_minor > 0
                                           AND direct_minor + override_minor <= amount_minor),
    CONSTRAINT affiliate_override_to_a_parent CHECK (override_affiliate_id IS NOT NULL OR override_minor = 0),
    UNIQUE (program_id, id),
    UNIQUE (entry_id),
    FOREIGN KEY (program_id, affiliate_id, currency) REFERENCES affiliates (program_id, id, currency),
    FOREIGN KEY (program_id, override_affiliate_id) REFERENCES affiliates (program_id, id),
    FOREIGN KEY (program_id, rates_id) REFERENCES affiliate_rates (program_id, id),
    FOREIGN KEY (program_id, entry_id) REFERENCES ledger_entries (program_id, id)
);
CREATE INDEX affiliate_sales_by_affiliate ON affiliate_sales (affiliate_id, id);
CREATE INDEX affiliate_sales_by_override ON affiliate_sales (override_affiliate_id, id);

CREATE FUNCTION affiliate_sale_recorder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.recorded_by_id := network_act_by(TG_TABLE_NAME, 'recorded_by', NEW.program_id, NEW.recorded_by);
    RETURN NEW;
END $$;
CREATE TRIGGER affiliate_sales_actor BEFORE INSERT ON affiliate_sales
    FOR EACH ROW EXECUTE FUNCTION affiliate_sale_recorder();
CREATE TRIGGER affiliate_sales_in_active_program AFTER INSERT ON affiliate_sales
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION program_takes_business();

-- At commit: the sale's rates are the version in effect on its day, its commissions those
-- rates of its amount (the override to the affiliate's parent, never past what the direct
-- leaves), and its entry books exactly them.
CREATE FUNCTION affiliate_sale_consistent() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    wrong text;
    differs text;
BEGIN
    SELECT CASE
             WHEN r.id IS DISTINCT FROM NEW.rates_id THEN 'its rates are not those in effect on ' || NEW.sold_on
             WHEN (v.direct_rate, v.override_rate) IS DISTINCT FROM (NEW.direct_rate, NEW.override_rate)
               THEN 'its rates are not its version''s'
             WHEN a.parent_id IS DISTINCT FROM NEW.override_affiliate_id
               THEN 'its override does not go to the affiliate''s parent'
             WHEN NEW.direct_minor <> round(NEW.amount_minor * NEW.direct_rate)
               THEN format('its direct commission %s is not %s of %s', NEW.direct_minor, NEW.direct_rate, NEW.amount_minor)
             WHEN NEW.override_minor <> CASE WHEN a.parent_id IS NULL THEN 0
                      ELSE least(round(NEW.amount_minor * NEW.override_rate), NEW.amount_minor - NEW.direct_minor) END
               THEN format('its override %s is not %s of %s', NEW.override_minor, NEW.override_rate, NEW.amount_minor)
           END
    INTO wrong
    FROM affiliates a
    LEFT JOIN LATERAL (SELECT id FROM affiliate_rates WHERE program_id = NEW.program_id AND effective_from <= NEW.sold_on
                       ORDER BY effective_from DESC LIMIT 1) r ON true
    LEFT JOIN affiliate_rates v ON v.id = NEW.rates_id
    WHERE a.id = NEW.affiliate_id;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'affiliate sale %: %', NEW.id, wrong
            USING ERRCODE = 'check_violation', HINT = 'affiliate_sale';
    END IF;
    WITH legs AS (
        SELECT a.code, p.side, sum(p.amount_minor) AS amount_minor
        FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.entry_id = NEW.entry_id AND p.currency = NEW.currency AND p.phase = 'posted'
        GROUP BY a.code, p.side
    ), wanted AS (
        SELECT code, side, sum(amount_minor) AS amount_minor FROM (VALUES
            ('program:commission_expense', 'debit'::ledger_side, NEW.direct_minor + NEW.override_minor),
            ('affiliate:' || NEW.affiliate_id || ':payable', 'credit', NEW.direct_minor),
            ('affiliate:' || NEW.override_affiliate_id || ':payable', 'credit', NEW.override_minor)
        ) AS w(code, side, amount_minor)
        WHERE amount_minor > 0 GROUP BY code, side
    )
    SELECT coalesce(w.code, l.code) INTO differs
    FROM wanted w FULL JOIN legs l ON l.code = w.code AND l.side = w.side
    WHERE w.amount_minor IS DISTINCT FROM l.amount_minor
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'affiliate sale %: its entry does not book its commissions (%)', NEW.id, differs
            USING ERRCODE = 'check_violation', HINT = 'affiliate_entry';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER affiliate_sales_consistent AFTER INSERT ON affiliate_sales
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION affiliate_sale_consistent();

CREATE TRIGGER program_status_changes_append_only BEFORE UPDATE OR DELETE ON program_status_changes
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER affiliate_rates_append_only BEFORE UPDATE OR DELETE ON affiliate_rates
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER affiliates_append_only BEFORE UPDATE OR DELETE ON affiliates
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER affiliate_sales_append_only BEFORE UPDATE OR DELETE ON affiliate_sales
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER program_status_changes_no_truncate BEFORE TRUNCATE ON program_status_changes
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER affiliate_rates_no_truncate BEFORE TRUNCATE ON affiliate_rates
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER affiliates_no_truncate BEFORE TRUNCATE ON affiliates
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER affiliate_sales_no_truncate BEFORE TRUNCATE ON affiliate_sales
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON program_status_changes, affiliate_rates, affiliates, affiliate_sales FROM prorata_app;
