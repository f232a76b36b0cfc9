-- A distribution network's transactions and their commissions (DESIGN §8, Commission
-- schemes; §10 `txn record`). A transaction by a member (never an admin) in a service earns
-- the commission total, the top role's rate of its amount as the member's scheme resolves
-- it, shared over the member and its upline by their margins. The transaction, its parts and
-- its entry (Dr `service:{code}:commission_pool` / Cr `member:{id}:commission_payable`) are
-- written in one database transaction, and checked at commit: the parts are the upline's,
-- add up to the total, the total is the resolved rate of the amount, and the entry books
-- exactly the parts. A correction is a reversal with a reason, once: the entry's legs on the
-- other side.

-- A network's currency: its admin's, and every member below has its upline's. The members
-- added before a network had a currency keep none and cannot transact.
ALTER TABLE network_members ADD COLUMN currency text REFERENCES ledger_currencies (code);
ALTER TABLE network_members ADD CONSTRAINT network_member_has_currency
    CHECK (currency IS NOT NULL) NOT VALID;
ALTER TABLE network_members ADD CONSTRAINT network_members_program_id_id_currency_key
    UNIQUE (program_id, id, currency);

CREATE OR REPLACE FUNCTION network_member_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    upline network_members%ROWTYPE;
BEGIN
    NEW.added_by_id := act_user_id(TG_TABLE_NAME, 'added_by', NEW.added_by);
    IF NOT user_holds_role(NEW.program_id, NEW.added_by, '{officer,admin}') THEN
        RAISE EXCEPTION 'network_members: % is not a user holding {officer,admin} in this program', NEW.added_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    IF NEW.upline_id IS NOT NULL THEN
        SELECT * INTO upline FROM network_members WHERE id = NEW.upline_id;
        IF upline.role IS NOT NULL AND upline.role >= NEW.role THEN
            RAISE EXCEPTION 'network member %: a % is not above a %: an upline''s role is strictly higher',
                NEW.name, upline.role, NEW.role
                USING ERRCODE = 'check_violation', HINT = 'network_upline';
        END IF;
        IF NEW.currency IS NULL THEN
            NEW.currency := upline.currency;
        ELSIF NEW.currency IS DISTINCT FROM upline.currency THEN
            RAISE EXCEPTION 'network member %: its currency % is not its upline''s %: a network has one currency',
                NEW.name, NEW.currency, coalesce(upline.currency, 'none')
                USING ERRCODE = 'check_violation', HINT = 'network_currency';
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE TABLE network_transactions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    member_id bigint NOT NULL,
    service text NOT NULL CHECK (service ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
    currency text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    -- The top role's rate as the member's scheme resolved it when the transaction was
    -- recorded, and that rate of the amount, rounded half up.
    commission_rate numeric NOT NULL CHECK (commission_rate > 0 AND commission_rate <= 1),
    commission_minor bigint NOT NULL CHECK (commission_minor > 0),
    reference text CHECK (length(btrim(reference)) BETWEEN 1 AND 200),
    entry_id bigint NOT NULL,
    recorded_by text NOT NULL,
    recorded_by_id bigint REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    -- The transaction that wrote it: only that transaction may add its commissions.
    created_xact_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (program_id, id),
    UNIQUE (entry_id),
    FOREIGN KEY (program_id, member_id, currency) REFERENCES network_members (program_id, id, currency),
    FOREIGN KEY (program_id, entry_id) REFERENCES ledger_entries (program_id, id)
);
CREATE INDEX network_transactions_by_member ON network_transactions (member_id, id);

-- Each upline member's part of a transaction's commission, the transacting member's too,
-- with the margin (its own and any rolled up to it) it was allocated by.
CREATE TABLE network_commissions (
    transaction_id bigint NOT NULL,
    program_id bigint NOT NULL,
    member_id bigint NOT NULL,
    role network_role NOT NULL,
    margin numeric NOT NULL CHECK (margin >= 0 AND margin <= 1),
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    PRIMARY KEY (transaction_id, member_id)
);
CREATE INDEX network_commissions_by_member ON network_commissions (member_id, transaction_id);

-- A transaction's correction: its entry's legs on the other side, once, with a reason.
CREATE TABLE network_reversals (
    transaction_id bigint PRIMARY KEY,
    program_id bigint NOT NULL,
    entry_id bigint NOT NULL UNIQUE,
    reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 4000),
    reversed_by text NOT NULL,
    reversed_by_id bigint REFERENCES users (id),
    reversed_at timestamptz NOT NULL,
    FOREIGN KEY (program_id, transaction_id) REFERENCES network_transactions (program_id, id),
    FOREIGN KEY (program_id, entry_id) REFERENCES ledger_entries (program_id, id)
);

-- Recorded and reversed by an officer or an admin of the program.
CREATE FUNCTION network_act_by(tbl text, field text, program bigint, actor text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    actor_id bigint := act_user_id(tbl, field, actor);
BEGIN
    IF NOT user_holds_role(program, actor, '{officer,admin}') THEN
        RAISE EXCEPTION '%: % is not a user holding {officer,admin} in this program', tbl, actor
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN actor_id;
END $$;
CREATE FUNCTION network_transaction_recorder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.recorded_by_id := network_act_by(TG_TABLE_NAME, 'recorded_by', NEW.program_id, NEW.recorded_by);
    RETURN NEW;
END $$;
CREATE FUNCTION network_reversal_reverser() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.reversed_by_id := network_act_by(TG_TABLE_NAME, 'reversed_by', NEW.program_id, NEW.reversed_by);
    RETURN NEW;
END $$;
CREATE TRIGGER network_transactions_actor BEFORE INSERT ON network_transactions
    FOR EACH ROW EXECUTE FUNCTION network_transaction_recorder();
CREATE TRIGGER network_reversals_actor BEFORE INSERT ON network_reversals
    FOR EACH ROW EXECUTE FUNCTION network_reversal_reverser();

-- A transaction's commissions are written with it, never later, and in its program.
CREATE FUNCTION network_commissions_written() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    stray bigint;
BEGIN
    SELECT n.transaction_id INTO stray
    FROM (SELECT DISTINCT program_id, transaction_id FROM new_rows) AS n
    LEFT JOIN network_transactions t
           ON t.id = n.transaction_id AND t.program_id = n.program_id
          AND t.created_xact_id = pg_current_xact_id()
    WHERE t.id IS NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'network transaction % is commissioned once, when it is recorded', stray
            USING ERRCODE = 'check_violation', HINT = 'network_commissions';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER network_commissions_written AFTER INSERT ON network_commissions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION network_commissions_written();

CREATE TABLE network_transaction_checks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_transaction_id bigint NOT NULL,
    last_transaction_id bigint NOT NULL CHECK (last_transaction_id >= first_transaction_id)
);

CREATE FUNCTION network_transactions_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO network_transaction_checks (first_transaction_id, last_transaction_id)
    SELECT min(id), max(id) FROM new_rows HAVING count(*) > 0;
    RETURN NULL;
END $$;
CREATE TRIGGER network_transactions_written AFTER INSERT ON network_transactions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION network_transactions_written();

-- The first transaction of the range this database transaction wrote whose commissions are
-- wrong: by an admin; a total that is not the top role's resolved rate of the amount; parts
-- that are not exactly the upline (each member once, in its role) or do not add up to the
-- total, or margins that do not add up to the rate.
CREATE FUNCTION network_commissions_wrong(first_id bigint, last_id bigint) RETURNS TABLE (id bigint, wrong text)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE t AS (
        SELECT n.id, n.member_id, n.service, n.amount_minor, n.commission_rate, n.commission_minor,
               m.scheme_id, m.role AS member_role
        FROM network_transactions n JOIN network_members m ON m.id = n.member_id
        WHERE n.id BETWEEN first_id AND last_id AND n.created_xact_id = pg_current_xact_id()
    ), rates AS (
        SELECT d.scheme_id, d.service, r.rate
        FROM (SELECT DISTINCT scheme_id, service FROM t) AS d
        CROSS JOIN LATERAL scheme_resolved(d.scheme_id, d.service) AS r
        WHERE r.role = 'admin'
    ), up AS (
        SELECT t.id, m.id AS member_id, m.role, m.upline_id, 0 AS depth
        FROM t JOIN network_members m ON m.id = t.member_id
        UNION ALL
        SELECT up.id, m.id, m.role, m.upline_id, up.depth + 1
        FROM up JOIN network_members m ON m.id = up.upline_id
        WHERE up.depth < 8
    ), parts AS (
        SELECT c.transaction_id, c.member_id, c.role, c.margin, c.amount_minor
        FROM network_commissions c WHERE c.transaction_id IN (SELECT t.id FROM t)
    ), sums AS (
        SELECT transaction_id, sum(amount_minor) AS total, sum(margin) AS margins
        FROM parts GROUP BY transaction_id
    )
    SELECT w.id, w.wrong FROM (
        SELECT 1 AS k, t.id, 'it is by an admin, who does not initiate transactions' AS wrong
        FROM t WHERE t.member_role = 'admin'
        UNION ALL
        SELECT 2, t.id, format('its commission %s at %s is not the %s rate the scheme resolves, %s of %s',
                               t.commission_minor, t.commission_rate, t.service, r.rate, t.amount_minor)
        FROM t JOIN rates r ON r.scheme_id = t.scheme_id AND r.service = t.service
        WHERE t.commission_rate <> r.rate OR t.commission_minor <> round(t.amount_minor * r.rate)
        UNION ALL
        SELECT 3, coalesce(up.id, p.transaction_id),
               format('member %s is %s', coalesce(up.member_id, p.member_id),
                      CASE WHEN p.member_id IS NULL THEN 'of the upline but has no part'
                           WHEN up.member_id IS NULL THEN 'given a part but is not of the upline'
                           ELSE 'given a part in another role' END)
        FROM up FULL JOIN parts p ON p.transaction_id = up.id AND p.member_id = up.member_id
        WHERE up.member_id IS NULL OR p.member_id IS NULL OR up.role <> p.role
        UNION ALL
        SELECT 4, t.id, format('its parts add up to %s and their margins to %s, not %s and %s',
                               coalesce(s.total, 0), coalesce(s.margins, 0), t.commission_minor, t.commission_rate)
        FROM t LEFT JOIN sums s ON s.transaction_id = t.id
        WHERE s.total IS DISTINCT FROM t.commission_minor OR s.margins IS DISTINCT FROM t.commission_rate
    ) AS w
    ORDER BY w.k, w.id
    LIMIT 1
$$;

-- The first transaction of the range whose entry does not book DESIGN §8's legs for its
-- commissions, with the account that differs.
CREATE FUNCTION network_entries_wrong(first_id bigint, last_id bigint) RETURNS TABLE (id bigint, account text)
LANGUAGE sql STABLE AS $$
    WITH t AS (
        SELECT n.id, n.entry_id, n.currency, n.service, n.commission_minor FROM network_transactions n
        WHERE n.id BETWEEN first_id AND last_id AND n.created_xact_id = pg_current_xact_id()
    ), legs AS (
        SELECT t.id, a.code, p.side, sum(p.amount_minor) AS amount_minor
        FROM t JOIN ledger_postings p ON p.entry_id = t.entry_id AND p.currency = t.currency AND p.phase = 'posted'
        JOIN ledger_accounts a ON a.id = p.account_id
        GROUP BY t.id, a.code, p.side
    ), wanted AS (
        SELECT t.id, 'service:' || t.service || ':commission_pool' AS code, 'debit'::ledger_side AS side,
               t.commission_minor AS amount_minor
        FROM t
        UNION ALL
        SELECT c.transaction_id, 'member:' || c.member_id || ':commission_payable', 'credit', c.amount_minor
        FROM network_commissions c WHERE c.transaction_id IN (SELECT t.id FROM t) AND c.amount_minor > 0
    )
    SELECT coalesce(w.id, l.id), coalesce(w.code, l.code)
    FROM wanted w FULL JOIN legs l ON l.id = w.id AND l.code = w.code AND l.side = w.side
    WHERE w.amount_minor IS DISTINCT FROM l.amount_minor
    ORDER BY 1
    LIMIT 1
$$;

CREATE FUNCTION network_check_transaction_range() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    t record;
BEGIN
    SELECT * INTO t FROM network_commissions_wrong(NEW.first_transaction_id, NEW.last_transaction_id);
    IF FOUND THEN
        RAISE EXCEPTION 'network transaction %: %', t.id, t.wrong
            USING ERRCODE = 'check_violation', HINT = 'network_commissions';
    END IF;
    SELECT * INTO t FROM network_entries_wrong(NEW.first_transaction_id, NEW.last_transaction_id);
    IF FOUND THEN
        RAISE EXCEPTION 'network transaction %: its entry does not book its commissions (%)', t.id, t.account
            USING ERRCODE = 'check_violation', HINT = 'network_entry';
    END IF;
    DELETE FROM network_transaction_checks WHERE network_transaction_checks.id = NEW.id;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION network_check_transaction_range() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER network_transactions_consistent AFTER INSERT ON network_transaction_checks
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION network_check_transaction_range();

-- A reversal's entry is the ledger's reversal of its transaction's entry (which the ledger
-- checks mirrors it, every side swapped, and allows once).
CREATE FUNCTION network_reversal_of_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM ledger_entries e
                   JOIN network_transactions n ON n.entry_id = e.reverses AND n.program_id = e.program_id
                   WHERE e.id = NEW.entry_id AND n.id = NEW.transaction_id AND n.program_id = NEW.program_id) THEN
        RAISE EXCEPTION 'network transaction %: entry % is not the reversal of its entry', NEW.transaction_id, NEW.entry_id
            USING ERRCODE = 'check_violation', HINT = 'network_reversal';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER network_reversals_of_entry BEFORE INSERT ON network_reversals
    FOR EACH ROW EXECUTE FUNCTION network_reversal_of_entry();

CREATE TRIGGER network_transactions_append_only BEFORE UPDATE OR DELETE ON network_transactions
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER network_commissions_append_only BEFORE UPDATE OR DELETE ON network_commissions
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER network_reversals_append_only BEFORE UPDATE OR DELETE ON network_reversals
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER network_transactions_no_truncate BEFORE TRUNCATE ON network_transactions
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER network_commissions_no_truncate BEFORE TRUNCATE ON network_commissions
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER network_reversals_no_truncate BEFORE TRUNCATE ON network_reversals
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON network_transactions, network_commissions, network_reversals FROM prorata_app;
REVOKE ALL ON network_transaction_checks FROM prorata_app;
GRANT INSERT ON network_transaction_checks TO prorata_app;
