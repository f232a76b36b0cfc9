// An act on withdrawals or payout batches waiting for its confirmation: what the dialog
// restates, the words it asks for (a reason, the bank's reference), and how it is sent.

import type { BankAccountView, BatchView, PayoutItemView, WithdrawalView } from "../bindings";
import { groupDigits } from "../format";
import { totalsByCurrency } from "../totals";
import {
  addToBatch,
  approveBatch,
  approveWithdrawal,
  cancelBatch,
  cancelWithdrawal,
  confirmFailed,
  confirmPaid,
  createBatch,
  executeBatch,
  rejectBatch,
  rejectWithdrawal,
  submitBatch,
  type STALE,
} from "./queries";

export type Act =
  | { kind: "approve_withdrawal"; w: WithdrawalView }
  | { kind: "reject_withdrawal"; w: WithdrawalView }
  | { kind: "cancel_withdrawal"; w: WithdrawalView }
  | { kind: "build_batch"; bank: BankAccountView; withdrawals: WithdrawalView[] }
  | { kind: "submit_batch"; b: BatchView }
  | { kind: "approve_batch"; b: BatchView }
  | { kind: "reject_batch"; b: BatchView }
  | { kind: "cancel_batch"; b: BatchView }
  | { kind: "execute_batch"; b: BatchView; folder: string }
  | { kind: "confirm_paid"; b: BatchView; item: PayoutItemView }
  | { kind: "confirm_failed"; b: BatchView; item: PayoutItemView };

export type ActKind = Act["kind"];

/** The acts that move money out: a program with the second-factor rule asks for a fresh code. */
export const MOVES_MONEY: Partial<Record<ActKind, true>> = {
  approve_batch: true,
  execute_batch: true,
};

/** The words an act asks for in its dialog, where it needs any. */
export const ASKS: Partial<Record<ActKind, string>> = {
  reject_withdrawal: "Reason for rejecting",
  reject_batch: "Reason for rejecting",
  cancel_batch: "Reason for cancelling",
  confirm_paid: "The bank's reference",
  confirm_failed: "Why the bank did not pay",
};

export const TITLES: Record<ActKind, string> = {
  approve_withdrawal: "Approve a withdrawal",
  reject_withdrawal: "Reject a withdrawal",
  cancel_withdrawal: "Cancel a withdrawal",
  build_batch: "Build a payout batch",
  submit_batch: "Submit for approval",
  approve_batch: "Approve a payout batch",
  reject_batch: "Reject a payout batch",
  cancel_batch: "Cancel a payout batch",
  execute_batch: "Write the bank's files",
  confirm_paid: "Confirm a payment",
  confirm_failed: "Record a failed payment",
};

export const CONFIRM: Record<ActKind, string> = {
  approve_withdrawal: "Yes, approve",
  reject_withdrawal: "Yes, reject",
  cancel_withdrawal: "Yes, cancel it",
  build_batch: "Yes, build the draft",
  submit_batch: "Yes, submit",
  approve_batch: "Yes, approve the batch",
  reject_batch: "Yes, reject the batch",
  cancel_batch: "Yes, cancel the batch",
  execute_batch: "Yes, write the files",
  confirm_paid: "Yes, it was paid",
  confirm_failed: "Yes, it failed",
};

/** The mutation each act sends, whose stale lists the sections reload. */
export const MUTATION = {
  approve_withdrawal: "approveWithdrawal",
  reject_withdrawal: "rejectWithdrawal",
  cancel_withdrawal: "cancelWithdrawal",
  build_batch: "addToBatch",
  submit_batch: "submitBatch",
  approve_batch: "approveBatch",
  reject_batch: "rejectBatch",
  cancel_batch: "cancelBatch",
  execute_batch: "executeBatch",
  confirm_paid: "confirmItem",
  confirm_failed: "confirmItem",
} as const satisfies Record<ActKind, keyof typeof STALE>;

const money = (amount: string, currency: string) => `${groupDigits(amount)} ${currency}`;

/** Whom a withdrawal pays: the investor or partner by name, else its payable in words. */
export function payeeOf(w: WithdrawalView): string {
  return w.payee_record?.name ?? w.payee_name;
}

/** A withdrawal in words: its number, amount, payee and the account it goes to. */
export function describeWithdrawal(w: WithdrawalView): string {
  return `withdrawal ${w.id}: ${money(w.amount, w.currency)} to ${payeeOf(w)} (${w.bank_name} ${w.bank_account})`;
}

/** A batch in words: count, total and the account it is paid from. */
export function describeBatch(b: BatchView): string {
  const payments = b.count === 1 ? "1 payment" : `${b.count} payments`;
  return `batch ${b.id}: ${payments}, ${money(b.total, b.currency)} from ${b.bank}`;
}

/** The running total of picked withdrawals, per currency. */
export function pickedTotal(withdrawals: WithdrawalView[]): string {
  const totals = totalsByCurrency(withdrawals.map((w) => ({ amount: w.amount, currency: w.currency })));
  return totals.length === 0 ? "nothing" : totals.map((t) => money(t.amount, t.currency)).join(" and ");
}

/** What the dialog asks: the whole act in one sentence. */
export function restate(act: Act): string {
  switch (act.kind) {
    case "approve_withdrawal":
      return `Approve ${describeWithdrawal(act.w)}? ${payeeOf(act.w)} has ${money(act.w.payee_available, act.w.currency)} available beside the requests already held.`;
    case "reject_withdrawal":
      return `Reject ${describeWithdrawal(act.w)}? Its hold is released and the money is available again.`;
    case "cancel_withdrawal":
      return `Cancel ${describeWithdrawal(act.w)}? Its hold is released.`;
    case "build_batch":
      return `Build a draft batch paid from ${act.bank.name} (${act.bank.account_number}) with ${act.withdrawals.length} withdrawals, ${pickedTotal(act.withdrawals)}?`;
    case "submit_batch":
      return `Submit ${describeBatch(act.b)} for approval? A second person approves it.`;
    case "approve_batch":
      return `Approve ${describeBatch(act.b)}? Once approved it may be executed into the bank's files.`;
    case "reject_batch":
      return `Reject ${describeBatch(act.b)}? Its withdrawals are released for another batch.`;
    case "cancel_batch":
      return `Cancel ${describeBatch(act.b)}? Its withdrawals are released for another batch.`;
    case "execute_batch":
      return `Write the bank's files of ${describeBatch(act.b)} into ${act.folder}?`;
    case "confirm_paid":
      return `Confirm that the bank paid item ${act.item.id} (${act.item.reference}), ${money(act.item.amount, act.b.currency)}? The hold is posted: the payable is debited and the bank account credited.`;
    case "confirm_failed":
      return `Record that the bank did not pay item ${act.item.id} (${act.item.reference}), ${money(act.item.amount, act.b.currency)}? The hold is released and the money is available again.`;
  }
}

/** Sends the confirmed act under `key` with the words and the code asked for; resolves to the sentence that says what it did. */
export async function perform(act: Act, text: string, key: string, code: string | null = null): Promise<string> {
  switch (act.kind) {
    case "approve_withdrawal":
      await approveWithdrawal(act.w.id, key);
      return `Withdrawal ${act.w.id} is approved.`;
    case "reject_withdrawal":
      await rejectWithdrawal(act.w.id, text, key);
      return `Withdrawal ${act.w.id} is rejected; its hold is released.`;
    case "cancel_withdrawal":
      await cancelWithdrawal(act.w.id, key);
      return `Withdrawal ${act.w.id} is cancelled; its hold is released.`;
    case "build_batch": {
      // Two requests under keys derived from one: a retry after a failure between them
      // finds the same draft and adds the same withdrawals once.
      const { id } = await createBatch(String(act.bank.id), `${key}:create`);
      await addToBatch(
        id,
        act.withdrawals.map((w) => w.id),
        `${key}:add`,
      );
      return `Draft batch ${id} holds ${act.withdrawals.length} withdrawals, ${pickedTotal(act.withdrawals)}.`;
    }
    case "submit_batch":
      await submitBatch(act.b.id, key);
      return `Batch ${act.b.id} is submitted for approval.`;
    case "approve_batch":
      await approveBatch(act.b.id, code, key);
      return `Batch ${act.b.id} is approved.`;
    case "reject_batch":
      await rejectBatch(act.b.id, text, key);
      return `Batch ${act.b.id} is rejected.`;
    case "cancel_batch":
      await cancelBatch(act.b.id, text, key);
      return `Batch ${act.b.id} is cancelled.`;
    case "execute_batch": {
      const done = await executeBatch(act.b.id, act.folder, code, key);
      const names = done.files.map((f) => f.name).join(" and ");
      return done.written
        ? `Wrote ${names} into ${act.folder}.`
        : `Batch ${act.b.id} was executed before: nothing new was written; it issued ${names}.`;
    }
    case "confirm_paid":
      await confirmPaid(act.item.id, text, key);
      return `Item ${act.item.id} is paid.`;
    case "confirm_failed":
      await confirmFailed(act.item.id, text, key);
      return `Item ${act.item.id} failed; its withdrawal's money is available again.`;
  }
}
