import { expect, test } from "vitest";
import { reloadStale } from "./stale";

test("a mutation's stale lists are loaded again in the order it names them, and no others", () => {
  const loaded: string[] = [];
  const reloads = {
    deals: () => loaded.push("deals"),
    parties: () => loaded.push("parties"),
    deal: () => loaded.push("deal"),
  };
  reloadStale(["deals", "parties"], reloads);
  expect(loaded).toEqual(["deals", "parties"]);
  reloadStale([], reloads);
  expect(loaded, "a mutation that makes nothing stale reloads nothing").toEqual(["deals", "parties"]);
});
