-- LP units (DESIGN §8): each deal's register of units per investor, kept as the history of
-- its movements (issues, transfers, redemptions) with their dates, so that holdings as of
-- any date are known. A deal's movements are recorded in date order (none dated before the
-- deal's latest), so that a holding that is never below zero now was never below zero on
-- any earlier date either. Units are numeric at exactly 7 decimals, as the domain's `Units`.

CREATE TABLE unit_movements (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    deal_id bigint NOT NULL,
    kind text NOT NULL CHECK (kind IN ('issue', 'transfer', 'redeem')),
    -- Whose holding grows (issue, transfer) or shrinks (redeem).
    investor_id bigint NOT NULL,
    -- A transfer's giver, whose holding shrinks.
    from_investor_id bigint,
    units numeric(22, 7) NOT NULL CHECK (units > 0 AND scale(units) <= 7),
    moved_on date NOT NULL,
    recorded_by text NOT NULL,
    recorded_by_id bigint REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    FOREIGN KEY (program_id, deal_id) REFERENCES deals (program_id, id),
    FOREIGN KEY (program_id, investor_id) REFERENCES investors (program_id, id),
    FOREIGN KEY (program_id, from_investor_id) REFERENCES investors (program_id, id),
    CONSTRAINT unit_transfer_has_a_giver CHECK ((kind = 'transfer') = (from_investor_id IS NOT NULL)),
    CONSTRAINT unit_transfer_to_another CHECK (from_investor_id IS DISTINCT FROM investor_id)
);
CREATE INDEX unit_movements_by_deal ON unit_movements (deal_id, moved_on, id);

-- Each holding now, moved only by the trigger below, never below zero.
CREATE TABLE unit_holdings (
    deal_id bigint NOT NULL REFERENCES deals (id),
    investor_id bigint NOT NULL REFERENCES investors (id),
    units numeric(22, 7) NOT NULL CONSTRAINT unit_holding_not_negative CHECK (units >= 0),
    PRIMARY KEY (deal_id, investor_id)
);

-- A holding shrinks: refused below zero, and refused when there is none.
CREATE FUNCTION unit_holding_given(deal bigint, investor bigint, given numeric) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE unit_holdings SET units = units - given WHERE deal_id = deal AND investor_id = investor;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unit_holdings: investor % holds no units of deal %', investor, deal
            USING ERRCODE = 'check_violation', CONSTRAINT = 'unit_holding_not_negative';
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION unit_holding_given(bigint, bigint, numeric) FROM PUBLIC;

-- A movement: by an officer of the program, on or after the deal's latest movement, with
-- the deal's row locked so that movements of one deal take turns; the holdings it moves are
-- changed here, and one taken below zero refuses the movement.
-- It runs with its owner's rights, so that the application's role holds no right to write
-- a holding itself.
CREATE FUNCTION unit_movement_booked() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    latest date;
BEGIN
    NEW.recorded_by_id := act_user_id(TG_TABLE_NAME, 'recorded_by', NEW.recorded_by);
    IF NOT user_holds_role(NEW.program_id, NEW.recorded_by, '{officer}') THEN
        RAISE EXCEPTION '%: % is not a user holding officer in this program', TG_TABLE_NAME, NEW.recorded_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    PERFORM 1 FROM deals WHERE id = NEW.deal_id FOR UPDATE;
    SELECT max(moved_on) INTO latest FROM unit_movements WHERE deal_id = NEW.deal_id;
    IF latest IS NOT NULL AND NEW.moved_on < latest THEN
        RAISE EXCEPTION 'unit_movements: deal % has units moved on %; a movement dated % would rewrite its history',
            NEW.deal_id, latest, NEW.moved_on USING ERRCODE = 'check_violation', HINT = 'unit_movement_out_of_order';
    END IF;
    IF NEW.kind = 'redeem' THEN
        PERFORM unit_holding_given(NEW.deal_id, NEW.investor_id, NEW.units);
    ELSE
        INSERT INTO unit_holdings AS h (deal_id, investor_id, units)
        VALUES (NEW.deal_id, NEW.investor_id, NEW.units)
        ON CONFLICT (deal_id, investor_id) DO UPDATE SET units = h.units + NEW.units;
    END IF;
    IF NEW.kind = 'transfer' THEN
        PERFORM unit_holding_given(NEW.deal_id, NEW.from_investor_id, NEW.units);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER unit_movements_booked BEFORE INSERT ON unit_movements
    FOR EACH ROW EXECUTE FUNCTION unit_movement_booked();

-- The register is history: never changed, never deleted.
CREATE TRIGGER unit_movements_append_only BEFORE UPDATE OR DELETE ON unit_movements
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER unit_movements_no_truncate BEFORE TRUNCATE ON unit_movements
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON unit_movements FROM prorata_app;
-- Holdings move only through the movements' trigger: the application reads them.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON unit_holdings FROM prorata_app;
