-- Revenue's database-side checks made per statement and per transaction instead of per row,
-- so a batch of revenue transactions recorded in one statement is checked in a few queries,
-- with nothing skipped (the ledger's checks took the same step in migration 28).
--
-- Per row, a batch of 1,000 transactions of a 20-member community ran 4,000 + 20,000
-- "written with its transaction" probes and 2 x 24,000 referential checks for the parts' and
-- credits' foreign keys when written, and 2 x 1,000 deferred checks at commit (each
-- computing its community's median anew). Now:
--
-- * The parts' and credits' statement triggers check, in one query each, that every row
--   names a transaction this database transaction wrote, in the same program (which is what
--   the foreign key to the transaction checked). A credit's member is checked at commit
--   against the community and role (which is what the foreign key to the member checked,
--   and more). Transactions, members, parts and credits are never deleted, so a reference
--   checked when it is written cannot break later.
-- * The transactions' statement trigger records the range of ids it wrote in
--   revenue_transaction_checks, whose deferred row trigger checks, at commit, every
--   transaction of the range this database transaction wrote: its parts add up to its net,
--   each role's credits to the role's part, each credit is a member of the community in that
--   role, its entry books exactly DESIGN §8's legs, and it is held exactly when its gross is
--   above its schedule's multiple of the median of the 30 days before (one median per
--   community and day). The application's role may add such a record (an extra record only
--   adds a check) but not change or remove one; only the check itself removes it.

-- PL/pgSQL caches a statement's plan per connection and after five runs may keep a generic
-- plan, made without the ids it is called with: a connection whose first ledger checks ran
-- while ledger_postings was nearly empty went on probing it with a sequential scan (1.8 s a
-- batch of 1,000 entries with 50,000 postings in the table, 2.5 s with 74,000, growing).
-- The checks that probe by id are planned for each call (a fraction of a millisecond).
ALTER FUNCTION ledger_check_entry_range() SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION ledger_entries_written() SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION ledger_postings_inserted() SET plan_cache_mode = force_custom_plan;

ALTER TABLE revenue_role_parts DROP CONSTRAINT revenue_role_parts_program_id_transaction_id_fkey;
ALTER TABLE wallet_credits DROP CONSTRAINT wallet_credits_program_id_transaction_id_fkey;
ALTER TABLE wallet_credits DROP CONSTRAINT wallet_credits_program_id_member_id_fkey;

DROP TRIGGER revenue_role_parts_with_transaction ON revenue_role_parts;
DROP TRIGGER wallet_credits_with_transaction ON wallet_credits;
DROP FUNCTION revenue_parts_with_transaction();

-- A transaction's roles' parts and members' credits are written with it, never later, and
-- in its program.
CREATE FUNCTION revenue_parts_written() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    stray bigint;
BEGIN
    SELECT n.transaction_id INTO stray
    FROM (SELECT DISTINCT program_id, transaction_id FROM new_rows) AS n
    LEFT JOIN revenue_transactions t
           ON t.id = n.transaction_id AND t.program_id = n.program_id
          AND t.created_xact_id = pg_current_xact_id()
    WHERE t.id IS NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '%: revenue transaction % is split once, when it is recorded', TG_TABLE_NAME, stray
            USING ERRCODE = 'check_violation', HINT = 'revenue_parts';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER revenue_role_parts_written AFTER INSERT ON revenue_role_parts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION revenue_parts_written();
CREATE TRIGGER wallet_credits_written AFTER INSERT ON wallet_credits
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION revenue_parts_written();

CREATE TABLE revenue_transaction_checks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_transaction_id bigint NOT NULL,
    last_transaction_id bigint NOT NULL CHECK (last_transaction_id >= first_transaction_id)
);
REVOKE ALL ON revenue_transaction_checks FROM prorata_app;
GRANT INSERT ON revenue_transaction_checks TO prorata_app;

CREATE FUNCTION revenue_transactions_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO revenue_transaction_checks (first_transaction_id, last_transaction_id)
    SELECT min(id), max(id) FROM new_rows HAVING count(*) > 0;
    RETURN NULL;
END $$;

DROP TRIGGER revenue_transactions_consistent ON revenue_transactions;
DROP FUNCTION revenue_transaction_consistent();
DROP TRIGGER revenue_transactions_held_when_anomalous ON revenue_transactions;
DROP FUNCTION revenue_held_when_anomalous();

CREATE TRIGGER revenue_transactions_written AFTER INSERT ON revenue_transactions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION revenue_transactions_written();

-- The parts and credits of the transactions of a range this transaction wrote: the first
-- thing wrong, or NULL.
CREATE FUNCTION revenue_parts_wrong(first_id bigint, last_id bigint) RETURNS TABLE (id bigint, wrong text)
LANGUAGE sql STABLE AS $$
    WITH t AS (
        SELECT r.id, r.net_minor, r.community_id FROM revenue_transactions r
        WHERE r.id BETWEEN first_id AND last_id AND r.created_xact_id = pg_current_xact_id()
    ), parts AS (
        SELECT t.id, t.net_minor, count(p.role) AS n, sum(p.amount_minor) AS total
        FROM t LEFT JOIN revenue_role_parts p ON p.transaction_id = t.id
        GROUP BY t.id, t.net_minor
    ), credits AS (
        SELECT c.transaction_id, c.role, sum(c.amount_minor) AS total
        FROM wallet_credits c WHERE c.transaction_id IN (SELECT id FROM t)
        GROUP BY c.transaction_id, c.role
    )
    SELECT w.id, w.wrong FROM (
        SELECT 1 AS k, parts.id, CASE WHEN n = 0 THEN 'no role parts'
                                      ELSE 'role parts add up to ' || total END AS wrong
        FROM parts WHERE n = 0 OR total <> net_minor
        UNION ALL
        SELECT 2, p.transaction_id,
               format('the %s part is %s, its members'' credits %s', p.role, p.amount_minor, coalesce(c.total, 0))
        FROM revenue_role_parts p
        LEFT JOIN credits c ON c.transaction_id = p.transaction_id AND c.role = p.role
        WHERE p.transaction_id IN (SELECT id FROM t) AND p.amount_minor IS DISTINCT FROM coalesce(c.total, 0)
        UNION ALL
        SELECT 3, c.transaction_id,
               format('credit %s is for member %s, who is not in the community as %s', c.id, c.member_id, c.role)
        FROM wallet_credits c JOIN t ON t.id = c.transaction_id
        LEFT JOIN community_members m ON m.id = c.member_id AND m.community_id = t.community_id
                                     AND m.role = c.role AND m.program_id = c.program_id
        WHERE m.id IS NULL
        UNION ALL
        -- A credit whose role has no part at all.
        SELECT 4, c.transaction_id, format('credits of %s to the %s role, which has no part', c.total, c.role)
        FROM credits c LEFT JOIN revenue_role_parts p ON p.transaction_id = c.transaction_id AND p.role = c.role
        WHERE p.role IS NULL
    ) AS w
    ORDER BY w.k, w.id
    LIMIT 1
$$;

-- The first transaction of the range whose entry does not book DESIGN §8's legs for its
-- split and credits, with the account that differs.
CREATE FUNCTION revenue_entries_wrong(first_id bigint, last_id bigint) RETURNS TABLE (id bigint, account text)
LANGUAGE sql STABLE AS $$
    WITH t AS (
        SELECT * FROM revenue_transactions
        WHERE revenue_transactions.id BETWEEN first_id AND last_id
          AND created_xact_id = pg_current_xact_id()
    ), legs AS (
        SELECT t.id, a.code, p.side, sum(p.amount_minor) AS amount_minor
        FROM t JOIN ledger_postings p ON p.entry_id = t.entry_id AND p.currency = t.currency AND p.phase = 'posted'
        JOIN ledger_accounts a ON a.id = p.account_id
        GROUP BY t.id, a.code, p.side
    ), wanted AS (
        SELECT w.id, w.code, w.side, sum(w.amount_minor) AS amount_minor FROM (
            SELECT t.id, v.code, v.side, v.amount_minor FROM t CROSS JOIN LATERAL (
                VALUES ('gateway:' || t.gateway || ':clearing', 'debit'::ledger_side, t.gross_minor),
                       ('tax:gst_payable', 'credit', t.gst_minor + t.platform_fee_gst_minor),
                       ('gateway:' || t.gateway || ':fees', 'credit', t.gateway_fee_minor + t.gateway_fee_gst_minor),
                       ('platform:fee_income', 'credit', t.platform_fee_minor)) AS v(code, side, amount_minor)
            UNION ALL
            SELECT c.transaction_id, 'member:' || c.member_id || ':wallet', 'credit', c.amount_minor
            FROM wallet_credits c WHERE c.transaction_id IN (SELECT t.id FROM t)
        ) AS w
        WHERE w.amount_minor > 0
        GROUP BY w.id, w.code, w.side
    )
    SELECT coalesce(w.id, l.id), coalesce(w.code, l.code)
    FROM wanted w FULL JOIN legs l ON l.id = w.id AND l.code = w.code AND l.side = w.side
    WHERE w.amount_minor IS DISTINCT FROM l.amount_minor
    ORDER BY 1
    LIMIT 1
$$;

-- The first transaction of the range held when it should not be, or not held when it should:
-- above its schedule's multiple of the median of its community's 30 days before its day.
CREATE FUNCTION revenue_holds_wrong(first_id bigint, last_id bigint)
RETURNS TABLE (id bigint, gross_minor bigint, multiple numeric, median numeric, held boolean)
LANGUAGE sql STABLE AS $$
    WITH t AS (
        SELECT r.id, r.community_id, r.occurred_on, r.gross_minor, s.anomaly_multiple AS multiple,
               EXISTS (SELECT 1 FROM revenue_holds h WHERE h.transaction_id = r.id) AS held
        FROM revenue_transactions r JOIN fee_schedules s ON s.id = r.fee_schedule_id
        WHERE r.id BETWEEN first_id AND last_id AND r.created_xact_id = pg_current_xact_id()
    ), medians AS (
        SELECT d.community_id, d.occurred_on, revenue_median_before(d.community_id, d.occurred_on) AS median
        FROM (SELECT DISTINCT community_id, occurred_on FROM t) AS d
    )
    SELECT t.id, t.gross_minor, t.multiple, m.median, t.held
    FROM t JOIN medians m USING (community_id, occurred_on)
    WHERE t.held <> coalesce(t.gross_minor > t.multiple * m.median, false)
    ORDER BY t.id
    LIMIT 1
$$;

CREATE FUNCTION revenue_check_transaction_range() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    t record;
    h record;
BEGIN
    SELECT * INTO t FROM revenue_parts_wrong(NEW.first_transaction_id, NEW.last_transaction_id);
    IF FOUND THEN
        RAISE EXCEPTION 'revenue transaction %: %', t.id, t.wrong
            USING ERRCODE = 'check_violation', HINT = 'revenue_parts';
    END IF;
    SELECT * INTO t FROM revenue_entries_wrong(NEW.first_transaction_id, NEW.last_transaction_id);
    IF FOUND THEN
        RAISE EXCEPTION 'revenue transaction %: its entry does not book its split (%)', t.id, t.account
            USING ERRCODE = 'check_violation', HINT = 'revenue_entry';
    END IF;
    SELECT * INTO h FROM revenue_holds_wrong(NEW.first_transaction_id, NEW.last_transaction_id);
    IF FOUND THEN
        RAISE EXCEPTION 'revenue transaction %: gross % against % times the median % of the 30 days before: it must % held',
            h.id, h.gross_minor, h.multiple, h.median, CASE WHEN h.held THEN 'not be' ELSE 'be' END
            USING ERRCODE = 'check_violation', HINT = 'revenue_hold';
    END IF;
    DELETE FROM revenue_transaction_checks WHERE revenue_transaction_checks.id = NEW.id;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION revenue_check_transaction_range() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER revenue_transactions_consistent AFTER INSERT ON revenue_transaction_checks
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION revenue_check_transaction_range();
