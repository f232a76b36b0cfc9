-- Nothing of one program refers to another's: each cross-table reference between a
-- program's rows carries the program too, as a composite foreign key to `(program_id, id)`,
-- so PostgreSQL itself refuses an investment of one program's investor in another's deal,
-- whatever the SQL. (A distribution's shares have no program of their own: they are
-- reached through their distribution, and add up to its pool.)

ALTER TABLE partners ADD CONSTRAINT partners_program_id_id_key UNIQUE (program_id, id);
ALTER TABLE investors ADD CONSTRAINT investors_program_id_id_key UNIQUE (program_id, id);
ALTER TABLE deals ADD CONSTRAINT deals_program_id_id_key UNIQUE (program_id, id);
ALTER TABLE performance_records ADD CONSTRAINT performance_records_program_id_id_key UNIQUE (program_id, id);
ALTER TABLE distributions ADD CONSTRAINT distributions_program_id_id_key UNIQUE (program_id, id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_program_id_id_key UNIQUE (program_id, id);

ALTER TABLE deals ADD CONSTRAINT deals_partner_in_program
    FOREIGN KEY (program_id, partner_id) REFERENCES partners (program_id, id);
ALTER TABLE investments ADD CONSTRAINT investments_deal_in_program
    FOREIGN KEY (program_id, deal_id) REFERENCES deals (program_id, id);
ALTER TABLE investments ADD CONSTRAINT investments_investor_in_program
    FOREIGN KEY (program_id, investor_id) REFERENCES investors (program_id, id);
ALTER TABLE performance_records ADD CONSTRAINT performance_records_deal_in_program
    FOREIGN KEY (program_id, deal_id) REFERENCES deals (program_id, id);
ALTER TABLE distributions ADD CONSTRAINT distributions_deal_in_program
    FOREIGN KEY (program_id, deal_id) REFERENCES deals (program_id, id);
ALTER TABLE distributions ADD CONSTRAINT distributions_performance_in_program
    FOREIGN KEY (program_id, performance_record_id) REFERENCES performance_records (program_id, id);
ALTER TABLE distributions ADD CONSTRAINT distributions_entry_in_program
    FOREIGN KEY (program_id, journal_entry_id) REFERENCES ledger_entries (program_id, id);
ALTER TABLE distributions ADD CONSTRAINT distributions_reversal_in_program
    FOREIGN KEY (program_id, reverses_distribution_id) REFERENCES distributions (program_id, id);
