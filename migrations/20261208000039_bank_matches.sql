-- Bank lines matched to what the book expected (DESIGN §8, Reconciliation): each match names
-- the rule that made it. A line is matched once; a payout item is matched once by each rule (a
-- payment, and the bank's return of it). The item's confirmation itself goes through the
-- payouts flow's confirmation, with its own checks.

CREATE TABLE bank_matches (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    bank_line_id bigint NOT NULL UNIQUE,
    payout_item_id bigint NOT NULL,
    rule text NOT NULL CHECK (rule IN ('end_to_end_id', 'return')),
    matched_by text NOT NULL,
    matched_by_id bigint REFERENCES users (id),
    matched_at timestamptz NOT NULL,
    UNIQUE (payout_item_id, rule),
    FOREIGN KEY (program_id, bank_line_id) REFERENCES bank_lines (program_id, id),
    FOREIGN KEY (payout_item_id) REFERENCES payout_items (id)
);

-- Matched by an officer or an admin, a line to an item of a batch of the line's account
-- whose reference is the line's EndToEndId, for its amount, and confirmed as the rule says.
CREATE FUNCTION bank_match_made() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    line bank_lines%ROWTYPE;
    item record;
BEGIN
    NEW.matched_by_id := network_act_by(TG_TABLE_NAME, 'matched_by', NEW.program_id, NEW.matched_by);
    SELECT * INTO line FROM bank_lines WHERE id = NEW.bank_line_id;
    SELECT i.reference, i.amount_minor, i.currency, i.status, b.bank_id INTO item
    FROM payout_items i JOIN payout_batches b ON b.id = i.batch_id WHERE i.id = NEW.payout_item_id;
    IF item.bank_id IS DISTINCT FROM line.bank_account_id OR item.reference IS DISTINCT FROM line.end_to_end_id
       OR item.amount_minor <> line.amount_minor OR item.currency <> line.currency
       OR item.status <> (CASE NEW.rule WHEN 'return' THEN 'failed' ELSE 'paid' END) THEN
        RAISE EXCEPTION 'bank line % and payout item %: not a % match (the account, the EndToEndId, the amount or the item''s confirmation differ)',
            NEW.bank_line_id, NEW.payout_item_id, NEW.rule
            USING ERRCODE = 'check_violation', HINT = 'bank_match';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER bank_matches_made BEFORE INSERT ON bank_matches
    FOR EACH ROW EXECUTE FUNCTION bank_match_made();
CREATE TRIGGER bank_matches_append_only BEFORE UPDATE OR DELETE ON bank_matches
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_matches_no_truncate BEFORE TRUNCATE ON bank_matches
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON bank_matches FROM prorata_app;
