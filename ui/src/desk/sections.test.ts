import { expect, test } from "vitest";
import { SECTIONS, offeredSections, sectionForShortcut } from "./sections";

const key = (k: string, altKey = true) => ({ key: k, altKey, ctrlKey: false, metaKey: false });

test("Alt+1 to Alt+9 and then Alt+0 open the offered sections in navigation order", () => {
  expect(sectionForShortcut(key("1"), SECTIONS)).toBe("deals");
  expect(sectionForShortcut(key("6"), SECTIONS)).toBe("revenue");
  expect(sectionForShortcut(key("7"), SECTIONS)).toBe("commissions");
  expect(sectionForShortcut(key("8"), SECTIONS)).toBe("ledger");
  expect(sectionForShortcut(key("9"), SECTIONS)).toBe("audit");
  expect(sectionForShortcut(key("0"), SECTIONS), "the tenth").toBe("users");
});

test("an approver's shortcuts count only the sections offered to them", () => {
  const offered = offeredSections([
    "deals",
    "distributions",
    "withdrawals",
    "payout_batches",
    "statements",
    "revenue",
    "commissions",
    "ledger",
  ]);
  expect(offered.map((s) => s.label)).toEqual([
    "Deals",
    "Distributions",
    "Withdrawals",
    "Payout batches",
    "Statements",
    "Revenue",
    "Commissions",
    "Ledger",
  ]);
  expect(sectionForShortcut(key("8"), offered)).toBe("ledger");
  expect(sectionForShortcut(key("9"), offered), "no audit section to open").toBeNull();
  expect(sectionForShortcut(key("0"), offered), "no tenth section").toBeNull();
});

test("other keys and digits without Alt open nothing, so typing a figure never switches screens", () => {
  expect(sectionForShortcut(key("3", false), SECTIONS)).toBeNull();
  expect(sectionForShortcut(key("0", false), SECTIONS)).toBeNull();
  expect(sectionForShortcut(key("a"), SECTIONS)).toBeNull();
});

test("every section offered works in this version: none is left planned for later", () => {
  const later = SECTIONS.filter((s) => s.planned !== undefined).map((s) => s.id);
  expect(later).toEqual([]);
});
