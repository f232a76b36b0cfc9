-- Community revenue (DESIGN §8): communities with role shares adding up to 100% and members
-- per role; revenue transactions that keep every step of their split, the fee schedule
-- version they used and their one balanced entry; each role's part split over its members
-- as wallet credits, pending until the schedule's holding period has passed; gateway
-- settlements that clear what the gateway collected into the bank.
--
-- Everything here is written once and never changed or deleted (a later issue releases and
-- locks wallet credits through their own audited acts). PostgreSQL checks at commit that a
-- community's shares add up to 100%, that a transaction's steps add up to its gross, its
-- roles' parts to its net and its members' credits to each part, and that its entry books
-- exactly those amounts to the accounts DESIGN §8 names.

CREATE TYPE community_role AS ENUM ('owner', 'admin_team', 'moderator_team', 'event_team');
CREATE TYPE revenue_source AS ENUM ('event', 'sponsor', 'premium', 'custom');
CREATE TYPE wallet_credit_status AS ENUM ('pending', 'available');

CREATE TABLE communities (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    -- Never all digits, so that an id and a name never read alike.
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200 AND name !~ '^[0-9]+$'),
    currency text NOT NULL REFERENCES ledger_currencies (code),
    created_by text NOT NULL,
    created_by_id bigint REFERENCES users (id),
    created_at timestamptz NOT NULL,
    UNIQUE (program_id, name),
    UNIQUE (program_id, id),
    UNIQUE (program_id, id, currency)
);

CREATE TABLE community_role_shares (
    program_id bigint NOT NULL,
    community_id bigint NOT NULL,
    role community_role NOT NULL,
    share numeric NOT NULL CHECK (share > 0 AND share <= 1 AND scale(share) <= 12),
    PRIMARY KEY (community_id, role),
    UNIQUE (program_id, community_id, role),
    FOREIGN KEY (program_id, community_id) REFERENCES communities (program_id, id)
);

CREATE TABLE community_members (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    community_id bigint NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200 AND name !~ '^[0-9]+$'),
    role community_role NOT NULL,
    weight numeric NOT NULL DEFAULT 1 CHECK (weight > 0 AND scale(weight) <= 12),
    added_by text NOT NULL,
    added_by_id bigint REFERENCES users (id),
    added_at timestamptz NOT NULL,
    UNIQUE (community_id, name),
    UNIQUE (program_id, id),
    UNIQUE (program_id, community_id, id),
    -- A member's role is one the community shares its pool with.
    FOREIGN KEY (program_id, community_id, role) REFERENCES community_role_shares (program_id, community_id, role)
);
CREATE INDEX community_members_by_role ON community_members (community_id, role, id);

CREATE TABLE revenue_transactions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    community_id bigint NOT NULL,
    source revenue_source NOT NULL,
    currency text NOT NULL,
    occurred_on date NOT NULL,
    gateway text NOT NULL CHECK (gateway ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
    reference text CHECK (length(btrim(reference)) BETWEEN 1 AND 200),
    fee_schedule_id bigint NOT NULL,
    gross_minor bigint NOT NULL CHECK (gross_minor > 0),
    gst_minor bigint NOT NULL CHECK (gst_minor >= 0),
    gateway_fee_minor bigint NOT NULL CHECK (gateway_fee_minor >= 0),
    gateway_fee_gst_minor bigint NOT NULL CHECK (gateway_fee_gst_minor >= 0),
    platform_fee_minor bigint NOT NULL CHECK (platform_fee_minor >= 0),
    platform_fee_gst_minor bigint NOT NULL CHECK (platform_fee_gst_minor >= 0),
    net_minor bigint NOT NULL CHECK (net_minor >= 0),
    -- The rates the split used, as the schedule version had them.
    gst_rate numeric NOT NULL,
    gateway_fee_rate numeric NOT NULL,
    platform_fee_rate numeric NOT NULL,
    entry_id bigint NOT NULL,
    settlement_id bigint,
    recorded_by text NOT NULL,
    recorded_by_id bigint REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    -- The transaction that wrote it (set by its trigger): only that transaction may add its
    -- roles' parts and members' credits.
    created_xact_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT revenue_steps_add_up CHECK (
        gst_minor + gateway_fee_minor + gateway_fee_gst_minor + platform_fee_minor
        + platform_fee_gst_minor + net_minor = gross_minor),
    UNIQUE (program_id, id),
    UNIQUE (entry_id),
    FOREIGN KEY (program_id, community_id, currency) REFERENCES communities (program_id, id, currency),
    FOREIGN KEY (program_id, fee_schedule_id) REFERENCES fee_schedules (program_id, id),
    FOREIGN KEY (program_id, entry_id) REFERENCES ledger_entries (program_id, id)
);
CREATE INDEX revenue_transactions_by_community ON revenue_transactions (community_id, occurred_on, id);
CREATE INDEX revenue_transactions_unsettled ON revenue_transactions (program_id, gateway, currency, occurred_on)
    WHERE settlement_id IS NULL;

CREATE TABLE revenue_role_parts (
    program_id bigint NOT NULL,
    transaction_id bigint NOT NULL,
    role community_role NOT NULL,
    share numeric NOT NULL CHECK (share > 0 AND share <= 1),
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    PRIMARY KEY (transaction_id, role),
    FOREIGN KEY (program_id, transaction_id) REFERENCES revenue_transactions (program_id, id)
);

CREATE TABLE wallet_credits (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    transaction_id bigint NOT NULL,
    member_id bigint NOT NULL,
    role community_role NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    -- The first day the credit may be released to the member's available balance.
    available_on date NOT NULL,
    status wallet_credit_status NOT NULL DEFAULT 'pending',
    UNIQUE (transaction_id, member_id),
    FOREIGN KEY (program_id, transaction_id) REFERENCES revenue_transactions (program_id, id),
    FOREIGN KEY (program_id, member_id) REFERENCES community_members (program_id, id)
);
CREATE INDEX wallet_credits_by_member ON wallet_credits (member_id, id);

CREATE TABLE gateway_settlements (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    gateway text NOT NULL CHECK (gateway ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
    bank_id bigint NOT NULL,
    currency text NOT NULL,
    settled_on date NOT NULL,
    reference text CHECK (length(btrim(reference)) BETWEEN 1 AND 200),
    gross_minor bigint NOT NULL CHECK (gross_minor > 0),
    fees_minor bigint NOT NULL CHECK (fees_minor >= 0),
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    entry_id bigint NOT NULL UNIQUE,
    settled_by text NOT NULL,
    settled_by_id bigint REFERENCES users (id),
    settled_at timestamptz NOT NULL,
    -- The transaction that wrote it (set by its trigger, whatever a client says): only that
    -- transaction may mark what it settles.
    created_xact_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT gateway_settlement_adds_up CHECK (amount_minor + fees_minor = gross_minor),
    UNIQUE (program_id, id),
    FOREIGN KEY (program_id, bank_id, currency) REFERENCES bank_accounts (program_id, id, currency),
    FOREIGN KEY (program_id, entry_id) REFERENCES ledger_entries (program_id, id)
);
ALTER TABLE revenue_transactions
    ADD FOREIGN KEY (program_id, settlement_id) REFERENCES gateway_settlements (program_id, id);

-- Who acts: communities and members by an officer or an admin, revenue and settlements by an
-- officer, each a user holding that role in the program when the row is written.
CREATE FUNCTION community_revenue_actor() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text := CASE TG_TABLE_NAME
        WHEN 'communities' THEN 'created_by'
        WHEN 'community_members' THEN 'added_by'
        WHEN 'revenue_transactions' THEN 'recorded_by'
        ELSE 'settled_by' END;
    actor text := to_jsonb(NEW) ->> col;
    wanted control_role[] := CASE WHEN TG_TABLE_NAME IN ('communities', 'community_members')
        THEN '{officer,admin}'::control_role[] ELSE '{officer}'::control_role[] END;
    actor_id bigint := act_user_id(TG_TABLE_NAME, col, actor);
BEGIN
    IF NOT user_holds_role(NEW.program_id, actor, wanted) THEN
        RAISE EXCEPTION '%: % is not a user holding % in this program', TG_TABLE_NAME, actor, wanted
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    NEW := jsonb_populate_record(NEW, jsonb_build_object(col || '_id', actor_id));
    IF TG_TABLE_NAME IN ('gateway_settlements', 'revenue_transactions') THEN
        NEW := jsonb_populate_record(NEW, jsonb_build_object('created_xact_id', pg_current_xact_id()::text));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER communities_actor BEFORE INSERT ON communities
    FOR EACH ROW EXECUTE FUNCTION community_revenue_actor();
CREATE TRIGGER community_members_actor BEFORE INSERT ON community_members
    FOR EACH ROW EXECUTE FUNCTION community_revenue_actor();
CREATE TRIGGER revenue_transactions_actor BEFORE INSERT ON revenue_transactions
    FOR EACH ROW EXECUTE FUNCTION community_revenue_actor();
CREATE TRIGGER gateway_settlements_actor BEFORE INSERT ON gateway_settlements
    FOR EACH ROW EXECUTE FUNCTION community_revenue_actor();

-- At commit: a community's role shares add up to exactly 100%, checked when the community
-- is added and whenever a share is added (so a share added later is refused).
CREATE FUNCTION community_shares_whole() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    community bigint := (to_jsonb(NEW) ->> CASE TG_TABLE_NAME WHEN 'communities' THEN 'id' ELSE 'community_id' END)::bigint;
    total numeric;
BEGIN
    SELECT sum(share) INTO total FROM community_role_shares WHERE community_id = community;
    IF total IS DISTINCT FROM 1 THEN
        RAISE EXCEPTION 'community %: its role shares add up to % percent, not 100', community, coalesce(total * 100, 0)
            USING ERRCODE = 'check_violation', HINT = 'community_shares_whole';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER communities_shares_whole AFTER INSERT ON communities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION community_shares_whole();
CREATE CONSTRAINT TRIGGER community_role_shares_whole AFTER INSERT ON community_role_shares
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION community_shares_whole();

-- A transaction's roles' parts and members' credits are written with it, never later.
CREATE FUNCTION revenue_parts_with_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM revenue_transactions WHERE id = NEW.transaction_id
                   AND created_xact_id = pg_current_xact_id()) THEN
        RAISE EXCEPTION '%: revenue transaction % is split once, when it is recorded', TG_TABLE_NAME, NEW.transaction_id
            USING ERRCODE = 'check_violation', HINT = 'revenue_parts';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER revenue_role_parts_with_transaction BEFORE INSERT ON revenue_role_parts
    FOR EACH ROW EXECUTE FUNCTION revenue_parts_with_transaction();
CREATE TRIGGER wallet_credits_with_transaction BEFORE INSERT ON wallet_credits
    FOR EACH ROW EXECUTE FUNCTION revenue_parts_with_transaction();

-- At commit: a transaction's roles' parts add up to its net, each member's credits to its
-- role's part, each credit is the member's, and its entry books exactly DESIGN §8's legs.
CREATE FUNCTION revenue_transaction_consistent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t revenue_transactions;
    wrong text;
BEGIN
    SELECT * INTO t FROM revenue_transactions WHERE id = NEW.id;
    SELECT CASE WHEN count(*) = 0 THEN 'no role parts'
                WHEN sum(amount_minor) <> t.net_minor THEN 'role parts add up to ' || sum(amount_minor) END
      INTO wrong FROM revenue_role_parts WHERE transaction_id = t.id;
    IF wrong IS NULL THEN
        SELECT format('the %s part is %s, its members'' credits %s', p.role, p.amount_minor, coalesce(c.total, 0))
          INTO wrong
        FROM revenue_role_parts p
        LEFT JOIN (SELECT role, sum(amount_minor) AS total FROM wallet_credits
                   WHERE transaction_id = t.id GROUP BY role) c ON c.role = p.role
        WHERE p.transaction_id = t.id AND p.amount_minor IS DISTINCT FROM coalesce(c.total, 0)
        LIMIT 1;
    END IF;
    IF wrong IS NULL THEN
        SELECT format('credit %s is for member %s, who is not in the community as %s', c.id, c.member_id, c.role)
          INTO wrong
        FROM wallet_credits c
        LEFT JOIN community_members m ON m.id = c.member_id AND m.community_id = t.community_id AND m.role = c.role
        WHERE c.transaction_id = t.id AND m.id IS NULL
        LIMIT 1;
    END IF;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'revenue transaction %: %', t.id, wrong
            USING ERRCODE = 'check_violation', HINT = 'revenue_parts';
    END IF;
    WITH legs AS (
        SELECT a.code, p.side, sum(p.amount_minor) AS amount_minor
        FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.entry_id = t.entry_id AND p.currency = t.currency AND p.phase = 'posted'
        GROUP BY a.code, p.side
    ), wanted AS (
        SELECT code, side, sum(amount_minor) AS amount_minor FROM (
            VALUES ('gateway:' || t.gateway || ':clearing', 'debit'::ledger_side, t.gross_minor),
                   ('tax:gst_payable', 'credit', t.gst_minor + t.platform_fee_gst_minor),
                   ('gateway:' || t.gateway || ':fees', 'credit', t.gateway_fee_minor + t.gateway_fee_gst_minor),
                   ('platform:fee_income', 'credit', t.platform_fee_minor)
            UNION ALL
            SELECT 'member:' || member_id || ':wallet', 'credit', amount_minor
            FROM wallet_credits WHERE transaction_id = t.id
        ) AS w(code, side, amount_minor)
        WHERE amount_minor > 0
        GROUP BY code, side
    )
    SELECT coalesce(w.code, l.code) INTO wrong
    FROM wanted w FULL JOIN legs l ON l.code = w.code AND l.side = w.side
    WHERE w.amount_minor IS DISTINCT FROM l.amount_minor
    LIMIT 1;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'revenue transaction %: its entry does not book its split (%)', t.id, wrong
            USING ERRCODE = 'check_violation', HINT = 'revenue_entry';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER revenue_transactions_consistent AFTER INSERT ON revenue_transactions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION revenue_transaction_consistent();

-- A settlement's entry: Dr the bank what arrived, Dr the gateway's fees what it kept, Cr the
-- gateway's clearing the gross of the transactions it settles; and those add up to it.
CREATE FUNCTION gateway_settlement_consistent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    s gateway_settlements;
    settled record;
    wrong text;
BEGIN
    SELECT * INTO s FROM gateway_settlements WHERE id = NEW.id;
    SELECT coalesce(sum(gross_minor), 0) AS gross,
           coalesce(sum(gateway_fee_minor + gateway_fee_gst_minor), 0) AS fees,
           bool_or(gateway <> s.gateway OR currency <> s.currency OR occurred_on > s.settled_on) AS stray
      INTO settled FROM revenue_transactions WHERE settlement_id = s.id;
    IF settled.gross <> s.gross_minor OR settled.fees <> s.fees_minor OR settled.stray THEN
        RAISE EXCEPTION 'gateway settlement %: it settles transactions of % gross and % fees (or of another gateway, currency or later day), not % and %',
            s.id, settled.gross, settled.fees, s.gross_minor, s.fees_minor
            USING ERRCODE = 'check_violation', HINT = 'gateway_settlement';
    END IF;
    WITH legs AS (
        SELECT a.code, p.side, sum(p.amount_minor) AS amount_minor
        FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.entry_id = s.entry_id AND p.currency = s.currency AND p.phase = 'posted'
        GROUP BY a.code, p.side
    ), wanted AS (
        SELECT * FROM (VALUES ('bank:' || s.bank_id, 'debit'::ledger_side, s.amount_minor),
                              ('gateway:' || s.gateway || ':fees', 'debit', s.fees_minor),
                              ('gateway:' || s.gateway || ':clearing', 'credit', s.gross_minor))
            AS w(code, side, amount_minor)
        WHERE amount_minor > 0
    )
    SELECT coalesce(w.code, l.code) INTO wrong
    FROM wanted w FULL JOIN legs l ON l.code = w.code AND l.side = w.side
    WHERE w.amount_minor IS DISTINCT FROM l.amount_minor
    LIMIT 1;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'gateway settlement %: its entry does not book it (%)', s.id, wrong
            USING ERRCODE = 'check_violation', HINT = 'gateway_settlement';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER gateway_settlements_consistent AFTER INSERT ON gateway_settlements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gateway_settlement_consistent();

-- A transaction is settled once: its settlement set once, by the settlement's transaction,
-- and nothing else of it ever changes.
CREATE FUNCTION revenue_transactions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.settlement_id IS NOT NULL OR NEW.settlement_id IS NULL
       OR (to_jsonb(NEW) - 'settlement_id') <> (to_jsonb(OLD) - 'settlement_id') THEN
        RAISE EXCEPTION 'revenue transaction %: only its settlement is ever set, once', OLD.id
            USING ERRCODE = 'check_violation', HINT = 'revenue_settled_once';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM gateway_settlements WHERE id = NEW.settlement_id
                   AND created_xact_id = pg_current_xact_id()) THEN
        RAISE EXCEPTION 'revenue transaction %: settled only with its settlement, in its transaction', OLD.id
            USING ERRCODE = 'check_violation', HINT = 'revenue_settled_once';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER revenue_transactions_guard BEFORE UPDATE ON revenue_transactions
    FOR EACH ROW EXECUTE FUNCTION revenue_transactions_guard();

CREATE TRIGGER communities_append_only BEFORE UPDATE OR DELETE ON communities
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER community_role_shares_append_only BEFORE UPDATE OR DELETE ON community_role_shares
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER community_members_append_only BEFORE UPDATE OR DELETE ON community_members
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER revenue_transactions_never_deleted BEFORE DELETE ON revenue_transactions
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER revenue_role_parts_append_only BEFORE UPDATE OR DELETE ON revenue_role_parts
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER wallet_credits_append_only BEFORE UPDATE OR DELETE ON wallet_credits
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER gateway_settlements_append_only BEFORE UPDATE OR DELETE ON gateway_settlements
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER communities_no_truncate BEFORE TRUNCATE ON communities
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER community_role_shares_no_truncate BEFORE TRUNCATE ON community_role_shares
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER community_members_no_truncate BEFORE TRUNCATE ON community_members
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER revenue_transactions_no_truncate BEFORE TRUNCATE ON revenue_transactions
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER revenue_role_parts_no_truncate BEFORE TRUNCATE ON revenue_role_parts
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER wallet_credits_no_truncate BEFORE TRUNCATE ON wallet_credits
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER gateway_settlements_no_truncate BEFORE TRUNCATE ON gateway_settlements
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON communities, community_role_shares, community_members,
    revenue_role_parts, wallet_credits, gateway_settlements FROM prorata_app;
REVOKE UPDATE, DELETE, TRUNCATE ON revenue_transactions FROM prorata_app;
GRANT UPDATE (settlement_id) ON revenue_transactions TO prorata_app;
