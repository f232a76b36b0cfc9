-- A distribution's share is of its own deal, whatever the SQL: each share carries its deal,
-- and composite foreign keys tie it to a distribution of that deal and to an investment in
-- that deal by the share's investor. A share can no longer link a distribution of one deal
-- (or program) with an investment of another, or name an investor who did not make the
-- investment. Deals, investments and investors are already tied to their program
-- (`…13_program_isolation.sql`), so this isolates shares by program too.
--
-- Existing shares take their distribution's deal; a share that links two deals (which only
-- SQL behind the application could have written) makes the migration fail by name.

ALTER TABLE distribution_shares ADD COLUMN deal_id bigint;
UPDATE distribution_shares s SET deal_id = d.deal_id FROM distributions d WHERE d.id = s.distribution_id;
ALTER TABLE distribution_shares ALTER COLUMN deal_id SET NOT NULL;

ALTER TABLE distributions ADD CONSTRAINT distributions_id_deal_key UNIQUE (id, deal_id);
ALTER TABLE investments ADD CONSTRAINT investments_id_deal_investor_key UNIQUE (id, deal_id, investor_id);

-- The two composite keys replace the three single ones: each share row is checked twice, not
-- three times, and more strictly.
ALTER TABLE distribution_shares
    ADD CONSTRAINT distribution_shares_of_the_distribution_s_deal
        FOREIGN KEY (distribution_id, deal_id) REFERENCES distributions (id, deal_id),
    ADD CONSTRAINT distribution_shares_of_an_investment_in_that_deal
        FOREIGN KEY (investment_id, deal_id, investor_id) REFERENCES investments (id, deal_id, investor_id);
ALTER TABLE distribution_shares
    DROP CONSTRAINT distribution_shares_distribution_id_fkey,
    DROP CONSTRAINT distribution_shares_investment_id_fkey,
    DROP CONSTRAINT distribution_shares_investor_id_fkey;

-- Nothing of a share but its payout status ever changes, its deal included.
CREATE OR REPLACE FUNCTION distribution_shares_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.amount_minor <> OLD.amount_minor
       OR NEW.investment_id <> OLD.investment_id OR NEW.investor_id <> OLD.investor_id
       OR NEW.distribution_id <> OLD.distribution_id OR NEW.deal_id <> OLD.deal_id THEN
        RAISE EXCEPTION 'a distribution share is never deleted and its amount never changes'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;
