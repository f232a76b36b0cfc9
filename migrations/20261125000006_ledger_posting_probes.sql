-- The check that postings belong to an entry of this transaction, in its phase, on its date
-- and on accounts of its program, looks each entry and each account up once per statement
-- instead of once per distinct (entry, account) pair. A batch of 100 distributions with
-- 1,000 investors each is 100,000 pairs but only 100 entries and 1,003 accounts; probing
-- per pair cost a lookup of ledger_entries for every posting.

CREATE OR REPLACE FUNCTION ledger_postings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stray bigint;
BEGIN
    WITH touched_entries AS MATERIALIZED (
        SELECT e.id, e.phase, e.effective_date, e.created_xact_id, e.program_id
        FROM (SELECT DISTINCT entry_id FROM new_postings) AS n
        CROSS JOIN LATERAL (
            SELECT id, phase, effective_date, created_xact_id, program_id
            FROM ledger_entries WHERE id = n.entry_id OFFSET 0
        ) AS e
    ), touched_accounts AS MATERIALIZED (
        SELECT a.id, a.program_id
        FROM (SELECT DISTINCT account_id FROM new_postings) AS n
        CROSS JOIN LATERAL (
            SELECT id, program_id FROM ledger_accounts WHERE id = n.account_id OFFSET 0
        ) AS a
    )
    SELECT p.entry_id INTO stray
    FROM new_postings p
    JOIN touched_entries e ON e.id = p.entry_id
    JOIN touched_accounts a ON a.id = p.account_id
    WHERE e.created_xact_id <> pg_current_xact_id()
       OR e.id <= ledger_checked_upto()
       OR p.phase <> e.phase
       OR p.effective_date <> e.effective_date
       OR a.program_id <> e.program_id
    LIMIT 1;
    IF stray IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: postings of entry % must be written with it, in its phase, on its date and on accounts of its program', stray
            USING ERRCODE = 'P0001', HINT = 'ledger_stray_posting';
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
