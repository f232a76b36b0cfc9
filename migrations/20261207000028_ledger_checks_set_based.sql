-- The ledger's database-side checks, made per statement and per transaction instead of per
-- row, with nothing skipped and nothing a client sets deciding them.
--
-- Measured on a batch of 1,000 two-leg entries: the two foreign keys of ledger_postings ran
-- one referential check per posting (2 x 2,000 row triggers, 45% of the postings'
-- statement), and the commit-time check ran once per entry (1,000 deferred row triggers).
-- The postings' statement trigger already looks each entry and each account up once; it now
-- also refuses an entry or an account that does not exist and a posting whose currency is not
-- its account's, which is what the foreign keys checked. The ledger is append-only (UPDATE,
-- DELETE and TRUNCATE refused on entries, postings and accounts), so a reference checked when
-- a posting is written cannot break later.
--
-- The commit-time check (every entry has its postings, a reversal mirrors what it reverses)
-- now fires once per statement that writes entries: that statement's trigger records the
-- range of ids it wrote in ledger_entry_checks, whose deferred row trigger checks, at commit,
-- every entry of the range written by this transaction, and removes the record. The
-- application's role may insert such a record (an extra record only adds a check) but may not
-- change or remove one; only the check itself (owner's rights) removes it.

ALTER TABLE ledger_postings DROP CONSTRAINT ledger_postings_entry_id_fkey;
ALTER TABLE ledger_postings DROP CONSTRAINT ledger_postings_account_id_currency_fkey;

-- A NULL `reverses` (every entry but a reversal) need not be indexed.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_reverses_key;
CREATE UNIQUE INDEX ledger_entries_reverses_key ON ledger_entries (reverses) WHERE reverses IS NOT NULL;

CREATE TABLE ledger_entry_checks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_entry_id bigint NOT NULL,
    last_entry_id bigint NOT NULL CHECK (last_entry_id >= first_entry_id)
);
REVOKE ALL ON ledger_entry_checks FROM prorata_app;
GRANT INSERT ON ledger_entry_checks TO prorata_app;

CREATE OR REPLACE FUNCTION ledger_entries_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    written record;
BEGIN
    SELECT min(id) AS first_id, max(id) AS last_id,
           min(id) FILTER (WHERE created_xact_id <> pg_current_xact_id()) AS forged
      INTO written FROM new_entries;
    IF written.forged IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: entry % names a transaction other than the one writing it', written.forged
            USING ERRCODE = 'P0001', HINT = 'ledger_forged_transaction';
    END IF;
    IF written.first_id IS NOT NULL THEN
        INSERT INTO ledger_entry_checks (first_entry_id, last_entry_id)
        VALUES (written.first_id, written.last_id);
    END IF;
    RETURN NULL;
END $$;

-- At commit: each entry of the recorded range that this transaction wrote has its postings
-- (the postings' statement trigger saw to it that they balance and came in one statement),
-- and a reversal mirrors what it reverses. One probe per entry, in one query.
CREATE FUNCTION ledger_check_entry_range() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    bare bigint;
    reversal record;
BEGIN
    SELECT min(e.id) INTO bare
    FROM ledger_entries AS e
    CROSS JOIN LATERAL (
        SELECT count(*) AS n FROM (SELECT 1 FROM ledger_postings WHERE entry_id = e.id LIMIT 1 OFFSET 0) AS one
    ) AS p
    WHERE e.id BETWEEN NEW.first_entry_id AND NEW.last_entry_id
      AND e.created_xact_id = pg_current_xact_id() AND p.n = 0;
    IF bare IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: entry % has 0 posting(s); an entry needs at least two', bare
            USING ERRCODE = 'P0001', HINT = 'ledger_unbalanced';
    END IF;
    FOR reversal IN SELECT id, reverses FROM ledger_entries
                    WHERE id BETWEEN NEW.first_entry_id AND NEW.last_entry_id
                      AND created_xact_id = pg_current_xact_id() AND reverses IS NOT NULL
                    ORDER BY id LOOP
        PERFORM ledger_check_reversal(reversal.id, reversal.reverses);
    END LOOP;
    DELETE FROM ledger_entry_checks WHERE id = NEW.id;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION ledger_check_entry_range() FROM PUBLIC;

DROP TRIGGER ledger_entries_balanced ON ledger_entries;
DROP FUNCTION ledger_check_entries();

CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entry_checks
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_range();

CREATE OR REPLACE FUNCTION ledger_postings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    programs bigint[];
    bad record;
    stray_account record;
    unbalanced_entry bigint;
BEGIN
    -- Everything is checked per entry and per account, never by joining postings to
    -- entries: a join whose plan was made for a small statement became a nested loop over
    -- every (posting, entry) pair, quadratic in the batch. The statement's postings are
    -- first summed up per entry (count, balance, phases, dates and currencies), then each
    -- entry is looked up once (one index probe) and each account once.
    WITH new_legs AS MATERIALIZED (
        -- Integer counts and C-collated text only: this runs over every posting booked.
        SELECT entry_id, count(*)::int AS legs,
               count(*) FILTER (WHERE phase = 'posted')::int AS posted_legs,
               min(currency COLLATE "C") AS first_currency, max(currency COLLATE "C") AS last_currency,
               sum(CASE side WHEN 'debit' THEN amount_minor ELSE -amount_minor END) AS net,
               min(effective_date) AS first_date, max(effective_date) AS last_date
        FROM new_postings GROUP BY entry_id
    ), touched_entries AS MATERIALIZED (
        SELECT n.entry_id AS id, e.program_id, n.legs, e.id IS NULL AS unknown,
               -- One currency: the sum is the balance. Several: checked per currency below.
               (n.first_currency = n.last_currency AND n.net <> 0) AS unbalanced,
               n.first_currency <> n.last_currency AS several_currencies,
               (e.created_xact_id <> pg_current_xact_id()
                OR s.stored <> n.legs
                OR n.posted_legs <> CASE e.phase WHEN 'posted' THEN n.legs ELSE 0 END
                OR n.first_date <> e.effective_date OR n.last_date <> e.effective_date) AS misplaced
        FROM new_legs AS n
        LEFT JOIN LATERAL (
            SELECT id, phase, effective_date, created_xact_id, program_id
            FROM ledger_entries WHERE id = n.entry_id OFFSET 0
        ) AS e ON true
        CROSS JOIN LATERAL (
            SELECT count(*)::int AS stored FROM ledger_postings WHERE entry_id = n.entry_id OFFSET 0
        ) AS s
    )
    SELECT min(id) FILTER (WHERE unknown) AS unknown,
           min(id) FILTER (WHERE misplaced) AS misplaced,
           array_agg(DISTINCT program_id) FILTER (WHERE NOT unknown) AS programs,
           min(id) FILTER (WHERE legs < 2) AS lone,
           min(id) FILTER (WHERE unbalanced) AS unbalanced_entry,
           array_agg(id) FILTER (WHERE several_currencies) AS several_currencies
      FROM touched_entries
      INTO bad;
    IF bad.unknown IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: postings name entry %, which does not exist', bad.unknown
            USING ERRCODE = 'P0001', HINT = 'ledger_stray_posting';
    END IF;
    IF bad.misplaced IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: postings of entry % must all be written with it, in one statement, in its phase, on its date and on accounts of its program', bad.misplaced
            USING ERRCODE = 'P0001', HINT = 'ledger_stray_posting';
    END IF;
    -- One statement books into one program (as prorata-store's batches do), and only to
    -- that program's accounts, each in its own currency.
    programs := bad.programs;
    IF cardinality(programs) > 1 THEN
        RAISE EXCEPTION 'ledger: one statement books into one program, not %', programs
            USING ERRCODE = 'P0001', HINT = 'ledger_stray_posting';
    END IF;
    SELECT n.account_id, n.currency, a.currency AS kept_in, a.program_id INTO stray_account
    FROM (SELECT DISTINCT account_id, currency FROM new_postings) AS n
    LEFT JOIN LATERAL (
        SELECT program_id, currency FROM ledger_accounts WHERE id = n.account_id OFFSET 0
    ) AS a ON true
    WHERE a.program_id IS NULL OR a.program_id <> programs[1] OR a.currency <> n.currency
    ORDER BY n.account_id LIMIT 1;
    IF stray_account.account_id IS NOT NULL AND stray_account.program_id IS NULL THEN
        RAISE EXCEPTION 'ledger: postings name account %, which does not exist', stray_account.account_id
            USING ERRCODE = 'P0001', HINT = 'ledger_stray_posting';
    END IF;
    IF stray_account.account_id IS NOT NULL AND stray_account.program_id <> programs[1] THEN
        RAISE EXCEPTION 'ledger: account % is not of the program of the entries posting to it: postings must be written with their entry, in one statement, in its phase, on its date and on accounts of its program', stray_account.account_id
            USING ERRCODE = 'P0001', HINT = 'ledger_stray_posting';
    END IF;
    IF stray_account.account_id IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: a posting in % names account %, which is kept in %: an account is one code in one currency', stray_account.currency, stray_account.account_id, stray_account.kept_in
            USING ERRCODE = 'P0001', HINT = 'ledger_wrong_currency';
    END IF;
    IF bad.lone IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: entry % has 1 posting(s); an entry needs at least two', bad.lone
            USING ERRCODE = 'P0001', HINT = 'ledger_unbalanced';
    END IF;
    unbalanced_entry := bad.unbalanced_entry;
    IF bad.several_currencies IS NOT NULL THEN
        SELECT least(unbalanced_entry, min(entry_id)) INTO unbalanced_entry FROM (
            SELECT entry_id FROM new_postings WHERE entry_id = ANY (bad.several_currencies)
            GROUP BY entry_id, currency
            HAVING sum(CASE side WHEN 'debit' THEN amount_minor ELSE -amount_minor END) <> 0
        ) AS per_currency;
    END IF;
    IF unbalanced_entry IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: entry % does not balance in %: debits and credits differ', unbalanced_entry,
            (SELECT min(currency) FROM new_postings WHERE entry_id = unbalanced_entry
             GROUP BY currency HAVING sum(CASE side WHEN 'debit' THEN amount_minor ELSE -amount_minor END) <> 0
             ORDER BY 1 LIMIT 1)
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
