-- Deal profit sharing: partners, investors, deals, investments, performance records and
-- distributions with their investor shares. Every row belongs to a program. The rules the
-- application checks are checked here a second time: maker-checker (the checker is never
-- the maker), the waterfall adds up, shares add up to the pool, one record and one live
-- distribution per deal and date, and a posted distribution is never changed.

CREATE TABLE partners (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (program_id, name)
);

CREATE TABLE investors (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- Sealed with the organisation's data key (prorata-store::crypto), never in clear.
    email_sealed bytea,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (program_id, name)
);

CREATE TABLE deals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    partner_id bigint NOT NULL REFERENCES partners (id),
    partner_commission_rate numeric NOT NULL CHECK (partner_commission_rate BETWEEN 0 AND 1),
    platform_fee_rate numeric NOT NULL CHECK (platform_fee_rate BETWEEN 0 AND 1),
    circuit_breaker_threshold numeric NOT NULL CHECK (circuit_breaker_threshold > 0 AND circuit_breaker_threshold <= 1),
    status text NOT NULL CHECK (status IN ('active', 'closed')),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (program_id, name),
    CHECK (partner_commission_rate + platform_fee_rate <= 1)
);

CREATE TABLE investments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    deal_id bigint NOT NULL REFERENCES deals (id),
    investor_id bigint NOT NULL REFERENCES investors (id),
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    invested_on date NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX investments_by_deal ON investments (deal_id, invested_on);

CREATE TABLE performance_records (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    deal_id bigint NOT NULL REFERENCES deals (id),
    value_date date NOT NULL,
    value_minor bigint NOT NULL CHECK (value_minor >= 0),
    market_conditions text CHECK (length(market_conditions) <= 4000),
    notes text CHECK (length(notes) <= 4000),
    -- What it is compared with: the previous value plus capital added since, or the capital.
    previous_value_minor bigint NOT NULL CHECK (previous_value_minor >= 0),
    change_ratio numeric,
    flagged boolean NOT NULL,
    missed_business_days integer NOT NULL CHECK (missed_business_days >= 0),
    status text NOT NULL CHECK (status IN ('recorded', 'verified')),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    verified_by text,
    verified_at timestamptz,
    UNIQUE (deal_id, value_date),
    -- Maker-checker: the person who recorded a value can never verify it.
    CONSTRAINT performance_checker_is_not_maker CHECK (verified_by IS NULL OR verified_by <> recorded_by),
    CHECK ((status = 'verified') = (verified_by IS NOT NULL AND verified_at IS NOT NULL))
);

CREATE TABLE distributions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    deal_id bigint NOT NULL REFERENCES deals (id),
    value_date date NOT NULL,
    performance_record_id bigint NOT NULL REFERENCES performance_records (id),
    status text NOT NULL CHECK (status IN ('prepared', 'approved', 'posted', 'cancelled')),
    currency char(3) NOT NULL,
    value_minor bigint NOT NULL CHECK (value_minor >= 0),
    high_water_mark_minor bigint NOT NULL CHECK (high_water_mark_minor >= 0),
    new_high_water_mark_minor bigint NOT NULL CHECK (new_high_water_mark_minor >= high_water_mark_minor),
    profit_minor bigint NOT NULL CHECK (profit_minor > 0),
    partner_commission_minor bigint NOT NULL CHECK (partner_commission_minor >= 0),
    platform_fee_minor bigint NOT NULL CHECK (platform_fee_minor >= 0),
    investor_pool_minor bigint NOT NULL CHECK (investor_pool_minor >= 0),
    -- The rates as they were when it was prepared, whatever the deal says later.
    partner_commission_rate numeric NOT NULL CHECK (partner_commission_rate BETWEEN 0 AND 1),
    platform_fee_rate numeric NOT NULL CHECK (platform_fee_rate BETWEEN 0 AND 1),
    flagged boolean NOT NULL,
    override_reason text CHECK (length(btrim(override_reason)) BETWEEN 1 AND 4000),
    prepared_by text NOT NULL,
    prepared_at timestamptz NOT NULL,
    approved_by text,
    approved_at timestamptz,
    posted_by text,
    posted_at timestamptz,
    journal_entry_id bigint REFERENCES ledger_entries (id),
    cancelled_by text,
    cancelled_at timestamptz,
    cancel_reason text CHECK (length(btrim(cancel_reason)) BETWEEN 1 AND 4000),
    -- Maker-checker: whoever prepared a distribution can never approve it.
    CONSTRAINT distribution_checker_is_not_maker CHECK (approved_by IS NULL OR approved_by <> prepared_by),
    -- The waterfall: every minor unit of profit lands in exactly one place.
    CHECK (profit_minor = partner_commission_minor + platform_fee_minor + investor_pool_minor),
    CHECK (profit_minor = new_high_water_mark_minor - high_water_mark_minor),
    CHECK (new_high_water_mark_minor = value_minor),
    -- A flagged value is approved only with an approver's written override.
    CHECK (NOT flagged OR approved_by IS NULL OR override_reason IS NOT NULL),
    CHECK (status NOT IN ('approved', 'posted') OR (approved_by IS NOT NULL AND approved_at IS NOT NULL)),
    CHECK ((status = 'posted') = (journal_entry_id IS NOT NULL AND posted_by IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL AND cancelled_by IS NOT NULL))
);
-- One live distribution per deal and date; a cancelled one makes way for a new one.
CREATE UNIQUE INDEX distributions_one_live_per_deal_and_date
    ON distributions (deal_id, value_date) WHERE status <> 'cancelled';
CREATE INDEX distributions_by_program ON distributions (program_id, value_date);

CREATE TABLE distribution_shares (
    distribution_id bigint NOT NULL REFERENCES distributions (id),
    investment_id bigint NOT NULL REFERENCES investments (id),
    investor_id bigint NOT NULL REFERENCES investors (id),
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    payout_status text NOT NULL CHECK (payout_status IN ('unpaid', 'requested', 'paid')),
    PRIMARY KEY (distribution_id, investment_id)
);

-- A distribution's shares add up to its investor pool, checked when the transaction that
-- wrote them commits (they are written after the distribution row).
CREATE FUNCTION distribution_shares_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    shares_minor numeric;
BEGIN
    SELECT coalesce(sum(amount_minor), 0) INTO shares_minor
      FROM distribution_shares WHERE distribution_id = NEW.id;
    IF shares_minor <> NEW.investor_pool_minor THEN
        RAISE EXCEPTION 'distribution %: its shares add up to % minor units, not its investor pool of %',
            NEW.id, shares_minor, NEW.investor_pool_minor
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER distribution_shares_add_up
    AFTER INSERT ON distributions
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION distribution_shares_check();

-- Posted distributions and their shares' amounts are never changed; a correction is a new
-- distribution. Only forward moves of the status are allowed.
CREATE FUNCTION distributions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'distributions are never deleted (distribution %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.status IN ('posted', 'cancelled') THEN
        RAISE EXCEPTION 'distribution % is %: it can no longer change', OLD.id, OLD.status
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NOT ((OLD.status = 'prepared' AND NEW.status IN ('prepared', 'approved', 'cancelled'))
         OR (OLD.status = 'approved' AND NEW.status IN ('approved', 'posted', 'cancelled'))) THEN
        RAISE EXCEPTION 'distribution % cannot go from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.deal_id, NEW.value_date, NEW.value_minor, NEW.high_water_mark_minor, NEW.profit_minor,
        NEW.partner_commission_minor, NEW.platform_fee_minor, NEW.investor_pool_minor,
        NEW.partner_commission_rate, NEW.platform_fee_rate, NEW.prepared_by, NEW.flagged)
       IS DISTINCT FROM
       (OLD.deal_id, OLD.value_date, OLD.value_minor, OLD.high_water_mark_minor, OLD.profit_minor,
        OLD.partner_commission_minor, OLD.platform_fee_minor, OLD.investor_pool_minor,
        OLD.partner_commission_rate, OLD.platform_fee_rate, OLD.prepared_by, OLD.flagged) THEN
        RAISE EXCEPTION 'distribution %: its calculation is fixed once prepared', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER distributions_guard BEFORE UPDATE OR DELETE ON distributions
    FOR EACH ROW EXECUTE FUNCTION distributions_guard();

CREATE FUNCTION distribution_shares_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.amount_minor <> OLD.amount_minor
       OR NEW.investment_id <> OLD.investment_id OR NEW.investor_id <> OLD.investor_id
       OR NEW.distribution_id <> OLD.distribution_id THEN
        RAISE EXCEPTION 'a distribution share is never deleted and its amount never changes'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER distribution_shares_guard BEFORE UPDATE OR DELETE ON distribution_shares
    FOR EACH ROW EXECUTE FUNCTION distribution_shares_guard();

-- A verified record stays as verified: its value is what distributions were computed from.
CREATE FUNCTION performance_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'performance records are never deleted (record %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.status = 'verified' OR NEW.value_minor <> OLD.value_minor OR NEW.value_date <> OLD.value_date
       OR NEW.deal_id <> OLD.deal_id OR NEW.recorded_by <> OLD.recorded_by THEN
        RAISE EXCEPTION 'performance record %: only its verification may be added', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER performance_records_guard BEFORE UPDATE OR DELETE ON performance_records
    FOR EACH ROW EXECUTE FUNCTION performance_records_guard();
