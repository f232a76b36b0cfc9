// The commands the ledger section calls. It only reads: no mutation, so nothing it shows goes
// stale by its own doing.

import { commands } from "../bindings";
import { unwrap } from "../errors";

/** Each account's debits and credits, as of a day (null: today). */
export const trialBalance = (asOf: string | null) => unwrap(commands.trialBalance(asOf));

/** Recomputes every stored balance from its postings. */
export const verifyLedger = () => unwrap(commands.verifyLedger());

/**
 * One account's postings between two days (null: open-ended), with the running balance; the
 * currency names its book where the code is kept in several (null: its only one).
 */
export const accountStatement = (account: string, currency: string | null, from: string | null, to: string | null) =>
  unwrap(commands.accountStatement(account, currency, from, to));

/** The program's accounts, each named beside its code: what the statement is picked from. */
export const listAccounts = () => unwrap(commands.listAccounts());
