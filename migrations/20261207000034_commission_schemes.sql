-- Commission schemes of a distribution network (DESIGN §8): a tree per program whose root is
-- the final fallback; per scheme, service and role an absolute rate, or NULL to inherit.
-- Checked at commit for the scheme changed and every scheme below it, in the service
-- changed: no rate set above the parent's resolved rate, no lower role resolving above a
-- higher one (a negative margin). Changes to a program's schemes take its advisory lock, so
-- two changes at once are checked one after the other.

CREATE TYPE network_role AS ENUM
    ('admin', 'white_label', 'master_distributor', 'distributor', 'retailer', 'customer');

CREATE TABLE commission_schemes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200 AND name !~ '^[0-9]+$'),
    -- NULL for the program's root. A parent exists before its child, so a scheme is never
    -- its own ancestor.
    parent_id bigint CHECK (parent_id < id),
    created_by text NOT NULL,
    created_by_id bigint REFERENCES users (id),
    created_at timestamptz NOT NULL,
    UNIQUE (program_id, name),
    UNIQUE (program_id, id),
    FOREIGN KEY (program_id, parent_id) REFERENCES commission_schemes (program_id, id)
);
CREATE UNIQUE INDEX commission_schemes_one_root ON commission_schemes (program_id) WHERE parent_id IS NULL;
CREATE INDEX commission_schemes_children ON commission_schemes (parent_id);

CREATE TABLE scheme_rates (
    program_id bigint NOT NULL,
    scheme_id bigint NOT NULL,
    service text NOT NULL CHECK (service ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
    role network_role NOT NULL,
    -- NULL: inherit from the parent.
    rate numeric CHECK (rate >= 0 AND rate <= 1),
    set_by text NOT NULL,
    set_by_id bigint REFERENCES users (id),
    set_at timestamptz NOT NULL,
    PRIMARY KEY (scheme_id, service, role),
    FOREIGN KEY (program_id, scheme_id) REFERENCES commission_schemes (program_id, id)
);

-- A scheme is added by an officer or an admin (the root by an admin), under the program's
-- schemes lock.
CREATE FUNCTION commission_scheme_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_by_id := act_user_id(TG_TABLE_NAME, 'created_by', NEW.created_by);
    IF NOT user_holds_role(NEW.program_id, NEW.created_by,
                           CASE WHEN NEW.parent_id IS NULL THEN '{admin}'::control_role[]
                                ELSE '{officer,admin}'::control_role[] END) THEN
        RAISE EXCEPTION 'commission_schemes: % may not add %', NEW.created_by,
            CASE WHEN NEW.parent_id IS NULL THEN 'the root scheme (an admin does)' ELSE 'a scheme' END
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('commission_schemes:' || NEW.program_id, 0));
    RETURN NEW;
END $$;
CREATE TRIGGER commission_schemes_added BEFORE INSERT ON commission_schemes
    FOR EACH ROW EXECUTE FUNCTION commission_scheme_added();

-- A rate is set by the scheme's creator or an admin, under the program's schemes lock; only
-- the rate and who set it when change.
CREATE FUNCTION scheme_rate_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    creator text;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.program_id, NEW.scheme_id, NEW.service, NEW.role)
                            IS DISTINCT FROM (OLD.program_id, OLD.scheme_id, OLD.service, OLD.role) THEN
        RAISE EXCEPTION 'scheme_rates: only a rate changes, not what it is the rate of'
            USING ERRCODE = 'check_violation', HINT = 'scheme_rate';
    END IF;
    NEW.set_by_id := act_user_id(TG_TABLE_NAME, 'set_by', NEW.set_by);
    SELECT created_by INTO creator FROM commission_schemes WHERE id = NEW.scheme_id;
    IF creator IS DISTINCT FROM NEW.set_by AND NOT user_holds_role(NEW.program_id, NEW.set_by, '{admin}') THEN
        RAISE EXCEPTION 'scheme %: % is neither its creator nor an admin', NEW.scheme_id, NEW.set_by
            USING ERRCODE = 'check_violation', HINT = 'scheme_owner';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('commission_schemes:' || NEW.program_id, 0));
    RETURN NEW;
END $$;
CREATE TRIGGER scheme_rates_set BEFORE INSERT OR UPDATE ON scheme_rates
    FOR EACH ROW EXECUTE FUNCTION scheme_rate_set();

-- Each role's rate as a scheme resolves it for a service: the first set walking up to the
-- root, zero where none is.
CREATE FUNCTION scheme_resolved(scheme bigint, svc text) RETURNS TABLE (role network_role, rate numeric)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up AS (
        SELECT id, parent_id, 0 AS depth FROM commission_schemes WHERE id = scheme
        UNION ALL
        SELECT s.id, s.parent_id, up.depth + 1 FROM commission_schemes s JOIN up ON s.id = up.parent_id
        WHERE up.depth < 32
    )
    SELECT r.role, coalesce((
        SELECT sr.rate FROM up JOIN scheme_rates sr ON sr.scheme_id = up.id
        WHERE sr.service = svc AND sr.role = r.role AND sr.rate IS NOT NULL
        ORDER BY up.depth LIMIT 1), 0)
    FROM unnest(enum_range(NULL::network_role)) AS r(role)
$$;

-- At commit: the scheme whose rate changed and every scheme below it, in that service.
CREATE FUNCTION scheme_rates_consistent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    s record;
    bad record;
BEGIN
    FOR s IN WITH RECURSIVE below AS (
                 SELECT c.id, c.parent_id, c.name, 0 AS depth FROM commission_schemes c WHERE c.id = NEW.scheme_id
                 UNION ALL
                 SELECT c.id, c.parent_id, c.name, below.depth + 1
                 FROM commission_schemes c JOIN below ON c.parent_id = below.id WHERE below.depth < 32
             ) SELECT id, parent_id, name FROM below ORDER BY depth, id LOOP
        IF s.parent_id IS NOT NULL THEN
            SELECT r.role, r.rate, p.rate AS parent_rate INTO bad
            FROM scheme_rates r JOIN scheme_resolved(s.parent_id, NEW.service) p ON p.role = r.role
            WHERE r.scheme_id = s.id AND r.service = NEW.service AND r.rate > p.rate
            ORDER BY r.role LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'scheme %, service %: the % rate % is above its parent''s %',
                    s.name, NEW.service, bad.role, bad.rate, bad.parent_rate
                    USING ERRCODE = 'check_violation', HINT = 'scheme_above_parent';
            END IF;
        END IF;
        SELECT lo.role AS lower, lo.rate AS lower_rate, hi.role AS higher, hi.rate AS higher_rate INTO bad
        FROM scheme_resolved(s.id, NEW.service) lo JOIN scheme_resolved(s.id, NEW.service) hi
          ON hi.role < lo.role AND lo.rate > hi.rate
        ORDER BY lo.role, hi.role DESC LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'scheme %, service %: the % rate % is above the % rate %, a negative margin',
                s.name, NEW.service, bad.lower, bad.lower_rate, bad.higher, bad.higher_rate
                USING ERRCODE = 'check_violation', HINT = 'scheme_negative_margin';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER scheme_rates_consistent AFTER INSERT OR UPDATE ON scheme_rates
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scheme_rates_consistent();

CREATE TRIGGER commission_schemes_append_only BEFORE UPDATE OR DELETE ON commission_schemes
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER commission_schemes_no_truncate BEFORE TRUNCATE ON commission_schemes
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER scheme_rates_never_deleted BEFORE DELETE ON scheme_rates
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER scheme_rates_no_truncate BEFORE TRUNCATE ON scheme_rates
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON commission_schemes FROM prorata_app;
REVOKE UPDATE, DELETE, TRUNCATE ON scheme_rates FROM prorata_app;
GRANT UPDATE (rate, set_by, set_at) ON scheme_rates TO prorata_app;
