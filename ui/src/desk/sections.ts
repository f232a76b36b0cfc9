// The main window's sections, in navigation order. Alt+1 … Alt+8 opens each.

export type SectionId =
  "deals" | "distributions" | "withdrawals" | "payout_batches" | "statements" | "ledger" | "audit" | "users";

export interface Section {
  id: SectionId;
  label: string;
  /** For sections whose operations are not in this version: what will be there. */
  planned?: string;
}

export const SECTIONS: readonly Section[] = [
  { id: "deals", label: "Deals" },
  { id: "distributions", label: "Distributions" },
  {
    id: "withdrawals",
    label: "Withdrawals",
    planned: "Reviewing investors' withdrawal requests is not in this version of Prorata yet.",
  },
  {
    id: "payout_batches",
    label: "Payout batches",
    planned: "Payout batches with two-person approval are not in this version of Prorata yet.",
  },
  {
    id: "statements",
    label: "Statements",
    planned: "Investor PDF statements are not in this version of Prorata yet.",
  },
  { id: "ledger", label: "Ledger" },
  { id: "audit", label: "Audit" },
  { id: "users", label: "Users" },
];

/** The section an Alt+digit key press opens, if any. */
export function sectionForShortcut(event: {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  key: string;
}): SectionId | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) {
    return null;
  }
  const index = Number.parseInt(event.key, 10) - 1;
  if (!Number.isInteger(index) || index < 0 || index >= SECTIONS.length) {
    return null;
  }
  return SECTIONS[index].id;
}
