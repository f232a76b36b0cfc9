-- Paying people (DESIGN §6), first part: the organisation's bank accounts, remittances (cash
-- in against a deal's receivable) and withdrawal requests (a hold on a payee's payable until
-- the bank has paid). Each rule is also checked in Rust first; these are the second line,
-- against any client connected as the application's role.

ALTER TABLE deals ADD CONSTRAINT deals_program_id_id_currency_key UNIQUE (program_id, id, currency);
ALTER TABLE ledger_accounts
    ADD CONSTRAINT ledger_accounts_program_id_id_currency_key UNIQUE (program_id, id, currency);

CREATE TABLE bank_accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    -- Never all digits, so that an id and a name never read alike.
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200 AND name !~ '^[0-9]+$'),
    currency text NOT NULL REFERENCES ledger_currencies (code),
    -- Sealed with the data key (prorata-store::crypto); only its last four in clear.
    account_number_sealed bytea NOT NULL CHECK (length(account_number_sealed) > 28),
    account_number_last4 text NOT NULL CHECK (account_number_last4 ~ '^[A-Za-z0-9]{1,4}$'),
    is_iban boolean NOT NULL,
    bic text CHECK (bic ~ '^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
    bank_name text CHECK (length(btrim(bank_name)) BETWEEN 1 AND 140),
    created_by text NOT NULL,
    created_by_id bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    UNIQUE (program_id, name),
    UNIQUE (program_id, id),
    UNIQUE (program_id, id, currency)
);

CREATE TABLE remittances (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    deal_id bigint NOT NULL,
    bank_id bigint NOT NULL,
    currency text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('profit', 'proceeds')),
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    remitted_on date NOT NULL,
    reference text CHECK (length(btrim(reference)) BETWEEN 1 AND 140),
    journal_entry_id bigint NOT NULL UNIQUE,
    recorded_by text NOT NULL,
    recorded_by_id bigint NOT NULL REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    -- The deal's currency is the bank's: nothing converts.
    FOREIGN KEY (program_id, deal_id, currency) REFERENCES deals (program_id, id, currency),
    FOREIGN KEY (program_id, bank_id, currency) REFERENCES bank_accounts (program_id, id, currency),
    FOREIGN KEY (program_id, journal_entry_id) REFERENCES ledger_entries (program_id, id)
);
CREATE INDEX remittances_deal ON remittances (deal_id, remitted_on);

CREATE TABLE withdrawals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    -- The payable drawn on: an owed-account (a liability that must not go negative).
    payee_account_id bigint NOT NULL,
    currency text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    status text NOT NULL CHECK (status IN
        ('pending', 'approved', 'rejected', 'cancelled', 'sent', 'paid', 'failed')),
    -- The pending entry that reserves the amount: Dr the payable / Cr payout:clearing.
    hold_entry_id bigint NOT NULL UNIQUE,
    -- The payee's bank details as given with the request, sealed; only the last four and
    -- the bank's name in clear.
    bank_name text NOT NULL CHECK (length(btrim(bank_name)) BETWEEN 1 AND 140),
    account_name_sealed bytea NOT NULL CHECK (length(account_name_sealed) > 28),
    account_number_sealed bytea NOT NULL CHECK (length(account_number_sealed) > 28),
    account_number_last4 text NOT NULL CHECK (account_number_last4 ~ '^[A-Za-z0-9]{1,4}$'),
    is_iban boolean NOT NULL,
    requested_by text NOT NULL,
    requested_by_id bigint NOT NULL REFERENCES users (id),
    requested_at timestamptz NOT NULL,
    decided_by text,
    decided_by_id bigint REFERENCES users (id),
    decided_at timestamptz,
    reject_reason text CHECK (length(btrim(reject_reason)) BETWEEN 1 AND 2000),
    cancelled_by text,
    cancelled_by_id bigint REFERENCES users (id),
    cancelled_at timestamptz,
    FOREIGN KEY (program_id, payee_account_id, currency)
        REFERENCES ledger_accounts (program_id, id, currency),
    FOREIGN KEY (program_id, hold_entry_id) REFERENCES ledger_entries (program_id, id),
    UNIQUE (program_id, id),
    -- Maker-checker: whoever entered a request never decides it, whatever roles they hold.
    CONSTRAINT withdrawal_checker_is_not_maker CHECK (decided_by <> requested_by),
    CONSTRAINT withdrawal_checker_is_not_maker_by_id CHECK (decided_by_id <> requested_by_id),
    CONSTRAINT withdrawal_decided_past_pending CHECK (status IN ('pending', 'cancelled') OR decided_by IS NOT NULL),
    CONSTRAINT withdrawal_rejected_with_a_reason CHECK ((status = 'rejected') = (reject_reason IS NOT NULL)),
    CONSTRAINT withdrawal_cancelled_by_someone CHECK ((status = 'cancelled') = (cancelled_by IS NOT NULL))
);
CREATE INDEX withdrawals_status ON withdrawals (program_id, status, id);
CREATE INDEX withdrawals_payee ON withdrawals (payee_account_id, id);

-- Who acted, by id, set from the name (as …15 does for deals), and holding the act's role in
-- the program at that moment (as …12 does).
CREATE FUNCTION payout_acts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who text;
    wanted control_role[];
BEGIN
    IF TG_TABLE_NAME = 'bank_accounts' THEN
        NEW.created_by_id := act_user_id(TG_TABLE_NAME, 'created_by', NEW.created_by);
        who := NEW.created_by; wanted := '{admin}';
    ELSIF TG_TABLE_NAME = 'remittances' THEN
        NEW.recorded_by_id := act_user_id(TG_TABLE_NAME, 'recorded_by', NEW.recorded_by);
        who := NEW.recorded_by; wanted := '{officer}';
    ELSE
        NEW.requested_by_id := act_user_id(TG_TABLE_NAME, 'requested_by', NEW.requested_by);
        NEW.decided_by_id := act_user_id(TG_TABLE_NAME, 'decided_by', NEW.decided_by);
        NEW.cancelled_by_id := act_user_id(TG_TABLE_NAME, 'cancelled_by', NEW.cancelled_by);
        IF TG_OP = 'INSERT' THEN
            who := NEW.requested_by; wanted := '{officer}';
        ELSIF NEW.decided_by IS DISTINCT FROM OLD.decided_by THEN
            who := NEW.decided_by; wanted := '{approver}';
        ELSIF NEW.cancelled_by IS DISTINCT FROM OLD.cancelled_by THEN
            who := NEW.cancelled_by; wanted := '{officer,approver}';
        END IF;
    END IF;
    IF who IS NOT NULL AND NOT user_holds_role(NEW.program_id, who, wanted) THEN
        RAISE EXCEPTION '%: % is not a user holding % in this program', TG_TABLE_NAME, who, wanted
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER bank_accounts_acts BEFORE INSERT ON bank_accounts
    FOR EACH ROW EXECUTE FUNCTION payout_acts();
CREATE TRIGGER remittances_acts BEFORE INSERT ON remittances
    FOR EACH ROW EXECUTE FUNCTION payout_acts();
CREATE TRIGGER withdrawals_acts BEFORE INSERT OR UPDATE ON withdrawals
    FOR EACH ROW EXECUTE FUNCTION payout_acts();

-- Bank accounts and remittances are facts: never changed, never deleted (the application's
-- role holds no UPDATE on them either).
CREATE FUNCTION payouts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% are append-only (%)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER bank_accounts_append_only BEFORE UPDATE OR DELETE ON bank_accounts
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_accounts_no_truncate BEFORE TRUNCATE ON bank_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER remittances_append_only BEFORE UPDATE OR DELETE ON remittances
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER remittances_no_truncate BEFORE TRUNCATE ON remittances
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER withdrawals_no_truncate BEFORE TRUNCATE ON withdrawals
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();

-- A remittance is its entry, Dr its bank / Cr its deal's receivable of its amount, and it
-- never takes the receivable below zero: checked at commit, when the entry's postings and
-- every concurrent remittance's are in.
CREATE FUNCTION remittances_booked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    receivable text := 'deal:' || NEW.deal_id || ':' || NEW.kind || '_receivable';
    legs_match boolean;
    left_minor bigint;
BEGIN
    SELECT count(*) = 2
       AND bool_and(p.amount_minor = NEW.amount_minor AND p.currency = NEW.currency
                    AND p.phase = 'posted'
                    AND ((p.side = 'debit' AND a.code = 'bank:' || NEW.bank_id)
                      OR (p.side = 'credit' AND a.code = receivable)))
       AND count(DISTINCT p.side) = 2
      INTO legs_match
    FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
    WHERE p.entry_id = NEW.journal_entry_id;
    IF NOT coalesce(legs_match, false) THEN
        RAISE EXCEPTION 'remittance %: entry % is not Dr bank:% / Cr % of its amount',
            NEW.id, NEW.journal_entry_id, NEW.bank_id, receivable
            USING ERRCODE = 'check_violation', HINT = 'remittance_entry';
    END IF;
    SELECT b.posted_debits_minor - b.posted_credits_minor INTO left_minor
    FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
    WHERE a.program_id = NEW.program_id AND a.code = receivable AND a.currency = NEW.currency;
    IF coalesce(left_minor, 0) < 0 THEN
        RAISE EXCEPTION 'remittance %: % would be below zero (% minor units)', NEW.id, receivable, left_minor
            USING ERRCODE = 'check_violation', HINT = 'remittance_exceeds_receivable';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER remittances_booked AFTER INSERT ON remittances
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION remittances_booked();

-- A withdrawal's hold is its pending entry, Dr its payable / Cr payout:clearing of its
-- amount, on a payable (an account that must not go negative, so the ledger itself refuses
-- a hold beyond what is available); a request that no longer holds funds has its hold
-- resolved (paid: posted; rejected, cancelled, failed: voided), checked at commit.
CREATE FUNCTION withdrawals_held() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    legs_match boolean;
    outcome ledger_hold_outcome;
BEGIN
    SELECT count(*) = 2
       AND bool_and(p.amount_minor = NEW.amount_minor AND p.currency = NEW.currency
                    AND p.phase = 'pending'
                    AND ((p.side = 'debit' AND a.id = NEW.payee_account_id AND a.must_not_go_negative)
                      OR (p.side = 'credit' AND a.code = 'payout:clearing')))
       AND count(DISTINCT p.side) = 2
      INTO legs_match
    FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
    WHERE p.entry_id = NEW.hold_entry_id;
    IF NOT coalesce(legs_match, false) THEN
        RAISE EXCEPTION 'withdrawal %: entry % is not a hold Dr its payable / Cr payout:clearing of its amount',
            NEW.id, NEW.hold_entry_id
            USING ERRCODE = 'check_violation', HINT = 'withdrawal_hold';
    END IF;
    SELECT r.outcome INTO outcome FROM ledger_hold_resolutions r WHERE r.pending_entry_id = NEW.hold_entry_id;
    IF (NEW.status IN ('pending', 'approved', 'sent') AND outcome IS NOT NULL)
       OR (NEW.status = 'paid' AND outcome IS DISTINCT FROM 'posted')
       OR (NEW.status IN ('rejected', 'cancelled', 'failed') AND outcome IS DISTINCT FROM 'voided') THEN
        RAISE EXCEPTION 'withdrawal % is % but its hold % is %', NEW.id, NEW.status, NEW.hold_entry_id,
            coalesce(outcome::text, 'unresolved')
            USING ERRCODE = 'check_violation', HINT = 'withdrawal_hold_state';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER withdrawals_held AFTER INSERT OR UPDATE ON withdrawals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION withdrawals_held();

-- A request moves forward only (the domain's `WithdrawalStatus::after`), its amount, payee,
-- hold and bank details never change, and it is never deleted.
CREATE FUNCTION withdrawals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'withdrawals are never deleted (withdrawal %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NOT (NEW.status = OLD.status
            OR (OLD.status = 'pending' AND NEW.status IN ('approved', 'rejected', 'cancelled'))
            OR (OLD.status = 'approved' AND NEW.status IN ('cancelled', 'sent'))
            OR (OLD.status = 'sent' AND NEW.status IN ('paid', 'failed'))) THEN
        RAISE EXCEPTION 'withdrawal %: % cannot become %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation', HINT = 'withdrawal_transition';
    END IF;
    IF (OLD.decided_by IS NOT NULL AND NEW.decided_by IS DISTINCT FROM OLD.decided_by)
       OR (OLD.cancelled_by IS NOT NULL AND NEW.cancelled_by IS DISTINCT FROM OLD.cancelled_by) THEN
        RAISE EXCEPTION 'withdrawal %: a decision is written once', OLD.id
            USING ERRCODE = 'check_violation', HINT = 'withdrawal_transition';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER withdrawals_guard BEFORE UPDATE OR DELETE ON withdrawals
    FOR EACH ROW EXECUTE FUNCTION withdrawals_guard();

GRANT UPDATE (status, decided_by, decided_at, reject_reason, cancelled_by, cancelled_at)
    ON withdrawals TO prorata_app;
