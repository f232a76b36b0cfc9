// An act on distributions waiting for its confirmation: what it restates, and how it is sent.

import type { DistributionView } from "../bindings";
import { groupDigits } from "../format";
import { totalsByCurrency } from "../totals";
import {
  approveDistributions,
  cancelDistribution,
  postDistributions,
  reverseDistribution,
  type STALE,
} from "./queries";

export type Pending =
  | { kind: "approve"; items: DistributionView[]; reason: string | null }
  | { kind: "post"; items: DistributionView[] }
  | { kind: "cancel"; item: DistributionView; reason: string }
  | { kind: "reverse"; item: DistributionView; reason: string };

/** What a confirmation restates: how many, and how much per currency. */
export function restate(items: DistributionView[]): string {
  const totals = totalsByCurrency(items.map((d) => ({ amount: d.profit, currency: d.currency })));
  const money = totals.map((t) => `${groupDigits(t.amount)} ${t.currency}`).join(" and ");
  const count =
    items.length === 1
      ? `distribution ${items[0].id} (${items[0].deal}, ${items[0].date})`
      : `${items.length} distributions`;
  return `${count}, profit ${money}`;
}

export const TITLES: Record<Pending["kind"], string> = {
  approve: "Approve distributions",
  post: "Post to the ledger",
  cancel: "Cancel a distribution",
  reverse: "Reverse a posted distribution",
};

export const CONFIRM: Record<Pending["kind"], string> = {
  approve: "Yes, approve",
  post: "Yes, post",
  cancel: "Yes, cancel it",
  reverse: "Yes, prepare the reversal",
};

/** The mutation each act sends, whose stale lists the section reloads. */
export const MUTATION = {
  approve: "approveDistributions",
  post: "postDistributions",
  cancel: "cancelDistribution",
  reverse: "reverseDistribution",
} as const satisfies Record<Pending["kind"], keyof typeof STALE>;

/** Sends the confirmed act under `key` (an approval with the authenticator's code, when asked); resolves to the sentence that says what it did. */
export async function perform(pending: Pending, key: string, code: string | null = null): Promise<string> {
  if (pending.kind === "approve") {
    await approveDistributions(
      pending.items.map((d) => d.id),
      pending.reason,
      code,
      key,
    );
    return `Approved: ${restate(pending.items)}.`;
  } else if (pending.kind === "post") {
    await postDistributions(
      pending.items.map((d) => d.id),
      key,
    );
    return `Posted to the ledger: ${restate(pending.items)}.`;
  } else if (pending.kind === "reverse") {
    const reversal = await reverseDistribution(pending.item.id, pending.reason, key);
    return `Reversal ${reversal.id} of distribution ${pending.item.id} prepared: a second person approves it, then it is posted.`;
  } else {
    await cancelDistribution(pending.item.id, pending.reason, key);
    return `Distribution ${pending.item.id} cancelled.`;
  }
}
