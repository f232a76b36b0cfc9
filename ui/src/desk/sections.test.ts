import { expect, test } from "vitest";
import { SECTIONS, offeredSections, sectionForShortcut } from "./sections";

const key = (k: string, altKey = true) => ({ key: k, altKey, ctrlKey: false, metaKey: false });

test("Alt+1 to Alt+9 open the offered sections in navigation order", () => {
  expect(sectionForShortcut(key("1"), SECTIONS)).toBe("deals");
  expect(sectionForShortcut(key("6"), SECTIONS)).toBe("revenue");
  expect(sectionForShortcut(key("7"), SECTIONS)).toBe("ledger");
  expect(sectionForShortcut(key("9"), SECTIONS)).toBe("users");
});

test("an approver's shortcuts count only the sections offered to them", () => {
  const offered = offeredSections([
    "deals",
    "distributions",
    "withdrawals",
    "payout_batches",
    "statements",
    "revenue",
    "ledger",
  ]);
  expect(offered.map((s) => s.label)).toEqual([
    "Deals",
    "Distributions",
    "Withdrawals",
    "Payout batches",
    "Statements",
    "Revenue",
    "Ledger",
  ]);
  expect(sectionForShortcut(key("7"), offered)).toBe("ledger");
  expect(sectionForShortcut(key("8"), offered), "no audit section to open").toBeNull();
});

test("other keys and digits without Alt open nothing, so typing a figure never switches screens", () => {
  expect(sectionForShortcut(key("0"), SECTIONS)).toBeNull();
  expect(sectionForShortcut(key("3", false), SECTIONS)).toBeNull();
  expect(sectionForShortcut(key("a"), SECTIONS)).toBeNull();
});

test("every section offered works in this version: none is left planned for later", () => {
  const later = SECTIONS.filter((s) => s.planned !== undefined).map((s) => s.id);
  expect(later).toEqual([]);
});
