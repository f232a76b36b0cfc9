-- The commit-time checks of a bank report's confirmation, at 10,000 holds in one transaction.
--
-- Each withdrawal's check (`withdrawals_held`) looks up its hold's resolution by the hold's id.
-- Its plan was cached while `ledger_hold_resolutions` was seen as empty, so every lookup read
-- the whole table, which this very transaction had just grown by 10,000 rows: a confirmation's
-- commit did one full read of the resolutions per withdrawal (about 3.5 s of a 6.5 s
-- confirmation). Its statements are lookups by id, so it never scans a table: the function
-- plans with sequential scans off, and each lookup is an index probe whatever the planner's
-- statistics say.
--
-- A posted hold is replaced by a posted entry with exactly its legs (`ledger_check_resolution`,
-- at commit for each resolution): now one statement over both entries' legs by the entry
-- index, planned once per session rather than afresh for each of the thousands of holds.

CREATE OR REPLACE FUNCTION ledger_check_resolution() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    posted_phase ledger_phase;
    mismatched bigint;
BEGIN
    IF NEW.outcome = 'voided' THEN
        RETURN NULL;
    END IF;
    SELECT phase INTO posted_phase FROM ledger_entries WHERE id = NEW.posted_entry_id;
    IF posted_phase IS DISTINCT FROM 'posted' THEN
        RAISE EXCEPTION 'ledger: hold % must be replaced by a posted entry', NEW.pending_entry_id
            USING ERRCODE = 'P0001', HINT = 'ledger_bad_hold_posting';
    END IF;
    -- Each leg counted +1 in the hold and -1 in the posted entry: exactly the same legs leave
    -- every count at zero.
    SELECT count(*) INTO mismatched FROM (
        SELECT 1
        FROM ledger_postings
        WHERE entry_id = NEW.pending_entry_id OR entry_id = NEW.posted_entry_id
        GROUP BY account_id, side, amount_minor
        HAVING sum(CASE WHEN entry_id = NEW.pending_entry_id THEN 1 ELSE -1 END) <> 0
    ) AS difference;
    IF mismatched > 0 THEN
        RAISE EXCEPTION 'ledger: entry % does not carry exactly the legs of hold %', NEW.posted_entry_id, NEW.pending_entry_id
            USING ERRCODE = 'P0001', HINT = 'ledger_bad_hold_posting';
    END IF;
    RETURN NULL;
END $$;

ALTER FUNCTION ledger_check_resolution() RESET plan_cache_mode;

ALTER FUNCTION withdrawals_held() SET enable_seqscan = off;
