-- The application's role updates only the columns its use cases change; every other column
-- of every table is refused by PostgreSQL's privileges, naming the table. The triggers that
-- already guard these columns (forward-only statuses, maker-checker, results written once)
-- still apply on top, for the owner too. Nothing is deleted but a role grant (a revoke).

REVOKE UPDATE ON ALL TABLES IN SCHEMA public FROM prorata_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE UPDATE ON TABLES FROM prorata_app;

GRANT UPDATE (email_sealed, disabled_at, failed_sign_ins, last_failed_sign_in_at) ON users TO prorata_app;
GRANT UPDATE (status) ON deals TO prorata_app;
GRANT UPDATE (status, verified_by, verified_at) ON performance_records TO prorata_app;
GRANT UPDATE (status, approved_by, approved_at, override_reason, posted_by, posted_at,
              journal_entry_id, cancelled_by, cancelled_at, cancel_reason) ON distributions TO prorata_app;
GRANT UPDATE (payout_status) ON distribution_shares TO prorata_app;
GRANT UPDATE (email_sealed) ON investors TO prorata_app;
GRANT UPDATE (kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, sealed_data_key, rotated_at)
    ON store_keys TO prorata_app;
GRANT UPDATE (response) ON idempotency_keys TO prorata_app;
GRANT UPDATE (posted_debits_minor, posted_credits_minor, pending_debits_minor, pending_credits_minor)
    ON ledger_balances TO prorata_app;
-- Locking an entry's row (see …11); the append-only trigger refuses any change.
GRANT UPDATE (id) ON ledger_entries TO prorata_app;

-- A deal's terms are fixed once created; it only closes.
CREATE FUNCTION deals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'deals are never deleted (deal %)', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(NEW) - 'status') IS DISTINCT FROM (to_jsonb(OLD) - 'status')
       OR NOT (NEW.status = OLD.status OR (OLD.status = 'active' AND NEW.status = 'closed')) THEN
        RAISE EXCEPTION 'deal %: its terms are fixed; it only closes', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER deals_guard BEFORE UPDATE OR DELETE ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_guard();

-- Maker and checker are users of the program who hold the role for the act at that moment
-- (the same rule as the application's operation specs): a name that is no user, a user
-- disabled, or one without the role is refused, whatever the SQL says.
CREATE FUNCTION user_holds_role(program bigint, user_name text, wanted control_role[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM users u JOIN role_grants g ON g.user_id = u.id
        WHERE u.name = user_name AND u.disabled_at IS NULL
          AND g.program_id = program AND g.role = ANY (wanted))
$$;

CREATE FUNCTION acts_by_role_holders() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who text;
    wanted control_role[];
BEGIN
    IF TG_TABLE_NAME = 'performance_records' THEN
        IF TG_OP = 'INSERT' THEN
            who := NEW.recorded_by; wanted := '{officer}';
        ELSIF NEW.verified_by IS DISTINCT FROM OLD.verified_by THEN
            who := NEW.verified_by; wanted := '{approver}';
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        who := NEW.prepared_by; wanted := '{officer}';
    ELSIF NEW.approved_by IS DISTINCT FROM OLD.approved_by THEN
        who := NEW.approved_by; wanted := '{approver}';
    ELSIF NEW.posted_by IS DISTINCT FROM OLD.posted_by THEN
        who := NEW.posted_by; wanted := '{officer,approver}';
    END IF;
    IF who IS NOT NULL AND NOT user_holds_role(NEW.program_id, who, wanted) THEN
        RAISE EXCEPTION '%: % is not a user holding % in this program', TG_TABLE_NAME, who, wanted
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER performance_records_by_role_holders BEFORE INSERT OR UPDATE ON performance_records
    FOR EACH ROW EXECUTE FUNCTION acts_by_role_holders();
CREATE TRIGGER distributions_by_role_holders BEFORE INSERT OR UPDATE ON distributions
    FOR EACH ROW EXECUTE FUNCTION acts_by_role_holders();
