-- The commit-time check of a transaction's bank matches joins what it gathered per match (the
-- matches, their lines, their items, their remittances), each thousands of rows without
-- statistics: planned as nested loops it compares every match with every other, which a
-- reconciliation of 10,000 payments at once makes minutes. Hash joins take them in one pass.
ALTER FUNCTION bank_matches_wrong(bigint, bigint) SET enable_nestloop = off;
-- The same for the check that a match's lines and what they settle are written with it: the
-- matches of the transaction are many, and the planner, counting on few, scanned them all for
-- each line.
ALTER FUNCTION bank_match_parts_written() SET enable_nestloop = off;
