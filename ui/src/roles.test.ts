import { expect, test } from "vitest";
import { grantable } from "./roles";

test("only roles a user lacks can be granted", () => {
  expect(grantable(["admin", "auditor"])).toEqual(["officer", "approver"]);
  expect(grantable(["admin", "officer", "approver", "auditor"])).toEqual([]);
});
