-- Ledger accounts and entries belong to a program: nothing of one program is booked against,
-- or visible from, another. Accounts and entries already booked belong to the first
-- program, `main`.

ALTER TABLE ledger_accounts DISABLE TRIGGER ledger_accounts_append_only;
ALTER TABLE ledger_accounts ADD COLUMN program_id bigint REFERENCES programs (id);
UPDATE ledger_accounts SET program_id = (SELECT id FROM programs WHERE slug = 'main');
ALTER TABLE ledger_accounts ENABLE TRIGGER ledger_accounts_append_only;
ALTER TABLE ledger_accounts ALTER COLUMN program_id SET NOT NULL;
ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_code_key;
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_program_code_key UNIQUE (program_id, code);

ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only;
ALTER TABLE ledger_entries ADD COLUMN program_id bigint REFERENCES programs (id);
UPDATE ledger_entries SET program_id = (SELECT id FROM programs WHERE slug = 'main');
ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only;
ALTER TABLE ledger_entries ALTER COLUMN program_id SET NOT NULL;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_idempotency_key_key;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_program_key UNIQUE (program_id, idempotency_key);

-- Postings: as before (written with their entry, in its phase and on its date), and now on
-- accounts of the entry's program only.
CREATE OR REPLACE FUNCTION ledger_postings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stray bigint;
BEGIN
    SELECT p.entry_id INTO stray
    FROM (SELECT DISTINCT entry_id, account_id, phase, effective_date FROM new_postings) AS p
    CROSS JOIN LATERAL (
        SELECT id, phase, effective_date, created_xact_id, program_id
        FROM ledger_entries WHERE id = p.entry_id OFFSET 0
    ) AS e
    CROSS JOIN LATERAL (
        SELECT program_id FROM ledger_accounts WHERE id = p.account_id OFFSET 0
    ) AS a
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
