-- The members of a distribution network (DESIGN §8): each with a role, a scheme and an upline
-- whose role is strictly higher; admins at the top, without an upline, and everyone else
-- with one. An upline exists before its member, so no member is its own ancestor.

CREATE TABLE network_members (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200 AND name !~ '^[0-9]+$'),
    role network_role NOT NULL,
    upline_id bigint CHECK (upline_id < id),
    scheme_id bigint NOT NULL,
    added_by text NOT NULL,
    added_by_id bigint REFERENCES users (id),
    added_at timestamptz NOT NULL,
    CONSTRAINT network_member_upline_unless_admin CHECK ((role = 'admin') = (upline_id IS NULL)),
    UNIQUE (program_id, name),
    UNIQUE (program_id, id),
    FOREIGN KEY (program_id, upline_id) REFERENCES network_members (program_id, id),
    FOREIGN KEY (program_id, scheme_id) REFERENCES commission_schemes (program_id, id)
);
CREATE INDEX network_members_downline ON network_members (upline_id);

-- A member is added by an officer or an admin, below an upline whose role is strictly higher.
CREATE FUNCTION network_member_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    upline_role network_role;
BEGIN
    NEW.added_by_id := act_user_id(TG_TABLE_NAME, 'added_by', NEW.added_by);
    IF NOT user_holds_role(NEW.program_id, NEW.added_by, '{officer,admin}') THEN
        RAISE EXCEPTION 'network_members: % is not a user holding {officer,admin} in this program', NEW.added_by
            USING ERRCODE = 'check_violation', HINT = 'act_by_role_holder';
    END IF;
    IF NEW.upline_id IS NOT NULL THEN
        SELECT role INTO upline_role FROM network_members WHERE id = NEW.upline_id;
        IF upline_role IS NOT NULL AND upline_role >= NEW.role THEN
            RAISE EXCEPTION 'network member %: a % is not above a %: an upline''s role is strictly higher',
                NEW.name, upline_role, NEW.role
                USING ERRCODE = 'check_violation', HINT = 'network_upline';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER network_members_added BEFORE INSERT ON network_members
    FOR EACH ROW EXECUTE FUNCTION network_member_added();

CREATE TRIGGER network_members_append_only BEFORE UPDATE OR DELETE ON network_members
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER network_members_no_truncate BEFORE TRUNCATE ON network_members
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON network_members FROM prorata_app;
