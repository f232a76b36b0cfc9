-- One book per currency: an account is identified by (program, code, currency), so a program
-- keeps USD and NGN deals side by side and `platform:fee_income` in USD and in NGN are two
-- accounts, each with its own balance. Nothing converts between them: a posting's currency
-- is its account's (the foreign key on (account_id, currency) from the first migration), and
-- every entry balances per currency.
--
-- Existing stores keep every account as it is: each already has one currency, and the old
-- key (program, code) implies the new one.

ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_program_code_key;
ALTER TABLE ledger_accounts
    ADD CONSTRAINT ledger_accounts_program_code_currency_key UNIQUE (program_id, code, currency);
