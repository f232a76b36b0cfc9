-- Issued documents: investor statements and distribution notices. Each is recorded once, with
-- the SHA-256 of its bytes (what `statement verify` compares a file with), the digest of what
-- it says, and its bytes sealed under the data key (a statement names a person and their
-- money), so that issuing it again returns exactly the document first issued.

CREATE TABLE statements (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    -- The id printed on every page: STMT-{program}-{investor}-{currency}-{from}-{to} or
    -- NOTE-{program}-{distribution}-{investor}.
    document_id text NOT NULL CHECK (document_id ~ '^(STMT|NOTE)-[A-Z0-9-]{1,100}$'),
    kind text NOT NULL CHECK (kind IN ('investor_statement', 'distribution_notice')),
    investor_id bigint NOT NULL,
    currency text NOT NULL REFERENCES ledger_currencies (code),
    period_from date,
    period_to date,
    closing_balance_minor bigint,
    distribution_id bigint,
    sha256 bytea NOT NULL CHECK (length(sha256) = 32),
    content_digest bytea NOT NULL CHECK (length(content_digest) = 32),
    size_bytes integer NOT NULL CHECK (size_bytes > 0),
    pages integer NOT NULL CHECK (pages BETWEEN 1 AND 500),
    document_sealed bytea NOT NULL CHECK (length(document_sealed) > 28),
    issued_on date NOT NULL,
    issued_by text NOT NULL,
    issued_by_id bigint REFERENCES users (id),
    issued_at timestamptz NOT NULL,
    UNIQUE (program_id, document_id),
    UNIQUE (program_id, id),
    FOREIGN KEY (program_id, investor_id) REFERENCES investors (program_id, id),
    FOREIGN KEY (program_id, distribution_id) REFERENCES distributions (program_id, id),
    CONSTRAINT statement_has_its_period CHECK (
        (kind = 'investor_statement') = (period_from IS NOT NULL AND period_to IS NOT NULL
                                         AND closing_balance_minor IS NOT NULL)),
    CONSTRAINT notice_has_its_distribution CHECK (
        (kind = 'distribution_notice') = (distribution_id IS NOT NULL)),
    CONSTRAINT statement_period_in_order CHECK (period_from <= period_to),
    CONSTRAINT statement_issued_after_its_period CHECK (period_to IS NULL OR issued_on >= period_to)
);
CREATE INDEX statements_sha256 ON statements (sha256);
CREATE INDEX statements_investor ON statements (program_id, investor_id, id);

-- Who issued a document is a user holding the officer's role in the program, by id as well
-- as by name (set here, never by a client).
CREATE FUNCTION statement_acts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.issued_by_id := act_user_id(TG_TABLE_NAME, 'issued_by', NEW.issued_by);
    IF NOT user_holds_role(NEW.program_id, NEW.issued_by, '{officer}') THEN
        RAISE EXCEPTION '%: % is not a user holding officer in this program', TG_TABLE_NAME, NEW.issued_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER statements_acts BEFORE INSERT ON statements
    FOR EACH ROW EXECUTE FUNCTION statement_acts();

-- An issued document is a fact: never changed, never deleted, never truncated.
CREATE TRIGGER statements_append_only BEFORE UPDATE OR DELETE ON statements
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER statements_no_truncate BEFORE TRUNCATE ON statements
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();

-- The default privileges give the application SELECT and INSERT, and nothing else here.
REVOKE UPDATE, DELETE, TRUNCATE ON statements FROM prorata_app;
