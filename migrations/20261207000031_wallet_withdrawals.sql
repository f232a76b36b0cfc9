-- A withdrawal from a member's wallet (the wallet is the payee's payable) takes only what its
-- released credits still have, less what its live and paid withdrawals took, and never from
-- a locked wallet: checked under the wallet's lock, which locks and unlocks take too.
CREATE FUNCTION wallet_withdrawal_allowed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    code text;
    member bigint;
    locked boolean;
    released bigint;
    taken bigint;
BEGIN
    SELECT a.code INTO code FROM ledger_accounts a WHERE a.id = NEW.payee_account_id;
    IF code !~ '^member:[0-9]+:wallet$' THEN
        RETURN NEW;
    END IF;
    member := split_part(code, ':', 2)::bigint;
    PERFORM pg_advisory_xact_lock(hashtextextended('wallet:' || member, 0));
    SELECT l.locked INTO locked FROM wallet_locks l WHERE l.member_id = member ORDER BY l.id DESC LIMIT 1;
    IF coalesce(locked, false) THEN
        RAISE EXCEPTION 'withdrawals: the wallet of member % is locked', member
            USING ERRCODE = 'check_violation', HINT = 'wallet_locked';
    END IF;
    SELECT coalesce(sum(amount_minor), 0) INTO released
    FROM wallet_credits WHERE member_id = member AND status = 'available';
    SELECT coalesce(sum(amount_minor), 0) INTO taken
    FROM withdrawals WHERE payee_account_id = NEW.payee_account_id
      AND status NOT IN ('rejected', 'cancelled', 'failed');
    IF taken + NEW.amount_minor > released THEN
        RAISE EXCEPTION 'withdrawals: the wallet of member % has % available, not %', member,
            released - taken, NEW.amount_minor
            USING ERRCODE = 'check_violation', HINT = 'wallet_available';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER withdrawals_from_wallets BEFORE INSERT ON withdrawals
    FOR EACH ROW EXECUTE FUNCTION wallet_withdrawal_allowed();
