-- LP distribution events (DESIGN §8): a deal's proceeds (revenue, an exit, a dividend)
-- allocated to the holders of its units at a snapshot date, approved by a second person
-- (the event's entry posted in the same transaction), withdrawn against allocation by
-- allocation through the payouts flow, and completed; or cancelled with a reason while
-- nothing is withdrawn or pending against it.
--
-- PostgreSQL's half of the rules: states move forward only; the approver neither drafted nor
-- calculated the event; a calculated event's allocations are the holdings at its snapshot
-- date, add up to its total and follow the allocation rule's floor; an active event's entry
-- is Dr the deal's proceeds receivable / Cr each holder's payable of their allocation; each
-- allocation's withdrawn, pending and available add up to it, moved only by its withdrawals
-- (a trigger with its owner's rights), and a withdrawal draws on an allocation only while
-- its event is active and only for the allocation's holder.

CREATE TABLE lp_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    deal_id bigint NOT NULL,
    kind text NOT NULL CHECK (kind IN ('revenue', 'exit', 'dividend', 'other')),
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description text CHECK (length(description) <= 4000),
    currency char(3) NOT NULL,
    total_minor bigint NOT NULL CHECK (total_minor > 0),
    distribution_date date NOT NULL,
    status text NOT NULL CHECK (status IN ('draft', 'calculated', 'active', 'completed', 'cancelled')),
    created_by text NOT NULL,
    created_by_id bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    -- The snapshot, as calculated: the day holdings were read at the end of, all units then,
    -- and what each unit receives (the total over the units, half-up at 7 places).
    snapshot_date date,
    total_units numeric(22, 7) CHECK (total_units > 0),
    amount_per_unit numeric(30, 7),
    calculated_by text,
    calculated_by_id bigint REFERENCES users (id),
    calculated_at timestamptz,
    approved_by text,
    approved_by_id bigint REFERENCES users (id),
    approved_at timestamptz,
    completed_by text,
    completed_by_id bigint REFERENCES users (id),
    completed_at timestamptz,
    cancelled_by text,
    cancelled_by_id bigint REFERENCES users (id),
    cancelled_at timestamptz,
    cancel_reason text CHECK (length(btrim(cancel_reason)) BETWEEN 1 AND 4000),
    UNIQUE (program_id, id),
    FOREIGN KEY (program_id, deal_id) REFERENCES deals (program_id, id),
    CONSTRAINT lp_event_calculated_with_a_snapshot CHECK (
        (calculated_by IS NULL) = (snapshot_date IS NULL)
        AND (calculated_by IS NULL) = (total_units IS NULL)
        AND (calculated_by IS NULL) = (amount_per_unit IS NULL)
        AND (status IN ('calculated', 'active', 'completed')) <= (calculated_by IS NOT NULL)),
    CONSTRAINT lp_event_approved_before_active CHECK (
        (status IN ('active', 'completed')) <= (approved_by IS NOT NULL)),
    -- Maker-checker: whoever drafted or calculated an event never approves it.
    CONSTRAINT lp_event_checker_is_not_maker CHECK (
        approved_by <> created_by AND approved_by <> calculated_by),
    CONSTRAINT lp_event_checker_is_not_maker_by_id CHECK (
        approved_by_id <> created_by_id AND approved_by_id <> calculated_by_id),
    CONSTRAINT lp_event_cancelled_with_a_reason CHECK (
        (status = 'cancelled') = (cancel_reason IS NOT NULL AND cancelled_by IS NOT NULL)),
    CONSTRAINT lp_event_completed_by_someone CHECK ((status = 'completed') = (completed_by IS NOT NULL))
);
CREATE INDEX lp_events_by_deal ON lp_events (program_id, deal_id, id);
CREATE INDEX lp_events_by_status ON lp_events (program_id, status, id);

CREATE TABLE lp_allocations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    event_id bigint NOT NULL,
    investor_id bigint NOT NULL,
    units numeric(22, 7) NOT NULL CHECK (units > 0),
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    withdrawn_minor bigint NOT NULL DEFAULT 0 CHECK (withdrawn_minor >= 0),
    pending_minor bigint NOT NULL DEFAULT 0 CHECK (pending_minor >= 0),
    available_minor bigint NOT NULL
        CONSTRAINT lp_allocation_available_not_negative CHECK (available_minor >= 0),
    status text NOT NULL CHECK (status IN ('allocated', 'partially_withdrawn', 'fully_withdrawn')),
    UNIQUE (event_id, investor_id),
    UNIQUE (program_id, id),
    FOREIGN KEY (program_id, event_id) REFERENCES lp_events (program_id, id),
    FOREIGN KEY (program_id, investor_id) REFERENCES investors (program_id, id),
    CONSTRAINT lp_allocation_parts_add_up CHECK (
        amount_minor::numeric = withdrawn_minor::numeric + pending_minor + available_minor),
    CONSTRAINT lp_allocation_status_follows_withdrawn CHECK (status = CASE
        WHEN withdrawn_minor = amount_minor THEN 'fully_withdrawn'
        WHEN withdrawn_minor = 0 THEN 'allocated'
        ELSE 'partially_withdrawn' END)
);
-- An approved event's entry, in parts: Dr the deal's proceeds receivable / Cr the holders'
-- payables, at most 9,999 holders a part (an entry's legs are bounded); each part reversed
-- if the event is cancelled.
CREATE TABLE lp_event_entries (
    program_id bigint NOT NULL,
    event_id bigint NOT NULL,
    part integer NOT NULL CHECK (part >= 1),
    entry_id bigint NOT NULL UNIQUE,
    reversal_entry_id bigint UNIQUE,
    PRIMARY KEY (event_id, part),
    FOREIGN KEY (program_id, event_id) REFERENCES lp_events (program_id, id),
    FOREIGN KEY (program_id, entry_id) REFERENCES ledger_entries (program_id, id),
    FOREIGN KEY (program_id, reversal_entry_id) REFERENCES ledger_entries (program_id, id)
);

CREATE INDEX lp_allocations_by_investor ON lp_allocations (program_id, investor_id, event_id);

-- A withdrawal may draw on one allocation.
ALTER TABLE withdrawals ADD COLUMN allocation_id bigint;
ALTER TABLE withdrawals ADD FOREIGN KEY (program_id, allocation_id) REFERENCES lp_allocations (program_id, id);
CREATE INDEX withdrawals_by_allocation ON withdrawals (allocation_id) WHERE allocation_id IS NOT NULL;

-- An event: drafted by an officer; its status moves forward only; each act by a user holding
-- its role, named by id as well as by name.
CREATE FUNCTION lp_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who text;
    wanted control_role[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'draft' THEN
            RAISE EXCEPTION 'lp_events: an event starts as a draft, not %', NEW.status
                USING ERRCODE = 'check_violation', HINT = 'lp_event_transition';
        END IF;
        who := NEW.created_by; wanted := '{officer}';
        NEW.created_by_id := act_user_id(TG_TABLE_NAME, 'created_by', NEW.created_by);
        IF NEW.currency <> (SELECT currency FROM deals WHERE id = NEW.deal_id) THEN
            RAISE EXCEPTION 'lp_events: an event is in its deal''s currency'
                USING ERRCODE = 'check_violation', HINT = 'lp_event_currency';
        END IF;
    ELSE
        IF NOT (NEW.status = OLD.status
                OR (OLD.status = 'draft' AND NEW.status IN ('calculated', 'cancelled'))
                OR (OLD.status = 'calculated' AND NEW.status IN ('active', 'cancelled'))
                OR (OLD.status = 'active' AND NEW.status IN ('completed', 'cancelled'))) THEN
            RAISE EXCEPTION 'lp_event %: % cannot become %', OLD.id, OLD.status, NEW.status
                USING ERRCODE = 'check_violation', HINT = 'lp_event_transition';
        END IF;
        IF (NEW.program_id, NEW.deal_id, NEW.kind, NEW.title, NEW.currency, NEW.total_minor,
            NEW.distribution_date, NEW.created_by, NEW.created_at)
           IS DISTINCT FROM
           (OLD.program_id, OLD.deal_id, OLD.kind, OLD.title, OLD.currency, OLD.total_minor,
            OLD.distribution_date, OLD.created_by, OLD.created_at)
           OR (OLD.calculated_by IS NOT NULL AND (NEW.calculated_by, NEW.snapshot_date, NEW.total_units)
               IS DISTINCT FROM (OLD.calculated_by, OLD.snapshot_date, OLD.total_units))
           OR (OLD.approved_by IS NOT NULL AND NEW.approved_by IS DISTINCT FROM OLD.approved_by) THEN
            RAISE EXCEPTION 'lp_event %: what is recorded is never rewritten', OLD.id
                USING ERRCODE = 'check_violation', HINT = 'lp_event_transition';
        END IF;
        IF NEW.status = 'calculated' AND OLD.status = 'draft' THEN
            who := NEW.calculated_by; wanted := '{officer}';
        ELSIF NEW.status = 'active' AND OLD.status = 'calculated' THEN
            who := NEW.approved_by; wanted := '{approver}';
        ELSIF NEW.status = 'completed' AND OLD.status = 'active' AND NEW.completed_by IS NOT NULL THEN
            -- Completed by hand by an officer, or with the payment that withdrew the last of it
            -- (by whoever confirmed that payment).
            who := NEW.completed_by; wanted := '{officer,approver}';
        ELSIF NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
            who := NEW.cancelled_by; wanted := '{officer}';
        END IF;
        NEW.calculated_by_id := act_user_id(TG_TABLE_NAME, 'calculated_by', NEW.calculated_by);
        NEW.approved_by_id := act_user_id(TG_TABLE_NAME, 'approved_by', NEW.approved_by);
        NEW.completed_by_id := act_user_id(TG_TABLE_NAME, 'completed_by', NEW.completed_by);
        NEW.cancelled_by_id := act_user_id(TG_TABLE_NAME, 'cancelled_by', NEW.cancelled_by);
    END IF;
    IF who IS NOT NULL AND NOT user_holds_role(NEW.program_id, who, wanted) THEN
        RAISE EXCEPTION 'lp_events: % is not a user holding % in this program', who, wanted
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER lp_events_guard BEFORE INSERT OR UPDATE ON lp_events
    FOR EACH ROW EXECUTE FUNCTION lp_events_guard();

-- At commit, an event is what its status says: a calculated one's allocations are the
-- deal's holdings at the snapshot date, add up to its total and each is the allocation
-- rule's floor or one minor unit more; an active one's entry books exactly them; a cancelled
-- one was never drawn on.
CREATE FUNCTION lp_events_consistent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    e lp_events;
    wrong text;
BEGIN
    SELECT * INTO e FROM lp_events WHERE id = NEW.id;
    IF e.calculated_by IS NOT NULL THEN
        WITH moves AS (
            SELECT investor_id, CASE kind WHEN 'redeem' THEN -units ELSE units END AS units
            FROM unit_movements WHERE deal_id = e.deal_id AND moved_on <= e.snapshot_date
            UNION ALL
            SELECT from_investor_id, -units FROM unit_movements
            WHERE deal_id = e.deal_id AND kind = 'transfer' AND moved_on <= e.snapshot_date
        ), held AS (
            SELECT investor_id, sum(units) AS units FROM moves GROUP BY investor_id HAVING sum(units) <> 0
        )
        SELECT format('investor %s: allocated on %s units, holds %s', coalesce(a.investor_id, h.investor_id),
                      a.units, h.units)
          INTO wrong
        FROM (SELECT investor_id, units FROM lp_allocations WHERE event_id = e.id) a
        FULL JOIN held h ON h.investor_id = a.investor_id
        WHERE a.units IS DISTINCT FROM h.units
        LIMIT 1;
        IF wrong IS NOT NULL THEN
            RAISE EXCEPTION 'lp_event %: allocations are not the holdings of %: %', e.id, e.snapshot_date, wrong
                USING ERRCODE = 'check_violation', HINT = 'lp_event_snapshot';
        END IF;
        SELECT CASE
                 WHEN sum(units) IS DISTINCT FROM e.total_units THEN 'units add up to ' || coalesce(sum(units), 0)
                 WHEN sum(amount_minor) IS DISTINCT FROM e.total_minor THEN 'amounts add up to ' || sum(amount_minor)
                 WHEN bool_or(amount_minor - div(e.total_minor * units, e.total_units) NOT IN (0, 1))
                   THEN 'an amount is not the allocation rule''s floor or one more'
               END
          INTO wrong
        FROM lp_allocations WHERE event_id = e.id;
        IF wrong IS NOT NULL THEN
            RAISE EXCEPTION 'lp_event %: %', e.id, wrong
                USING ERRCODE = 'check_violation', HINT = 'lp_event_allocations';
        END IF;
    END IF;
    IF (e.approved_by IS NOT NULL) <> EXISTS (SELECT 1 FROM lp_event_entries WHERE event_id = e.id) THEN
        RAISE EXCEPTION 'lp_event %: an event has its entry exactly when it is approved', e.id
            USING ERRCODE = 'check_violation', HINT = 'lp_event_entry';
    END IF;
    IF e.approved_by IS NOT NULL THEN
        WITH legs AS (
            SELECT a.code, p.side, sum(p.amount_minor) AS amount_minor
            FROM lp_event_entries x
            JOIN ledger_postings p ON p.entry_id = x.entry_id
            JOIN ledger_accounts a ON a.id = p.account_id
            WHERE x.event_id = e.id AND p.currency = e.currency AND p.phase = 'posted'
            GROUP BY a.code, p.side
        ), wanted AS (
            SELECT 'deal:' || e.deal_id || ':proceeds_receivable' AS code, 'debit'::ledger_side AS side,
                   e.total_minor AS amount_minor
            UNION ALL
            SELECT 'investor:' || investor_id || ':payable', 'credit'::ledger_side, amount_minor
            FROM lp_allocations WHERE event_id = e.id AND amount_minor > 0
        )
        SELECT coalesce(w.code, l.code) INTO wrong
        FROM wanted w FULL JOIN legs l ON l.code = w.code AND l.side = w.side
        WHERE w.amount_minor IS DISTINCT FROM l.amount_minor
        LIMIT 1;
        IF wrong IS NOT NULL THEN
            RAISE EXCEPTION 'lp_event %: its entry does not book its allocations (%)', e.id, wrong
                USING ERRCODE = 'check_violation', HINT = 'lp_event_entry';
        END IF;
    END IF;
    SELECT CASE WHEN e.status = 'cancelled' THEN 'a part not reversed' ELSE 'a part reversed' END INTO wrong
    FROM lp_event_entries x
    WHERE x.event_id = e.id AND (x.reversal_entry_id IS NULL) = (e.status = 'cancelled')
    LIMIT 1;
    IF wrong IS NULL THEN
        SELECT 'a reversal that does not reverse its part' INTO wrong
        FROM lp_event_entries x LEFT JOIN ledger_entries r ON r.id = x.reversal_entry_id
        WHERE x.event_id = e.id AND x.reversal_entry_id IS NOT NULL AND r.reverses IS DISTINCT FROM x.entry_id
        LIMIT 1;
    END IF;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'lp_event % is %, with %', e.id, e.status, wrong
            USING ERRCODE = 'check_violation', HINT = 'lp_event_entry';
    END IF;
    IF e.status = 'cancelled' AND EXISTS (
        SELECT 1 FROM lp_allocations WHERE event_id = e.id AND (withdrawn_minor > 0 OR pending_minor > 0)) THEN
        RAISE EXCEPTION 'lp_event %: money was withdrawn or is pending against it', e.id
            USING ERRCODE = 'check_violation', HINT = 'lp_event_drawn_on';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER lp_events_consistent AFTER UPDATE ON lp_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM OLD.status)
    EXECUTE FUNCTION lp_events_consistent();

-- Allocations are written by calculating a draft event (its row locked), all at once.
CREATE FUNCTION lp_allocations_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wrong bigint;
BEGIN
    SELECT n.event_id INTO wrong
    FROM (SELECT DISTINCT event_id FROM new_allocations) n
    JOIN lp_events e ON e.id = n.event_id
    WHERE e.status <> 'draft'
    LIMIT 1;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'lp_allocations: event % is past its draft: its allocations are calculated once', wrong
            USING ERRCODE = 'check_violation', HINT = 'lp_event_transition';
    END IF;
    SELECT id INTO wrong FROM new_allocations
    WHERE withdrawn_minor <> 0 OR pending_minor <> 0 OR available_minor <> amount_minor
    LIMIT 1;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'lp_allocations: allocation % starts with all of it available', wrong
            USING ERRCODE = 'check_violation', HINT = 'lp_allocation_position';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER lp_allocations_written AFTER INSERT ON lp_allocations
    REFERENCING NEW TABLE AS new_allocations
    FOR EACH STATEMENT EXECUTE FUNCTION lp_allocations_written();

-- A withdrawal against an allocation moves it: requested → pending; paid → withdrawn;
-- rejected, cancelled or failed → available again. Only while its event is active (the event
-- locked against a cancel at the same moment), only for the allocation's holder, in its
-- currency; beyond what is available, the CHECK refuses it. It runs with its owner's rights:
-- the application's role cannot write an allocation's position itself.
CREATE FUNCTION lp_allocation_drawn() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    a lp_allocations;
    event_status text;
    live constant text[] := '{pending,approved,sent}';
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT * INTO a FROM lp_allocations WHERE id = NEW.allocation_id AND program_id = NEW.program_id;
        SELECT status INTO event_status FROM lp_events WHERE id = a.event_id FOR SHARE;
        IF event_status IS DISTINCT FROM 'active' THEN
            RAISE EXCEPTION 'withdrawal: allocation % belongs to an event that is %, not active',
                NEW.allocation_id, coalesce(event_status, 'unknown')
                USING ERRCODE = 'check_violation', HINT = 'lp_allocation_closed';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM ledger_accounts la JOIN lp_events e ON e.id = a.event_id
                       WHERE la.id = NEW.payee_account_id AND la.currency = e.currency
                         AND la.code = 'investor:' || a.investor_id || ':payable') THEN
            RAISE EXCEPTION 'withdrawal: allocation % is investor %''s, in its event''s currency',
                NEW.allocation_id, a.investor_id
                USING ERRCODE = 'check_violation', HINT = 'lp_allocation_payee';
        END IF;
        UPDATE lp_allocations SET pending_minor = pending_minor + NEW.amount_minor,
                                  available_minor = available_minor - NEW.amount_minor
        WHERE id = NEW.allocation_id;
    ELSIF OLD.status = ANY (live) AND NOT NEW.status = ANY (live) THEN
        UPDATE lp_allocations
        SET pending_minor = pending_minor - NEW.amount_minor,
            withdrawn_minor = withdrawn_minor + CASE WHEN NEW.status = 'paid' THEN NEW.amount_minor ELSE 0 END,
            available_minor = available_minor + CASE WHEN NEW.status = 'paid' THEN 0 ELSE NEW.amount_minor END,
            status = CASE
                WHEN withdrawn_minor + CASE WHEN NEW.status = 'paid' THEN NEW.amount_minor ELSE 0 END = amount_minor
                    THEN 'fully_withdrawn'
                WHEN withdrawn_minor + CASE WHEN NEW.status = 'paid' THEN NEW.amount_minor ELSE 0 END = 0
                    THEN 'allocated'
                ELSE 'partially_withdrawn' END
        WHERE id = NEW.allocation_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER withdrawals_draw_on_allocation AFTER INSERT ON withdrawals
    FOR EACH ROW WHEN (NEW.allocation_id IS NOT NULL) EXECUTE FUNCTION lp_allocation_drawn();
CREATE TRIGGER withdrawals_settle_allocation AFTER UPDATE OF status ON withdrawals
    FOR EACH ROW WHEN (NEW.allocation_id IS NOT NULL AND NEW.status IS DISTINCT FROM OLD.status)
    EXECUTE FUNCTION lp_allocation_drawn();

-- An event's entry parts are written as it is approved (while it is still calculated), and
-- a part's reversal once, as it is cancelled.
CREATE FUNCTION lp_event_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_status text;
BEGIN
    SELECT status INTO event_status FROM lp_events WHERE id = NEW.event_id;
    IF TG_OP = 'INSERT' AND (event_status IS DISTINCT FROM 'calculated' OR NEW.reversal_entry_id IS NOT NULL) THEN
        RAISE EXCEPTION 'lp_event_entries: event % is %: its entry is booked as it is approved', NEW.event_id, event_status
            USING ERRCODE = 'check_violation', HINT = 'lp_event_entry';
    END IF;
    IF TG_OP = 'UPDATE' AND ((NEW.event_id, NEW.part, NEW.entry_id) IS DISTINCT FROM (OLD.event_id, OLD.part, OLD.entry_id)
                             OR OLD.reversal_entry_id IS NOT NULL) THEN
        RAISE EXCEPTION 'lp_event_entries: event %''s entry part % is written once, and reversed once', OLD.event_id, OLD.part
            USING ERRCODE = 'check_violation', HINT = 'lp_event_entry';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER lp_event_entries_guard BEFORE INSERT OR UPDATE ON lp_event_entries
    FOR EACH ROW EXECUTE FUNCTION lp_event_entries_guard();

-- An allocation's withdrawal is named once, when it is requested.
CREATE FUNCTION withdrawals_allocation_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.allocation_id IS DISTINCT FROM OLD.allocation_id THEN
        RAISE EXCEPTION 'withdrawal %: the allocation it draws on is never changed', OLD.id
            USING ERRCODE = 'check_violation', HINT = 'withdrawal_transition';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER withdrawals_allocation_fixed BEFORE UPDATE OF allocation_id ON withdrawals
    FOR EACH ROW EXECUTE FUNCTION withdrawals_allocation_fixed();

-- Events and allocations are never deleted; allocations are never updated by the
-- application's role (their positions move through the trigger above).
CREATE TRIGGER lp_events_never_deleted BEFORE DELETE ON lp_events
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER lp_events_no_truncate BEFORE TRUNCATE ON lp_events
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER lp_allocations_never_deleted BEFORE DELETE ON lp_allocations
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER lp_allocations_no_truncate BEFORE TRUNCATE ON lp_allocations
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER lp_event_entries_never_deleted BEFORE DELETE ON lp_event_entries
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER lp_event_entries_no_truncate BEFORE TRUNCATE ON lp_event_entries
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON lp_events, lp_allocations, lp_event_entries FROM prorata_app;
GRANT UPDATE (status, snapshot_date, total_units, amount_per_unit, calculated_by, calculated_at,
              approved_by, approved_at, completed_by, completed_at,
              cancelled_by, cancelled_at, cancel_reason)
    ON lp_events TO prorata_app;
GRANT UPDATE (reversal_entry_id) ON lp_event_entries TO prorata_app;
REVOKE UPDATE (allocation_id) ON withdrawals FROM prorata_app;

-- A calculated event's snapshot stays true: no unit of its deal moves on or before its
-- snapshot date afterwards (the register's date-order rule, with the snapshot as its latest).
CREATE OR REPLACE FUNCTION unit_movement_booked() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    latest date;
    snapshot record;
BEGIN
    NEW.recorded_by_id := act_user_id(TG_TABLE_NAME, 'recorded_by', NEW.recorded_by);
    IF NOT user_holds_role(NEW.program_id, NEW.recorded_by, '{officer}') THEN
        RAISE EXCEPTION '%: % is not a user holding officer in this program', TG_TABLE_NAME, NEW.recorded_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    PERFORM 1 FROM deals WHERE id = NEW.deal_id FOR UPDATE;
    SELECT max(moved_on) INTO latest FROM unit_movements WHERE deal_id = NEW.deal_id;
    IF latest IS NOT NULL AND NEW.moved_on < latest THEN
        RAISE EXCEPTION 'unit_movements: deal % has units moved on %; a movement dated % would rewrite its history',
            NEW.deal_id, latest, NEW.moved_on USING ERRCODE = 'check_violation', HINT = 'unit_movement_out_of_order';
    END IF;
    SELECT id, snapshot_date INTO snapshot FROM lp_events
    WHERE deal_id = NEW.deal_id AND snapshot_date >= NEW.moved_on AND status <> 'cancelled'
    ORDER BY snapshot_date DESC LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'unit_movements: event % of deal % snapshotted its units on %; a movement dated % would change it',
            snapshot.id, NEW.deal_id, snapshot.snapshot_date, NEW.moved_on
            USING ERRCODE = 'check_violation', HINT = 'unit_movement_out_of_order';
    END IF;
    IF NEW.kind = 'redeem' THEN
        PERFORM unit_holding_given(NEW.deal_id, NEW.investor_id, NEW.units);
    ELSE
        INSERT INTO unit_holdings AS h (deal_id, investor_id, units)
        VALUES (NEW.deal_id, NEW.investor_id, NEW.units)
        ON CONFLICT (deal_id, investor_id) DO UPDATE SET units = h.units + NEW.units;
    END IF;
    IF NEW.kind = 'transfer' THEN
        PERFORM unit_holding_given(NEW.deal_id, NEW.from_investor_id, NEW.units);
    END IF;
    RETURN NEW;
END $$;

-- A withdrawal locks the allocation it draws on (SELECT … FOR UPDATE), which needs an
-- update right on one column: the id, which nothing may change.
CREATE FUNCTION lp_allocations_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.event_id IS DISTINCT FROM OLD.event_id
       OR NEW.investor_id IS DISTINCT FROM OLD.investor_id OR NEW.units IS DISTINCT FROM OLD.units
       OR NEW.amount_minor IS DISTINCT FROM OLD.amount_minor THEN
        RAISE EXCEPTION 'lp_allocation %: what was allocated is never rewritten', OLD.id
            USING ERRCODE = 'check_violation', HINT = 'lp_allocation_position';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER lp_allocations_fixed BEFORE UPDATE ON lp_allocations
    FOR EACH ROW EXECUTE FUNCTION lp_allocations_fixed();
GRANT UPDATE (id) ON lp_allocations TO prorata_app;
