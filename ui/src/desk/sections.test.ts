import { expect, test } from "vitest";
import { SECTIONS, sectionForShortcut } from "./sections";

const key = (k: string, altKey = true) => ({ key: k, altKey, ctrlKey: false, metaKey: false });

test("Alt+1 to Alt+8 open the sections in navigation order", () => {
  expect(sectionForShortcut(key("1"))).toBe("deals");
  expect(sectionForShortcut(key("6"))).toBe("ledger");
  expect(sectionForShortcut(key("8"))).toBe("users");
});

test("other keys and digits without Alt open nothing, so typing a figure never switches screens", () => {
  expect(sectionForShortcut(key("9"))).toBeNull();
  expect(sectionForShortcut(key("0"))).toBeNull();
  expect(sectionForShortcut(key("3", false))).toBeNull();
  expect(sectionForShortcut(key("a"))).toBeNull();
});

test("every section not in this version says plainly what will be there", () => {
  const later = SECTIONS.filter((s) => s.planned !== undefined).map((s) => s.id);
  expect(later).toEqual(["withdrawals", "payout_batches", "statements"]);
  for (const section of SECTIONS.filter((s) => s.planned)) {
    expect(section.planned, section.id).toMatch(/not in this version/);
  }
});
