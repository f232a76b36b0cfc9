-- Two database roles. Migrations run as the store's owner (the role the store is opened
-- with), which owns every table, trigger and function. The application itself works as
-- `prorata_app`: no superuser, not an owner, so it cannot create, alter or drop anything,
-- disable a trigger, truncate a table, or change a rule this schema sets; it holds only the
-- reads and writes its use cases make. On the local store it signs in as `prorata_app`
-- directly; on a remote server the owner's sessions `SET ROLE prorata_app` (README: a
-- database administrator creates the role and grants it to the owner first).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'prorata_app') THEN
        CREATE ROLE prorata_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
    IF NOT pg_has_role(current_user, 'prorata_app', 'MEMBER') THEN
        EXECUTE format('GRANT prorata_app TO %I', current_user);
    END IF;
END $$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO prorata_app;

-- Reads and writes; tables made by later migrations get the same.
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO prorata_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO prorata_app;

-- What is only ever appended is never updated, and what is fixed is never written, by the
-- application's role: PostgreSQL's privileges refuse it before any trigger is reached.
REVOKE UPDATE ON ledger_entries, ledger_postings, ledger_accounts, ledger_hold_resolutions,
    audit_log FROM prorata_app;
REVOKE INSERT, UPDATE ON ledger_currencies FROM prorata_app;
DO $$
BEGIN
    -- The migration runner's own table, where it exists (not when a script applies these).
    IF to_regclass('_sqlx_migrations') IS NOT NULL THEN
        REVOKE INSERT, UPDATE ON _sqlx_migrations FROM prorata_app;
    END IF;
END $$;

-- Resolving or reversing an entry locks its row (`SELECT … FOR UPDATE`), which PostgreSQL
-- allows only with an UPDATE privilege on some column: one column's, which the append-only
-- trigger still refuses to change.
GRANT UPDATE (id) ON ledger_entries TO prorata_app;

-- Revoking a role is the one delete the application makes.
GRANT DELETE ON role_grants TO prorata_app;

-- Statistics: only a table's owner may ANALYZE it, and bulk jobs refresh them as they grow
-- (prorata-store::deals::refresh_statistics). This runs ANALYZE as the owner, on tables of
-- this schema only, named or all.
CREATE FUNCTION store_refresh_statistics(tables text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables
             WHERE schemaname = 'public' AND (tables IS NULL OR tablename = ANY (tables))
             ORDER BY tablename LOOP
        EXECUTE format('ANALYZE %I', t);
    END LOOP;
END $$;
REVOKE ALL ON FUNCTION store_refresh_statistics(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION store_refresh_statistics(text[]) TO prorata_app;
