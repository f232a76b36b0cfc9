// The commands the withdrawal queue and the payout batches call, and what each mutation makes stale.

import { commands } from "../bindings";
import { unwrap } from "../errors";
import type { Stale } from "../stale";

/** The lists the payout screens show. */
export type PayoutsList = "withdrawals" | "batches";

export const listBankAccounts = () => unwrap(commands.listBankAccounts());

/** The program's withdrawal requests in one status, or all of them with `null`. */
export const listWithdrawals = (status: string | null) => unwrap(commands.listWithdrawals(status));

export const approveWithdrawal = (id: number, key: string) => unwrap(commands.approveWithdrawal(id, key));

export const rejectWithdrawal = (id: number, reason: string, key: string) =>
  unwrap(commands.rejectWithdrawal(id, reason, key));

export const cancelWithdrawal = (id: number, key: string) => unwrap(commands.cancelWithdrawal(id, key));

export const listBatches = () => unwrap(commands.listBatches());

export const showBatch = (id: number) => unwrap(commands.showBatch(id));

export const createBatch = (bank: string, key: string) => unwrap(commands.createBatch(bank, key));

export const addToBatch = (batch: number, withdrawals: number[], key: string) =>
  unwrap(commands.addToBatch(batch, withdrawals, key));

export const submitBatch = (batch: number, key: string) => unwrap(commands.submitBatch(batch, key));

export const approveBatch = (batch: number, code: string | null, key: string) =>
  unwrap(commands.approveBatch(batch, code, key));

export const rejectBatch = (batch: number, reason: string, key: string) =>
  unwrap(commands.rejectBatch(batch, reason, key));

export const cancelBatch = (batch: number, reason: string, key: string) =>
  unwrap(commands.cancelBatch(batch, reason, key));

/** Writes the batch's bank files into `folder`; executing again writes nothing and names the files issued. */
export const executeBatch = (batch: number, folder: string, code: string | null, key: string) =>
  unwrap(commands.executeBatch(batch, folder, code, key));

export const confirmPaid = (item: number, reference: string, key: string) =>
  unwrap(commands.confirmPaid(item, reference, key));

export const confirmFailed = (item: number, reason: string, key: string) =>
  unwrap(commands.confirmFailed(item, reason, key));

/** The system's folder dialog; null when the user closes it without choosing. */
export const chooseFolder = (title: string) => unwrap(commands.chooseFolder(title));

/** What each mutation makes stale. */
export const STALE = {
  approveWithdrawal: ["withdrawals"],
  rejectWithdrawal: ["withdrawals"],
  cancelWithdrawal: ["withdrawals"],
  createBatch: ["batches"],
  addToBatch: ["batches", "withdrawals"],
  submitBatch: ["batches"],
  approveBatch: ["batches"],
  rejectBatch: ["batches", "withdrawals"],
  cancelBatch: ["batches", "withdrawals"],
  executeBatch: ["batches", "withdrawals"],
  confirmItem: ["batches", "withdrawals"],
} as const satisfies Record<string, Stale<PayoutsList>>;

/** An account's reconciliation: its statement against the ledger, what is matched and what is open. */
export const bankReconciliation = (bank: string) => unwrap(commands.bankReconciliation(bank));

/** Writes the account's reconciliation into a folder as a PDF report or as CSV: what was written. */
export const writeBankReconciliation = (bank: string, folder: string, file: "pdf" | "csv") =>
  unwrap(commands.writeBankReconciliation(bank, folder, file));
