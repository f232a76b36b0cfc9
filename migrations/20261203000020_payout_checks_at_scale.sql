-- The payout checks at the scale of a 10,000-item batch: each stays, each costs an index probe.

-- "A withdrawal is sent, paid or failed only through its live item" looks up the item by its
-- withdrawal and status; the partial unique index cannot serve a status the planner does not
-- know, so without this each check read every item of the table.
CREATE INDEX payout_items_withdrawal ON payout_items (withdrawal_id, status);

-- The hold's legs are checked when the request is written, and again whenever what they must
-- match changes (which the application's role cannot do: its column grants leave amount,
-- payee and hold alone); a change of status only re-checks how the hold was resolved.
CREATE OR REPLACE FUNCTION withdrawals_held() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    legs_match boolean;
    outcome ledger_hold_outcome;
BEGIN
    IF TG_OP = 'INSERT'
       OR NEW.hold_entry_id IS DISTINCT FROM OLD.hold_entry_id
       OR NEW.amount_minor IS DISTINCT FROM OLD.amount_minor
       OR NEW.currency IS DISTINCT FROM OLD.currency
       OR NEW.payee_account_id IS DISTINCT FROM OLD.payee_account_id THEN
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

-- Who acted is looked up by name when the name is written; a change that leaves a name as it
-- was keeps its id as it was (the ids are never the client's to set).
CREATE OR REPLACE FUNCTION payout_acts() RETURNS trigger LANGUAGE plpgsql AS $$
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
    ELSIF TG_OP = 'INSERT' THEN
        NEW.requested_by_id := act_user_id(TG_TABLE_NAME, 'requested_by', NEW.requested_by);
        NEW.decided_by_id := act_user_id(TG_TABLE_NAME, 'decided_by', NEW.decided_by);
        NEW.cancelled_by_id := act_user_id(TG_TABLE_NAME, 'cancelled_by', NEW.cancelled_by);
        who := NEW.requested_by; wanted := '{officer}';
    ELSE
        NEW.requested_by_id := CASE WHEN NEW.requested_by IS NOT DISTINCT FROM OLD.requested_by
            THEN OLD.requested_by_id ELSE act_user_id(TG_TABLE_NAME, 'requested_by', NEW.requested_by) END;
        NEW.decided_by_id := CASE WHEN NEW.decided_by IS NOT DISTINCT FROM OLD.decided_by
            THEN OLD.decided_by_id ELSE act_user_id(TG_TABLE_NAME, 'decided_by', NEW.decided_by) END;
        NEW.cancelled_by_id := CASE WHEN NEW.cancelled_by IS NOT DISTINCT FROM OLD.cancelled_by
            THEN OLD.cancelled_by_id ELSE act_user_id(TG_TABLE_NAME, 'cancelled_by', NEW.cancelled_by) END;
        IF NEW.decided_by IS DISTINCT FROM OLD.decided_by THEN
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
