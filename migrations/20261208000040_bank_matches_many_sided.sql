-- Bank matches of any shape (DESIGN §8, Reconciliation): one line to one item, one line to a
-- whole batch, several lines to one item, a credit to a remittance, or a line set aside by a
-- person. A match is known by its first line: a line is in one match only, so the lowest id
-- of a match's lines names it, and whoever writes a match needs no id from the database
-- first. Each match names its rule and its outcome; what it says is checked at commit,
-- after the payouts flow's confirmation it made has been written in the same transaction.

ALTER TABLE bank_matches RENAME TO bank_matches_v39;
ALTER TRIGGER bank_matches_made ON bank_matches_v39 RENAME TO bank_matches_v39_made;

CREATE TABLE bank_matches (
    -- The id of the match's first (lowest) line.
    id bigint PRIMARY KEY,
    program_id bigint NOT NULL,
    bank_account_id bigint NOT NULL,
    currency text NOT NULL,
    rule text NOT NULL CHECK (rule IN
        ('end_to_end_id', 'reference', 'lines_sum', 'batch_reference', 'batch_sum', 'amount_date', 'manual')),
    outcome text NOT NULL CHECK (outcome IN ('paid', 'returned', 'remitted', 'ignored')),
    -- The lines' total, which is the total of what they settle (nothing for a line set aside).
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    reason text CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
    matched_by text NOT NULL,
    matched_at timestamptz NOT NULL,
    created_xact_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (program_id, id),
    -- A person's match says why; a rule's match is its own reason.
    CHECK ((rule = 'manual') = (reason IS NOT NULL)),
    CHECK (outcome <> 'ignored' OR rule = 'manual'),
    FOREIGN KEY (program_id, bank_account_id, currency) REFERENCES bank_accounts (program_id, id, currency)
);

CREATE TABLE bank_match_lines (
    bank_line_id bigint PRIMARY KEY,
    program_id bigint NOT NULL,
    match_id bigint NOT NULL,
    FOREIGN KEY (program_id, bank_line_id) REFERENCES bank_lines (program_id, id),
    FOREIGN KEY (program_id, match_id) REFERENCES bank_matches (program_id, id)
);
CREATE INDEX bank_match_lines_by_match ON bank_match_lines (match_id);

-- An item is paid once and returned once: a payment, and the bank's return of it.
CREATE TABLE bank_match_items (
    payout_item_id bigint NOT NULL REFERENCES payout_items (id),
    outcome text NOT NULL CHECK (outcome IN ('paid', 'returned')),
    program_id bigint NOT NULL,
    match_id bigint NOT NULL,
    PRIMARY KEY (payout_item_id, outcome),
    FOREIGN KEY (program_id, match_id) REFERENCES bank_matches (program_id, id)
);
CREATE INDEX bank_match_items_by_match ON bank_match_items (match_id);

CREATE TABLE bank_match_remittances (
    remittance_id bigint PRIMARY KEY REFERENCES remittances (id),
    program_id bigint NOT NULL,
    match_id bigint NOT NULL,
    FOREIGN KEY (program_id, match_id) REFERENCES bank_matches (program_id, id)
);
CREATE INDEX bank_match_remittances_by_match ON bank_match_remittances (match_id);

-- The matches made before: one line, one item, by its EndToEndId.
INSERT INTO bank_matches (id, program_id, bank_account_id, currency, rule, outcome, amount_minor,
                          matched_by, matched_at)
SELECT m.bank_line_id, m.program_id, l.bank_account_id, l.currency, 'end_to_end_id',
       CASE m.rule WHEN 'return' THEN 'returned' ELSE 'paid' END, l.amount_minor,
       m.matched_by, m.matched_at
FROM bank_matches_v39 m JOIN bank_lines l ON l.id = m.bank_line_id;
INSERT INTO bank_match_lines (bank_line_id, program_id, match_id)
SELECT bank_line_id, program_id, bank_line_id FROM bank_matches_v39;
INSERT INTO bank_match_items (payout_item_id, outcome, program_id, match_id)
SELECT payout_item_id, CASE rule WHEN 'return' THEN 'returned' ELSE 'paid' END, program_id, bank_line_id
FROM bank_matches_v39;
DROP TABLE bank_matches_v39;
DROP FUNCTION bank_match_made();

-- Made by an officer or an approver: a match confirms payouts (DESIGN §7's batch handlers).
CREATE FUNCTION bank_matches_by_handlers() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    who record;
BEGIN
    SELECT n.id, n.matched_by INTO who
    FROM (SELECT DISTINCT ON (program_id, matched_by) id, program_id, matched_by FROM new_rows) AS n
    WHERE NOT user_holds_role(n.program_id, n.matched_by, '{officer,approver}')
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'bank match %: % is not a user holding {officer,approver} in this program', who.id, who.matched_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    INSERT INTO bank_match_checks (first_match_id, last_match_id)
    SELECT min(id), max(id) FROM new_rows HAVING count(*) > 0;
    RETURN NULL;
END $$;

-- A match's lines and what they settle are written with it, never later.
CREATE FUNCTION bank_match_parts_written() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    stray bigint;
BEGIN
    SELECT n.match_id INTO stray
    FROM (SELECT DISTINCT program_id, match_id FROM new_rows) AS n
    LEFT JOIN bank_matches m ON m.id = n.match_id AND m.program_id = n.program_id
          AND m.created_xact_id = pg_current_xact_id()
    WHERE m.id IS NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'bank match %: its lines and what they settle are written with it', stray
            USING ERRCODE = 'check_violation', HINT = 'bank_match';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER bank_match_lines_written AFTER INSERT ON bank_match_lines
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bank_match_parts_written();
CREATE TRIGGER bank_match_items_written AFTER INSERT ON bank_match_items
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bank_match_parts_written();
CREATE TRIGGER bank_match_remittances_written AFTER INSERT ON bank_match_remittances
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bank_match_parts_written();

CREATE TABLE bank_match_checks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_match_id bigint NOT NULL,
    last_match_id bigint NOT NULL CHECK (last_match_id >= first_match_id)
);
CREATE TRIGGER bank_matches_by_handlers AFTER INSERT ON bank_matches
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bank_matches_by_handlers();

-- The first match of the range this transaction wrote that says something untrue: its
-- lines not its account's booked lines, not named by its first, or not adding up to it;
-- lines of the wrong kind for its outcome (a payment is a plain debit, a return carries the
-- bank's reason, a remittance is a plain credit); what it settles not of its account, not
-- in the state its outcome puts it in, or not adding up to its lines.
CREATE FUNCTION bank_matches_wrong(first_id bigint, last_id bigint) RETURNS TABLE (id bigint, wrong text)
LANGUAGE sql STABLE AS $$
    WITH m AS (
        SELECT * FROM bank_matches b
        WHERE b.id BETWEEN first_id AND last_id AND b.created_xact_id = pg_current_xact_id()
    ), lines AS (
        SELECT ml.match_id, count(*) AS n, sum(l.amount_minor) AS total, min(l.id) AS first,
               bool_and(l.bank_account_id = m.bank_account_id AND l.currency = m.currency
                        AND l.status = 'BOOK') AS of_account,
               bool_and(CASE m.outcome
                   WHEN 'paid' THEN NOT l.credit AND NOT l.reversal AND l.return_reason IS NULL
                   WHEN 'returned' THEN l.return_reason IS NOT NULL
                   WHEN 'remitted' THEN l.credit AND NOT l.reversal AND l.return_reason IS NULL
                   ELSE true END) AS of_kind
        FROM m JOIN bank_match_lines ml ON ml.match_id = m.id
        JOIN bank_lines l ON l.id = ml.bank_line_id
        GROUP BY ml.match_id
    ), items AS (
        SELECT mi.match_id, count(*) AS n, sum(i.amount_minor) AS total,
               bool_and(b.bank_id = m.bank_account_id AND i.currency = m.currency
                        AND mi.outcome = m.outcome
                        AND i.status = CASE m.outcome WHEN 'paid' THEN 'paid' ELSE 'failed' END) AS fits
        FROM m JOIN bank_match_items mi ON mi.match_id = m.id
        JOIN payout_items i ON i.id = mi.payout_item_id
        JOIN payout_batches b ON b.id = i.batch_id
        GROUP BY mi.match_id
    ), remitted AS (
        SELECT mr.match_id, count(*) AS n, sum(r.amount_minor) AS total,
               bool_and(r.bank_id = m.bank_account_id AND r.currency = m.currency) AS fits
        FROM m JOIN bank_match_remittances mr ON mr.match_id = m.id
        JOIN remittances r ON r.id = mr.remittance_id
        GROUP BY mr.match_id
    )
    SELECT m.id, CASE
        WHEN l.match_id IS NULL OR l.first <> m.id THEN 'it is not named by its first line'
        WHEN NOT l.of_account THEN 'a line is not a booked line of its account and currency'
        WHEN l.total <> m.amount_minor THEN format('its lines add up to %s, not %s', l.total, m.amount_minor)
        WHEN NOT l.of_kind THEN format('a line is not of the kind a %s match takes', m.outcome)
        WHEN m.outcome IN ('paid', 'returned') AND (i.match_id IS NULL OR r.match_id IS NOT NULL)
            THEN 'a payment or a return settles payout items, and only them'
        WHEN m.outcome = 'remitted' AND (r.match_id IS NULL OR i.match_id IS NOT NULL)
            THEN 'a remittance''s line settles remittances, and only them'
        WHEN m.outcome = 'ignored' AND (i.match_id IS NOT NULL OR r.match_id IS NOT NULL)
            THEN 'a line set aside settles nothing'
        WHEN NOT coalesce(i.fits, r.fits, true)
            THEN format('what it settles is not of its account, or not %s', m.outcome)
        WHEN m.outcome <> 'ignored' AND coalesce(i.total, r.total) <> m.amount_minor
            THEN format('what it settles adds up to %s, not %s', coalesce(i.total, r.total), m.amount_minor)
        END
    FROM m LEFT JOIN lines l ON l.match_id = m.id
    LEFT JOIN items i ON i.match_id = m.id
    LEFT JOIN remitted r ON r.match_id = m.id
    WHERE l.match_id IS NULL OR l.first <> m.id OR NOT l.of_account OR l.total <> m.amount_minor
       OR NOT l.of_kind
       OR (m.outcome IN ('paid', 'returned') AND (i.match_id IS NULL OR r.match_id IS NOT NULL))
       OR (m.outcome = 'remitted' AND (r.match_id IS NULL OR i.match_id IS NOT NULL))
       OR (m.outcome = 'ignored' AND (i.match_id IS NOT NULL OR r.match_id IS NOT NULL))
       OR NOT coalesce(i.fits, r.fits, true)
       OR (m.outcome <> 'ignored' AND coalesce(i.total, r.total) <> m.amount_minor)
    ORDER BY m.id
    LIMIT 1
$$;

CREATE FUNCTION bank_check_match_range() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    w record;
BEGIN
    SELECT * INTO w FROM bank_matches_wrong(NEW.first_match_id, NEW.last_match_id);
    IF FOUND THEN
        RAISE EXCEPTION 'bank match %: %', w.id, w.wrong
            USING ERRCODE = 'check_violation', HINT = 'bank_match';
    END IF;
    DELETE FROM bank_match_checks WHERE bank_match_checks.id = NEW.id;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION bank_check_match_range() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER bank_matches_consistent AFTER INSERT ON bank_match_checks
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION bank_check_match_range();

CREATE TRIGGER bank_matches_append_only BEFORE UPDATE OR DELETE ON bank_matches
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_match_lines_append_only BEFORE UPDATE OR DELETE ON bank_match_lines
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_match_items_append_only BEFORE UPDATE OR DELETE ON bank_match_items
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_match_remittances_append_only BEFORE UPDATE OR DELETE ON bank_match_remittances
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_matches_no_truncate BEFORE TRUNCATE ON bank_matches
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_match_lines_no_truncate BEFORE TRUNCATE ON bank_match_lines
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_match_items_no_truncate BEFORE TRUNCATE ON bank_match_items
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_match_remittances_no_truncate BEFORE TRUNCATE ON bank_match_remittances
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON bank_matches, bank_match_lines, bank_match_items, bank_match_remittances
    FROM prorata_app;
-- The queue of ranges to check: written by the trigger, emptied by the check.
REVOKE ALL ON bank_match_checks FROM prorata_app;
GRANT INSERT ON bank_match_checks TO prorata_app;
