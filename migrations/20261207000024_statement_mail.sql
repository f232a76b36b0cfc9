-- Statements by e-mail: the program's SMTP server (its password is in the OS keyring, never
-- here), and every send of an issued document: who, when, to which sealed address, which
-- document and what the server answered. A document is sent once: a send is claimed
-- ('sending') and committed before the message goes out, so that no rerun can send it again,
-- and then marked sent or failed.

CREATE TABLE mail_settings (
    program_id bigint PRIMARY KEY REFERENCES programs (id),
    host text NOT NULL CHECK (host ~ '^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$'),
    port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security text NOT NULL CHECK (security IN ('starttls', 'tls', 'none')),
    username text CHECK (length(btrim(username)) BETWEEN 1 AND 200),
    from_address text NOT NULL CHECK (from_address ~ '^[^@\s]+@[^@\s]+$' AND length(from_address) <= 320),
    -- A certificate authority the organisation trusts besides the system's, as PEM.
    extra_root_pem text CHECK (length(extra_root_pem) BETWEEN 1 AND 65536),
    updated_by text NOT NULL,
    updated_by_id bigint REFERENCES users (id),
    updated_at timestamptz NOT NULL
);

CREATE TABLE statement_sends (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    statement_id bigint NOT NULL,
    to_address_sealed bytea NOT NULL CHECK (length(to_address_sealed) > 28),
    status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    server_response text CHECK (length(server_response) <= 2000),
    started_by text NOT NULL,
    started_by_id bigint REFERENCES users (id),
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    FOREIGN KEY (program_id, statement_id) REFERENCES statements (program_id, id),
    CONSTRAINT statement_send_finished_when_done CHECK ((status = 'sending') = (finished_at IS NULL))
);
-- One live or successful send per document: a second claim of the same document fails.
CREATE UNIQUE INDEX statement_sent_once ON statement_sends (statement_id)
    WHERE status IN ('sending', 'sent');

CREATE FUNCTION mail_acts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'mail_settings' THEN
        NEW.updated_by_id := act_user_id(TG_TABLE_NAME, 'updated_by', NEW.updated_by);
        IF NOT user_holds_role(NEW.program_id, NEW.updated_by, '{admin}') THEN
            RAISE EXCEPTION '%: % is not a user holding admin in this program', TG_TABLE_NAME, NEW.updated_by
                USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- A send moves once, from sending to sent or failed; nothing else of it changes.
        IF OLD.status <> 'sending' OR NEW.status = 'sending'
           OR (NEW.id, NEW.program_id, NEW.statement_id, NEW.to_address_sealed, NEW.started_by, NEW.started_at)
              IS DISTINCT FROM (OLD.id, OLD.program_id, OLD.statement_id, OLD.to_address_sealed, OLD.started_by, OLD.started_at) THEN
            RAISE EXCEPTION 'statement_sends: send % cannot go from % to %', OLD.id, OLD.status, NEW.status
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    NEW.started_by_id := act_user_id(TG_TABLE_NAME, 'started_by', NEW.started_by);
    IF NEW.status <> 'sending' THEN
        RAISE EXCEPTION 'statement_sends: a send starts as sending' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT user_holds_role(NEW.program_id, NEW.started_by, '{officer}') THEN
        RAISE EXCEPTION '%: % is not a user holding officer in this program', TG_TABLE_NAME, NEW.started_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER mail_settings_acts BEFORE INSERT OR UPDATE ON mail_settings
    FOR EACH ROW EXECUTE FUNCTION mail_acts();
CREATE TRIGGER statement_sends_acts BEFORE INSERT OR UPDATE ON statement_sends
    FOR EACH ROW EXECUTE FUNCTION mail_acts();
CREATE TRIGGER statement_sends_no_delete BEFORE DELETE ON statement_sends
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER statement_sends_no_truncate BEFORE TRUNCATE ON statement_sends
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();

GRANT UPDATE (host, port, security, username, from_address, extra_root_pem, updated_by, updated_at)
    ON mail_settings TO prorata_app;
GRANT UPDATE (status, server_response, finished_at) ON statement_sends TO prorata_app;
REVOKE DELETE, TRUNCATE ON mail_settings, statement_sends FROM prorata_app;
