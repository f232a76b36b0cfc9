-- Bank statements imported for reconciliation (DESIGN §8, Reconciliation): a statement of one
-- of the program's bank accounts, in its currency, imported once (by the statement's id and by
-- the file's SHA-256), and its lines, one an entry or one a detail of a batched entry. A line
-- the bank referenced (`AcctSvcrRef`) is kept once per account however many statements
-- overlap on it.

CREATE TABLE bank_statements (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    bank_account_id bigint NOT NULL,
    currency text NOT NULL,
    -- The bank's id of the statement, and of the message that carried it.
    statement_ref text NOT NULL CHECK (length(btrim(statement_ref)) BETWEEN 1 AND 200),
    message_ref text NOT NULL CHECK (length(btrim(message_ref)) BETWEEN 1 AND 200),
    format text NOT NULL CHECK (format IN ('camt.053', 'csv')),
    file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    opening_booked_minor bigint,
    closing_booked_minor bigint,
    warnings text[] NOT NULL DEFAULT '{}',
    imported_by text NOT NULL,
    imported_by_id bigint REFERENCES users (id),
    imported_at timestamptz NOT NULL,
    UNIQUE (program_id, id),
    UNIQUE (bank_account_id, statement_ref),
    FOREIGN KEY (program_id, bank_account_id, currency) REFERENCES bank_accounts (program_id, id, currency)
);
CREATE INDEX bank_statements_by_file ON bank_statements (bank_account_id, file_sha256);

CREATE TABLE bank_lines (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    statement_id bigint NOT NULL,
    bank_account_id bigint NOT NULL,
    currency text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    credit boolean NOT NULL,
    reversal boolean NOT NULL,
    status text NOT NULL CHECK (status ~ '^[A-Z]{4}$'),
    booking_date date,
    value_date date,
    bank_transaction_code text,
    bank_reference text,
    -- 0 for a whole entry, else the detail's place in its batched entry.
    detail integer NOT NULL CHECK (detail >= 0),
    end_to_end_id text,
    instruction_id text,
    payment_information_id text,
    message_id text,
    return_reason text,
    counterparty text,
    remittance text,
    origin text NOT NULL,
    UNIQUE (program_id, id),
    FOREIGN KEY (program_id, statement_id) REFERENCES bank_statements (program_id, id)
);
CREATE UNIQUE INDEX bank_lines_once_per_reference ON bank_lines (bank_account_id, bank_reference, detail)
    WHERE bank_reference IS NOT NULL;
CREATE INDEX bank_lines_by_end_to_end ON bank_lines (bank_account_id, end_to_end_id);

-- Imported by an officer or an admin; a line in its statement's account and currency.
CREATE FUNCTION bank_statement_imported() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.imported_by_id := network_act_by(TG_TABLE_NAME, 'imported_by', NEW.program_id, NEW.imported_by);
    RETURN NEW;
END $$;
CREATE TRIGGER bank_statements_imported BEFORE INSERT ON bank_statements
    FOR EACH ROW EXECUTE FUNCTION bank_statement_imported();

CREATE FUNCTION bank_lines_of_their_statement() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    stray bigint;
BEGIN
    SELECT n.id INTO stray
    FROM new_rows n LEFT JOIN bank_statements s
      ON s.id = n.statement_id AND s.bank_account_id = n.bank_account_id AND s.currency = n.currency
    WHERE s.id IS NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'bank line %: not in its statement''s account and currency', stray
            USING ERRCODE = 'check_violation', HINT = 'bank_line';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER bank_lines_of_their_statement AFTER INSERT ON bank_lines
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bank_lines_of_their_statement();

CREATE TRIGGER bank_statements_append_only BEFORE UPDATE OR DELETE ON bank_statements
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_lines_append_only BEFORE UPDATE OR DELETE ON bank_lines
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_statements_no_truncate BEFORE TRUNCATE ON bank_statements
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_lines_no_truncate BEFORE TRUNCATE ON bank_lines
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON bank_statements, bank_lines FROM prorata_app;
