-- How a bank's CSV statements are read, saved per account (DESIGN §8, Reconciliation): each
-- mapped column by its header's name, a signed amount column or a debit and a credit column,
-- the date format, the decimal separator and the field delimiter. The newest mapping of an
-- account is the one used; the earlier ones stay as the record of what was used when.

CREATE TABLE bank_csv_mappings (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id bigint NOT NULL,
    bank_account_id bigint NOT NULL,
    currency text NOT NULL,
    date_column text NOT NULL CHECK (length(btrim(date_column)) BETWEEN 1 AND 100),
    amount_column text CHECK (length(btrim(amount_column)) BETWEEN 1 AND 100),
    debit_column text CHECK (length(btrim(debit_column)) BETWEEN 1 AND 100),
    credit_column text CHECK (length(btrim(credit_column)) BETWEEN 1 AND 100),
    reference_column text CHECK (length(btrim(reference_column)) BETWEEN 1 AND 100),
    end_to_end_column text CHECK (length(btrim(end_to_end_column)) BETWEEN 1 AND 100),
    description_column text CHECK (length(btrim(description_column)) BETWEEN 1 AND 100),
    date_format text NOT NULL CHECK (length(date_format) BETWEEN 2 AND 40 AND date_format LIKE '%\%%'),
    decimal_separator text NOT NULL CHECK (decimal_separator IN ('.', ',')),
    delimiter text NOT NULL CHECK (delimiter IN (',', ';', '|', E'\t')),
    set_by text NOT NULL,
    set_by_id bigint REFERENCES users (id),
    set_at timestamptz NOT NULL,
    -- A signed amount, or a debit and a credit column: never both, never neither.
    CHECK ((amount_column IS NOT NULL) <> (debit_column IS NOT NULL AND credit_column IS NOT NULL)),
    CHECK ((debit_column IS NULL) = (credit_column IS NULL)),
    FOREIGN KEY (program_id, bank_account_id, currency) REFERENCES bank_accounts (program_id, id, currency)
);
CREATE INDEX bank_csv_mappings_latest ON bank_csv_mappings (bank_account_id, id DESC);

-- Saved by an officer or an admin, as statements are imported.
CREATE FUNCTION bank_csv_mapping_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.set_by_id := network_act_by(TG_TABLE_NAME, 'set_by', NEW.program_id, NEW.set_by);
    RETURN NEW;
END $$;
CREATE TRIGGER bank_csv_mappings_set BEFORE INSERT ON bank_csv_mappings
    FOR EACH ROW EXECUTE FUNCTION bank_csv_mapping_set();
CREATE TRIGGER bank_csv_mappings_append_only BEFORE UPDATE OR DELETE ON bank_csv_mappings
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER bank_csv_mappings_no_truncate BEFORE TRUNCATE ON bank_csv_mappings
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON bank_csv_mappings FROM prorata_app;
