-- Corrections: a posted distribution is never edited. It is undone by a *reversal*, a new
-- distribution row of kind 'reversal' that copies it (amounts and shares), states why, goes
-- through the same two-person approval, and when posted books the mirror of the original's
-- journal entry. A date whose distribution was reversed can then be prepared again, in the
-- next round.

ALTER TABLE distributions
    ADD COLUMN kind text NOT NULL DEFAULT 'distribution' CHECK (kind IN ('distribution', 'reversal')),
    ADD COLUMN reverses_distribution_id bigint REFERENCES distributions (id),
    ADD COLUMN correction_reason text CHECK (length(btrim(correction_reason)) BETWEEN 1 AND 4000),
    ADD COLUMN round integer NOT NULL DEFAULT 0 CHECK (round >= 0),
    ADD CONSTRAINT distribution_reversal_names_its_original
        CHECK ((kind = 'reversal') = (reverses_distribution_id IS NOT NULL)),
    ADD CONSTRAINT distribution_reversal_has_a_reason
        CHECK (kind <> 'reversal' OR correction_reason IS NOT NULL);

DROP INDEX distributions_one_live_per_deal_and_date;
-- One live distribution per deal, date and round; a reversed one is followed by the next round.
CREATE UNIQUE INDEX distributions_one_live_per_deal_date_round
    ON distributions (deal_id, value_date, round) WHERE status <> 'cancelled' AND kind = 'distribution';
-- One live reversal per distribution.
CREATE UNIQUE INDEX distributions_one_live_reversal
    ON distributions (reverses_distribution_id) WHERE status <> 'cancelled' AND kind = 'reversal';

ALTER TABLE distribution_shares DROP CONSTRAINT distribution_shares_payout_status_check;
ALTER TABLE distribution_shares ADD CONSTRAINT distribution_shares_payout_status_check
    CHECK (payout_status IN ('unpaid', 'requested', 'paid', 'reversed'));

-- What a distribution is, what it reverses and why are fixed once written, like its figures.
CREATE FUNCTION distributions_kind_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.kind, NEW.reverses_distribution_id, NEW.correction_reason, NEW.round)
       IS DISTINCT FROM (OLD.kind, OLD.reverses_distribution_id, OLD.correction_reason, OLD.round) THEN
        RAISE EXCEPTION 'distribution %: its kind, what it reverses and why are fixed once prepared', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER distributions_kind_guard BEFORE UPDATE ON distributions
    FOR EACH ROW EXECUTE FUNCTION distributions_kind_guard();
