-- Names of deals, partners and investors are never all digits: wherever one is named, all
-- digits is its id, so a key never means two rows. Rows written before this rule keep their
-- names (NOT VALID), but are found by name only through their id.
ALTER TABLE deals ADD CONSTRAINT deals_name_is_not_an_id CHECK (name !~ '^[0-9]+$') NOT VALID;
ALTER TABLE partners ADD CONSTRAINT partners_name_is_not_an_id CHECK (name !~ '^[0-9]+$') NOT VALID;
ALTER TABLE investors ADD CONSTRAINT investors_name_is_not_an_id CHECK (name !~ '^[0-9]+$') NOT VALID;

-- A deal's high-water mark, in PostgreSQL too. Whatever moves it (capital added; a
-- distribution prepared, cancelled, reversed, or its reversal posted) first locks the deal's
-- row, here as in the application, so two such changes never both read the same old mark:
-- the second waits for the first to commit and then sees what it wrote.

-- A distribution is live while it is not cancelled and no posted reversal undid it.
CREATE FUNCTION distribution_is_live(d distributions) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT d.kind = 'distribution' AND d.status <> 'cancelled'
       AND NOT EXISTS (SELECT 1 FROM distributions r
                       WHERE r.reverses_distribution_id = d.id AND r.status = 'posted')
$$;

-- The mark that applies on a date: the last live distribution's new mark before it (or
-- zero), plus the capital dated after that distribution and up to the date. The same rule
-- as prorata-domain's `high_water_mark_on`.
CREATE FUNCTION deal_mark_on(deal bigint, on_date date) RETURNS bigint
LANGUAGE sql STABLE AS $$
    WITH last AS (
        SELECT d.value_date, d.new_high_water_mark_minor FROM distributions d
        WHERE d.deal_id = deal AND d.value_date < on_date AND distribution_is_live(d)
        ORDER BY d.value_date DESC, d.round DESC LIMIT 1
    )
    SELECT (coalesce((SELECT new_high_water_mark_minor FROM last), 0)
          + coalesce((SELECT sum(i.amount_minor) FROM investments i
                      WHERE i.deal_id = deal AND i.invested_on <= on_date
                        AND i.invested_on > coalesce((SELECT value_date FROM last), '-infinity'::date)), 0))::bigint
$$;

-- The deal's earliest live distribution on or after a date, if any.
CREATE FUNCTION deal_live_distribution_from(deal bigint, from_date date) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT d.id FROM distributions d
    WHERE d.deal_id = deal AND d.value_date >= from_date AND distribution_is_live(d)
    ORDER BY d.value_date, d.id LIMIT 1
$$;

CREATE FUNCTION deal_lock(deal bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM deals WHERE id = deal FOR UPDATE;
END $$;

CREATE FUNCTION distributions_mark_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    other bigint;
    original distributions;
BEGIN
    IF TG_OP = 'INSERT' AND NEW.kind = 'distribution' THEN
        PERFORM deal_lock(NEW.deal_id);
        other := deal_live_distribution_from(NEW.deal_id, NEW.value_date);
        IF other IS NOT NULL THEN
            RAISE EXCEPTION 'distribution of deal % on %: distribution % is live on that date or later', NEW.deal_id, NEW.value_date, other
                USING ERRCODE = 'check_violation', HINT = 'distribution_out_of_order';
        END IF;
        SELECT id INTO other FROM distributions
        WHERE deal_id = NEW.deal_id AND kind = 'reversal' AND status IN ('prepared', 'approved') LIMIT 1;
        IF other IS NOT NULL THEN
            RAISE EXCEPTION 'distribution of deal % on %: reversal % is under way', NEW.deal_id, NEW.value_date, other
                USING ERRCODE = 'check_violation', HINT = 'distribution_reversal_under_way';
        END IF;
        IF NEW.high_water_mark_minor <> deal_mark_on(NEW.deal_id, NEW.value_date) THEN
            RAISE EXCEPTION 'distribution of deal % on %: its high-water mark % is not the deal''s mark %',
                NEW.deal_id, NEW.value_date, NEW.high_water_mark_minor, deal_mark_on(NEW.deal_id, NEW.value_date)
                USING ERRCODE = 'check_violation', HINT = 'distribution_stale_mark';
        END IF;
        RETURN NEW;
    END IF;
    -- Undoing a distribution (cancelling it, preparing or posting its reversal) is refused
    -- while a later live distribution builds on its mark.
    IF NEW.kind = 'reversal' THEN
        SELECT * INTO original FROM distributions WHERE id = NEW.reverses_distribution_id;
    ELSIF TG_OP = 'UPDATE' AND NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
        original := NEW;
    ELSE
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.kind = 'reversal' AND NOT (NEW.status = 'posted' AND OLD.status <> 'posted') THEN
        RETURN NEW;
    END IF;
    -- Approving takes no deal lock (it moves no mark), so it never waits on one.
    PERFORM deal_lock(NEW.deal_id);
    other := deal_live_distribution_from(original.deal_id, original.value_date + 1);
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'distribution %: distribution % builds on its high-water mark', original.id, other
            USING ERRCODE = 'check_violation', HINT = 'distribution_built_on';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER distributions_mark_guard BEFORE INSERT OR UPDATE OF status ON distributions
    FOR EACH ROW EXECUTE FUNCTION distributions_mark_guard();

-- Capital dated on or before a live distribution would change a mark already used.
CREATE FUNCTION investments_mark_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    other bigint;
BEGIN
    PERFORM deal_lock(NEW.deal_id);
    other := deal_live_distribution_from(NEW.deal_id, NEW.invested_on);
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'investment in deal % on %: distribution % already used the capital up to its date', NEW.deal_id, NEW.invested_on, other
            USING ERRCODE = 'check_violation', HINT = 'investment_behind_a_distribution';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER investments_mark_guard BEFORE INSERT OR UPDATE ON investments
    FOR EACH ROW EXECUTE FUNCTION investments_mark_guard();
