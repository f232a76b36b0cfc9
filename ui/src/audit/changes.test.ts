import { expect, test } from "vitest";
import { changedFields } from "./changes";

test("a change is read field by field, before and after, and unchanged fields are left out", () => {
  expect(
    changedFields({ status: "active", roles: ["officer"], name: "olga" }, { status: "disabled", name: "olga" }),
  ).toEqual([
    { field: "status", before: "active", after: "disabled" },
    { field: "roles", before: '["officer"]', after: null },
  ]);
  expect(changedFields(null, { deal_id: 1, value: "12000.00" })).toEqual([
    { field: "deal_id", before: null, after: "1" },
    { field: "value", before: null, after: "12000.00" },
  ]);
  expect(changedFields(null, null)).toEqual([]);
  expect(changedFields(null, "plain")).toEqual([{ field: "value", before: null, after: "plain" }]);
});
