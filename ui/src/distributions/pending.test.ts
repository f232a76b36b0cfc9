import { expect, test } from "vitest";
import type { DistributionView } from "../bindings";
import { restate } from "./pending";

test("a confirmation restates the count and the profit per currency", () => {
  const d = (id: number, profit: string, currency = "USD") =>
    ({ id, deal: `Deal ${id}`, date: "2026-11-24", profit, currency }) as DistributionView;
  expect(restate([d(7, "2000.00")])).toBe("distribution 7 (Deal 7, 2026-11-24), profit 2,000.00 USD");
  expect(restate([d(7, "2000.00"), d(8, "0.01"), d(9, "500", "JPY")])).toBe(
    "3 distributions, profit 2,000.01 USD and 500 JPY",
  );
});
