-- The double-entry ledger: currencies, accounts, journal entries, postings, holds and running
-- balances. Every invariant here is also checked in Rust before a write; these triggers and
-- constraints are the second line, so that no client (raw SQL included) can break them.

CREATE TYPE ledger_account_type AS ENUM ('asset', 'liability', 'equity', 'income', 'expense');
CREATE TYPE ledger_side AS ENUM ('debit', 'credit');
CREATE TYPE ledger_phase AS ENUM ('posted', 'pending');
CREATE TYPE ledger_hold_outcome AS ENUM ('posted', 'voided');

-- ISO 4217 currencies and their minor-unit scales: the same table as prorata-domain's
-- `Currency::TABLE` (a test keeps the two equal).
CREATE TABLE ledger_currencies (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
    minor_unit_scale smallint NOT NULL CHECK (minor_unit_scale BETWEEN 0 AND 4)
);

INSERT INTO ledger_currencies (code, minor_unit_scale) VALUES
    ('USD', 2), ('EUR', 2), ('GBP', 2), ('INR', 2), ('NGN', 2), ('JPY', 0), ('KWD', 3),
    ('AED', 2), ('AUD', 2), ('BHD', 3), ('CAD', 2), ('CHF', 2), ('GHS', 2), ('KES', 2),
    ('KRW', 0), ('OMR', 3), ('SGD', 2), ('ZAR', 2);

CREATE TABLE ledger_accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE
        CHECK (code ~ '^[a-z][a-z_]*(:[A-Za-z0-9_.-]+)*$' AND length(code) <= 200),
    account_type ledger_account_type NOT NULL,
    currency text NOT NULL REFERENCES ledger_currencies (code),
    normal_side ledger_side NOT NULL,
    must_not_go_negative boolean NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (id, currency)
);

-- Running balances, one row per account, maintained only by the posting triggers below.
CREATE TABLE ledger_balances (
    account_id bigint PRIMARY KEY REFERENCES ledger_accounts (id),
    posted_debits_minor bigint NOT NULL DEFAULT 0 CHECK (posted_debits_minor >= 0),
    posted_credits_minor bigint NOT NULL DEFAULT 0 CHECK (posted_credits_minor >= 0),
    pending_debits_minor bigint NOT NULL DEFAULT 0 CHECK (pending_debits_minor >= 0),
    pending_credits_minor bigint NOT NULL DEFAULT 0 CHECK (pending_credits_minor >= 0)
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, fillfactor = 50);

CREATE TABLE ledger_entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key text NOT NULL UNIQUE
        CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_digest bytea NOT NULL CHECK (length(request_digest) = 32),
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*$' AND length(kind) <= 100),
    phase ledger_phase NOT NULL,
    effective_date date NOT NULL,
    recorded_at timestamptz NOT NULL,
    actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    description text NOT NULL CHECK (length(description) <= 2000),
    reverses bigint UNIQUE REFERENCES ledger_entries (id) CHECK (reverses < id),
    -- The transaction that wrote the entry: postings may only be added by that transaction.
    created_xact_id xid8 NOT NULL DEFAULT pg_current_xact_id()
);

-- Postings copy their entry's phase and date (checked by trigger), so that balances as of a
-- date and the trial balance read one table.
CREATE TABLE ledger_postings (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id bigint NOT NULL REFERENCES ledger_entries (id),
    account_id bigint NOT NULL,
    currency text NOT NULL,
    side ledger_side NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    phase ledger_phase NOT NULL,
    effective_date date NOT NULL,
    FOREIGN KEY (account_id, currency) REFERENCES ledger_accounts (id, currency)
);

CREATE INDEX ledger_postings_entry ON ledger_postings (entry_id);

-- These tables grow by the thousand rows a day and balances are updated by every posting:
-- keep their statistics fresh and their dead row versions few.
ALTER TABLE ledger_postings SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
ALTER TABLE ledger_entries SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
CREATE INDEX ledger_postings_account_date ON ledger_postings (account_id, effective_date, id);

-- A pending entry (a hold) is resolved once: posted (a posted entry with the same legs takes
-- its place) or voided (its amounts are released).
CREATE TABLE ledger_hold_resolutions (
    pending_entry_id bigint PRIMARY KEY REFERENCES ledger_entries (id),
    outcome ledger_hold_outcome NOT NULL,
    -- Posting a hold writes the posted entry's row, then this resolution (which releases the
    -- hold's amounts), then the posted entry's postings: so the same money is never counted
    -- both as held and as paid, which would trip a must-not-go-negative account.
    posted_entry_id bigint UNIQUE REFERENCES ledger_entries (id),
    resolved_at timestamptz NOT NULL,
    actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    CHECK ((outcome = 'posted') = (posted_entry_id IS NOT NULL))
);

-- Append-only: entries, postings, resolutions, accounts and currencies are never changed or
-- removed. Mistakes are corrected by reversal entries.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger: % is append-only; % is refused (correct with a reversal entry)',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'P0001', HINT = 'ledger_append_only';
END $$;

CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_hold_resolutions_append_only
    BEFORE UPDATE OR DELETE ON ledger_hold_resolutions
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_hold_resolutions_no_truncate BEFORE TRUNCATE ON ledger_hold_resolutions
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_accounts_append_only BEFORE UPDATE OR DELETE ON ledger_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_currencies_append_only BEFORE UPDATE OR DELETE ON ledger_currencies
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Running balances change only through postings and resolutions (trigger depth 2 and more);
-- a client's own UPDATE, DELETE or INSERT on them is refused.
CREATE FUNCTION ledger_balances_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'ledger: running balances change only by posting (% refused)', TG_OP
            USING ERRCODE = 'P0001', HINT = 'ledger_balance_guard';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER ledger_balances_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_balances
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_balances_guard();
CREATE TRIGGER ledger_balances_no_truncate BEFORE TRUNCATE ON ledger_balances
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE FUNCTION ledger_open_balances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_balances (account_id) SELECT id FROM new_accounts;
    RETURN NULL;
END $$;

CREATE TRIGGER ledger_accounts_open_balances AFTER INSERT ON ledger_accounts
    REFERENCING NEW TABLE AS new_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_open_balances();

-- How much an account may still give: its posted balance on its normal side, less the
-- pending movements against that side (holds reserve funds; pending inflows do not count).
CREATE FUNCTION ledger_available_minor(
    normal_side ledger_side,
    posted_debits bigint, posted_credits bigint,
    pending_debits bigint, pending_credits bigint
) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE normal_side
        WHEN 'debit' THEN posted_debits - posted_credits - pending_credits
        ELSE posted_credits - posted_debits - pending_debits
    END
$$;

-- Adds per-account deltas to the running balances in one UPDATE (hot accounts such as the
-- platform's fee income are hit by every distribution, so one row update per account per
-- statement, not per posting), then refuses any must-not-go-negative account whose available
-- balance fell below zero.
CREATE FUNCTION ledger_apply_deltas(
    account_ids bigint[],
    posted_debits bigint[], posted_credits bigint[],
    pending_debits bigint[], pending_credits bigint[]
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    overdrawn text;
BEGIN
    WITH deltas AS (
        SELECT * FROM unnest(account_ids, posted_debits, posted_credits, pending_debits, pending_credits)
            AS d(account_id, pd, pc, nd, nc)
    ), updated AS (
        UPDATE ledger_balances b SET
            posted_debits_minor = b.posted_debits_minor + d.pd,
            posted_credits_minor = b.posted_credits_minor + d.pc,
            pending_debits_minor = b.pending_debits_minor + d.nd,
            pending_credits_minor = b.pending_credits_minor + d.nc
        FROM deltas d
        WHERE b.account_id = d.account_id
        RETURNING b.*
    )
    SELECT a.code INTO overdrawn
    FROM updated u CROSS JOIN LATERAL (
        SELECT id, code, normal_side, must_not_go_negative FROM ledger_accounts WHERE id = u.account_id
    ) AS a
    WHERE a.must_not_go_negative
      AND ledger_available_minor(a.normal_side, u.posted_debits_minor, u.posted_credits_minor,
                                 u.pending_debits_minor, u.pending_credits_minor) < 0
    ORDER BY a.id
    LIMIT 1;
    IF overdrawn IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: account % must not go negative', overdrawn
            USING ERRCODE = 'P0001', HINT = 'ledger_must_not_go_negative';
    END IF;
END $$;

CREATE FUNCTION ledger_postings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stray bigint;
BEGIN
    -- A posting belongs to an entry written by this same transaction and copies its phase
    -- and date: nobody can add legs to an entry that is already booked.
    SELECT p.entry_id INTO stray
    FROM (SELECT DISTINCT entry_id, phase, effective_date FROM new_postings) AS p
    CROSS JOIN LATERAL (
        SELECT id, phase, effective_date, created_xact_id FROM ledger_entries WHERE id = p.entry_id OFFSET 0
    ) AS e
    WHERE e.created_xact_id <> pg_current_xact_id()
       OR e.id <= ledger_checked_upto()
       OR p.phase <> e.phase
       OR p.effective_date <> e.effective_date
    LIMIT 1;
    IF stray IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: postings of entry % must be written with it, in its phase and on its date', stray
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

CREATE TRIGGER ledger_postings_apply AFTER INSERT ON ledger_postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_inserted();

-- Every entry balances per currency and has at least two postings; a reversal mirrors the
-- entry it reverses with every side swapped. Checked at commit, once all postings are in.
--
-- A constraint trigger fires once per entry, but checking entry by entry would cost two
-- queries per entry. Instead the first firing checks every entry this transaction wrote
-- that is not yet checked, in a few set-based queries, and records the highest id it
-- checked in a transaction-local setting; the other firings see that and return at once.
-- Postings for an entry already checked are refused (see ledger_postings_inserted), so a
-- check can never be outrun by a later posting.
CREATE INDEX ledger_entries_transaction ON ledger_entries (created_xact_id, id);

CREATE FUNCTION ledger_checked_upto() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('prorata.ledger_checked_upto', true), '')::bigint, 0)
$$;

CREATE FUNCTION ledger_check_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    checked bigint := ledger_checked_upto();
    unchecked bigint[];
    bad record;
BEGIN
    IF NEW.id <= checked THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(id ORDER BY id) INTO unchecked
    FROM ledger_entries
    WHERE created_xact_id = pg_current_xact_id() AND id > checked;

    -- One index probe per entry (LATERAL, fenced): see "Plans and table growth" below.
    SELECT c.id, x.postings, x.unbalanced INTO bad
    FROM unnest(unchecked) AS c(id)
    CROSS JOIN LATERAL (
        SELECT coalesce(sum(g.n), 0) AS postings,
               min(g.currency) FILTER (WHERE g.net <> 0) AS unbalanced
        FROM (SELECT p.currency, count(*) AS n,
                     sum(CASE p.side WHEN 'debit' THEN p.amount_minor ELSE -p.amount_minor END) AS net
              FROM ledger_postings p WHERE p.entry_id = c.id
              GROUP BY p.currency
              OFFSET 0) AS g
    ) AS x
    WHERE x.postings < 2 OR x.unbalanced IS NOT NULL
    ORDER BY c.id LIMIT 1;
    IF bad.id IS NOT NULL AND bad.postings < 2 THEN
        RAISE EXCEPTION 'ledger: entry % has % posting(s); an entry needs at least two', bad.id, bad.postings
            USING ERRCODE = 'P0001', HINT = 'ledger_unbalanced';
    END IF;
    IF bad.id IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: entry % does not balance in %: debits and credits differ', bad.id, bad.unbalanced
            USING ERRCODE = 'P0001', HINT = 'ledger_unbalanced';
    END IF;

    FOR bad IN SELECT c.id, e.reverses
               FROM unnest(unchecked) AS c(id)
               CROSS JOIN LATERAL (SELECT reverses FROM ledger_entries WHERE id = c.id OFFSET 0) AS e
               WHERE e.reverses IS NOT NULL ORDER BY c.id LOOP
        PERFORM ledger_check_reversal(bad.id, bad.reverses);
    END LOOP;

    -- Transaction-local. (A superuser can bypass any trigger; these checks guard against
    -- mistakes and careless scripts, and the Rust side checks every entry before writing.)
    PERFORM set_config('prorata.ledger_checked_upto', unchecked[array_upper(unchecked, 1)]::text, true);
    RETURN NULL;
END $$;

-- A reversal mirrors a posted entry with every side swapped.
CREATE FUNCTION ledger_check_reversal(reversal bigint, original bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    mismatched bigint;
BEGIN
    IF (SELECT phase FROM ledger_entries WHERE id = original) <> 'posted'
       OR (SELECT phase FROM ledger_entries WHERE id = reversal) <> 'posted' THEN
        RAISE EXCEPTION 'ledger: entry % reverses a pending entry; a hold is voided, not reversed', reversal
            USING ERRCODE = 'P0001', HINT = 'ledger_bad_reversal';
    END IF;
    SELECT count(*) INTO mismatched FROM (
        (SELECT account_id, CASE side WHEN 'debit' THEN 'credit'::ledger_side ELSE 'debit' END, amount_minor
           FROM ledger_postings WHERE entry_id = original
         EXCEPT ALL
         SELECT account_id, side, amount_minor FROM ledger_postings WHERE entry_id = reversal)
        UNION ALL
        (SELECT account_id, side, amount_minor FROM ledger_postings WHERE entry_id = reversal
         EXCEPT ALL
         SELECT account_id, CASE side WHEN 'debit' THEN 'credit'::ledger_side ELSE 'debit' END, amount_minor
           FROM ledger_postings WHERE entry_id = original)
    ) AS difference;
    IF mismatched > 0 THEN
        RAISE EXCEPTION 'ledger: entry % does not mirror entry % that it reverses', reversal, original
            USING ERRCODE = 'P0001', HINT = 'ledger_bad_reversal';
    END IF;
END $$;

CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entries();

-- Resolving a hold releases its pending amounts at once.
CREATE FUNCTION ledger_holds_resolved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    not_a_hold bigint;
BEGIN
    SELECT r.pending_entry_id INTO not_a_hold
    FROM new_resolutions r JOIN ledger_entries e ON e.id = r.pending_entry_id
    WHERE e.phase <> 'pending'
    LIMIT 1;
    IF not_a_hold IS NOT NULL THEN
        RAISE EXCEPTION 'ledger: entry % is not a hold, so it cannot be posted or voided', not_a_hold
            USING ERRCODE = 'P0001', HINT = 'ledger_not_a_hold';
    END IF;
    PERFORM ledger_apply_deltas(array_agg(account_id), array_agg(0::bigint), array_agg(0::bigint),
                                array_agg(-nd), array_agg(-nc))
    FROM (
        SELECT p.account_id,
            coalesce(sum(p.amount_minor) FILTER (WHERE p.side = 'debit'), 0)::bigint AS nd,
            coalesce(sum(p.amount_minor) FILTER (WHERE p.side = 'credit'), 0)::bigint AS nc
        FROM new_resolutions r JOIN ledger_postings p ON p.entry_id = r.pending_entry_id
        GROUP BY p.account_id
    ) d;
    RETURN NULL;
END $$;

CREATE TRIGGER ledger_hold_resolutions_release AFTER INSERT ON ledger_hold_resolutions
    REFERENCING NEW TABLE AS new_resolutions
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_holds_resolved();

-- A posted hold is replaced by a posted entry with exactly its legs. Checked at commit.
CREATE FUNCTION ledger_check_resolution() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mismatched bigint;
BEGIN
    IF NEW.outcome = 'voided' THEN
        RETURN NULL;
    END IF;
    IF (SELECT phase FROM ledger_entries WHERE id = NEW.posted_entry_id) <> 'posted' THEN
        RAISE EXCEPTION 'ledger: hold % must be replaced by a posted entry', NEW.pending_entry_id
            USING ERRCODE = 'P0001', HINT = 'ledger_bad_hold_posting';
    END IF;
    SELECT count(*) INTO mismatched FROM (
        (SELECT account_id, side, amount_minor FROM ledger_postings WHERE entry_id = NEW.pending_entry_id
         EXCEPT ALL
         SELECT account_id, side, amount_minor FROM ledger_postings WHERE entry_id = NEW.posted_entry_id)
        UNION ALL
        (SELECT account_id, side, amount_minor FROM ledger_postings WHERE entry_id = NEW.posted_entry_id
         EXCEPT ALL
         SELECT account_id, side, amount_minor FROM ledger_postings WHERE entry_id = NEW.pending_entry_id)
    ) AS difference;
    IF mismatched > 0 THEN
        RAISE EXCEPTION 'ledger: entry % does not carry exactly the legs of hold %', NEW.posted_entry_id, NEW.pending_entry_id
            USING ERRCODE = 'P0001', HINT = 'ledger_bad_hold_posting';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_hold_resolutions_checked AFTER INSERT ON ledger_hold_resolutions
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_resolution();

-- Recomputes every account's balances from its postings and lists the accounts whose stored
-- running balances differ. No row means the invariant holds.
CREATE FUNCTION ledger_balance_mismatches() RETURNS TABLE (account_id bigint, code text)
LANGUAGE sql STABLE AS $$
    WITH open_postings AS (
        SELECT p.account_id, p.side, p.amount_minor,
            CASE WHEN p.phase = 'pending' AND r.pending_entry_id IS NOT NULL THEN 'resolved'
                 ELSE p.phase::text END AS state
        FROM ledger_postings p
        LEFT JOIN ledger_hold_resolutions r ON r.pending_entry_id = p.entry_id
    ), computed AS (
        SELECT a.id AS account_id, a.code,
            coalesce(sum(o.amount_minor) FILTER (WHERE o.state = 'posted' AND o.side = 'debit'), 0)::bigint AS pd,
            coalesce(sum(o.amount_minor) FILTER (WHERE o.state = 'posted' AND o.side = 'credit'), 0)::bigint AS pc,
            coalesce(sum(o.amount_minor) FILTER (WHERE o.state = 'pending' AND o.side = 'debit'), 0)::bigint AS nd,
            coalesce(sum(o.amount_minor) FILTER (WHERE o.state = 'pending' AND o.side = 'credit'), 0)::bigint AS nc
        FROM ledger_accounts a LEFT JOIN open_postings o ON o.account_id = a.id
        GROUP BY a.id, a.code
    )
    SELECT c.account_id, c.code
    FROM computed c JOIN ledger_balances b ON b.account_id = c.account_id
    WHERE (b.posted_debits_minor, b.posted_credits_minor, b.pending_debits_minor, b.pending_credits_minor)
          IS DISTINCT FROM (c.pd, c.pc, c.nd, c.nc)
    ORDER BY c.account_id
$$;

-- Plans and table growth. PL/pgSQL caches a generic plan per statement; one cached while the
-- ledger was small must stay right when it is large. The statements that look rows up by
-- entry or key are written as LATERAL subqueries fenced with OFFSET 0, so every plan is a
-- loop of index probes driven by the (small) set of new rows, never a hash join over a
-- whole table. The hold functions, which handle one hold at a time, simply plan afresh.
ALTER FUNCTION ledger_holds_resolved() SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION ledger_check_resolution() SET plan_cache_mode = force_custom_plan;
