-- The ledger's checks, with nothing a client sets deciding whether an entry is checked.
--
-- Before, the commit-time check recorded the entries it had checked in a transaction-local
-- setting and skipped those; a client could set that setting itself and commit an entry
-- that was never checked, and could choose an entry's `created_xact_id`. Now:
--
-- * an entry's postings are all written by one statement: a statement that adds postings
--   to an entry that already has some is refused, so no posting can follow a check;
-- * that statement's trigger checks, from the statement's own rows, that each entry it
--   touches balances in every currency with at least two postings, was written by this
--   transaction, and books in its phase, on its date and to accounts of its program;
-- * at commit, each entry is checked to have its postings (an entry with none never met
--   the statement check) and a reversal to mirror what it reverses;
-- * `created_xact_id` is whatever transaction inserts the row, whatever the client says.

CREATE FUNCTION ledger_entries_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    forged bigint;
BEGIN
    SELECT id INTO forged FROM new_entries WHERE created_xact_id <> pg_current_xact_id() LIMIT 1;
    IF forged IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: entry % names a transaction other than the one writing it', forged
            USING ERRCODE = 'P0001', HINT = 'ledger_forged_transaction';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER ledger_entries_written AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_written();

CREATE OR REPLACE FUNCTION ledger_postings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stray bigint;
    programs bigint[];
    bad record;
BEGIN
    -- Everything is checked per entry and per account, never by joining postings to
    -- entries: a join whose plan was made for a small statement became a nested loop over
    -- every (posting, entry) pair, quadratic in the batch. The statement's postings are
    -- first summed up per entry (their count, phases and dates), then each entry is looked
    -- up once (one index probe) and each account once.
    WITH new_legs AS MATERIALIZED (
        SELECT entry_id, count(*) AS legs,
               min(phase) AS first_phase, max(phase) AS last_phase,
               min(effective_date) AS first_date, max(effective_date) AS last_date
        FROM new_postings GROUP BY entry_id
    ), touched_entries AS MATERIALIZED (
        SELECT e.id, e.program_id,
               (e.created_xact_id <> pg_current_xact_id()
                OR s.stored <> n.legs
                OR n.first_phase <> e.phase OR n.last_phase <> e.phase
                OR n.first_date <> e.effective_date OR n.last_date <> e.effective_date) AS misplaced
        FROM new_legs AS n
        CROSS JOIN LATERAL (
            SELECT id, phase, effective_date, created_xact_id, program_id
            FROM ledger_entries WHERE id = n.entry_id OFFSET 0
        ) AS e
        CROSS JOIN LATERAL (
            SELECT count(*) AS stored FROM ledger_postings WHERE entry_id = n.entry_id OFFSET 0
        ) AS s
    )
    SELECT (SELECT min(id) FROM touched_entries WHERE misplaced),
           (SELECT array_agg(DISTINCT program_id) FROM touched_entries)
      INTO stray, programs;
    IF stray IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: postings of entry % must all be written with it, in one statement, in its phase, on its date and on accounts of its program', stray
            USING ERRCODE = 'P0001', HINT = 'ledger_stray_posting';
    END IF;
    -- One statement books into one program (as prorata-store's batches do), and only to
    -- that program's accounts.
    IF cardinality(programs) > 1 THEN
        RAISE EXCEPTION 'ledger: one statement books into one program, not %', programs
            USING ERRCODE = 'P0001', HINT = 'ledger_stray_posting';
    END IF;
    SELECT min(n.account_id) INTO stray
    FROM (SELECT DISTINCT account_id FROM new_postings) AS n
    CROSS JOIN LATERAL (
        SELECT program_id FROM ledger_accounts WHERE id = n.account_id OFFSET 0
    ) AS a
    WHERE a.program_id <> programs[1];
    IF stray IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: account % is not of the program of the entries posting to it: postings must be written with their entry, in one statement, in its phase, on its date and on accounts of its program', stray
            USING ERRCODE = 'P0001', HINT = 'ledger_stray_posting';
    END IF;

    SELECT entry_id, count(*) AS legs INTO bad FROM new_postings
    GROUP BY entry_id HAVING count(*) < 2 ORDER BY entry_id LIMIT 1;
    IF bad.entry_id IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: entry % has % posting(s); an entry needs at least two', bad.entry_id, bad.legs
            USING ERRCODE = 'P0001', HINT = 'ledger_unbalanced';
    END IF;
    SELECT entry_id, currency INTO bad FROM new_postings
    GROUP BY entry_id, currency
    HAVING sum(CASE side WHEN 'debit' THEN amount_minor ELSE -amount_minor END) <> 0
    ORDER BY entry_id, currency LIMIT 1;
    IF bad.entry_id IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: entry % does not balance in %: debits and credits differ', bad.entry_id, bad.currency
            USING ERRCODE = 'P0001', HINT = 'ledger_unbalanced';
    END IF;

    PERFORM ledger_apply_deltas(array_agg(account_id), array_agg(pd), array_agg(pc), array_agg(nd), array_agg(nc))
    FROM (
        SELECT account_id,
            coalesce(sum(amount_minor) FILTER (WHERE phase = 'posted' AND side = 'debit'), 0)::bigint AS pd,
            coalesce(sum(amount_minor) FILTER (WHERE phase = 'posted' AND side = 'credit'), 0)::bigint AS pc,
            coalesce(sum(amount_minor) FILTER (WHERE phase = 'pending' AND side = 'debit'), 0)::bigint AS nd,
            coalesce(sum(amount_minor) FILTER (WHERE phase = 'pending' AND side = 'credit'), 0)::bigint AS nc
        FROM new_postings
        GROUP BY account_id
    ) d;
    RETURN NULL;
END $$;

-- At commit (or when a client asks for the check earlier): the entry has its postings, and
-- a reversal mirrors what it reverses. It reads only the entry's own row and its postings.
CREATE OR REPLACE FUNCTION ledger_check_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    postings bigint;
BEGIN
    SELECT count(*) INTO postings
    FROM (SELECT 1 FROM ledger_postings WHERE entry_id = NEW.id LIMIT 2) AS p;
    IF postings < 2 THEN
        RAISE EXCEPTION 'ledger: entry % has % posting(s); an entry needs at least two', NEW.id, postings
            USING ERRCODE = 'P0001', HINT = 'ledger_unbalanced';
    END IF;
    IF NEW.reverses IS NOT NULL THEN
        PERFORM ledger_check_reversal(NEW.id, NEW.reverses);
    END IF;
    RETURN NULL;
END $$;

DROP FUNCTION ledger_checked_upto();
DROP INDEX ledger_entries_transaction;
