// The main window's sections. Which ones a user is offered, and where they start, is Rust's
// answer for the signed-in session (SessionView.sections and .landing); Alt+1 … Alt+9 and then
// Alt+0 open the offered sections in navigation order.

import type { Section as SectionId } from "../bindings";

export type { SectionId };

export interface Section {
  id: SectionId;
  label: string;
  /** For sections whose operations are not in this version: what will be there. */
  planned?: string;
}

/** Every section's words, in navigation order; exhaustive over the sections Rust names. */
const SECTION_WORDS: Record<SectionId, Omit<Section, "id">> = {
  deals: { label: "Deals" },
  distributions: { label: "Distributions" },
  withdrawals: { label: "Withdrawals" },
  payout_batches: { label: "Payout batches" },
  statements: { label: "Statements" },
  revenue: { label: "Revenue" },
  commissions: { label: "Commissions" },
  ledger: { label: "Ledger" },
  audit: { label: "Audit" },
  users: { label: "Users" },
};

export const SECTIONS: readonly Section[] = Object.entries(SECTION_WORDS).map(([id, words]) => ({
  id: id as SectionId,
  ...words,
}));

/** The sections Rust offers this user, with their words, in navigation order. */
export function offeredSections(offered: readonly SectionId[]): Section[] {
  return SECTIONS.filter((s) => offered.includes(s.id));
}

/** The offered section an Alt+digit key press opens, if any. */
export function sectionForShortcut(
  event: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; key: string },
  offered: readonly Section[],
): SectionId | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) {
    return null;
  }
  // Alt+0 is the tenth, after Alt+9, as on the keyboard's row of digits.
  const index = event.key === "0" ? 9 : Number.parseInt(event.key, 10) - 1;
  if (!Number.isInteger(index) || index < 0 || index >= offered.length) {
    return null;
  }
  return offered[index].id;
}
