import { expect, test } from "vitest";
import { totalsByCurrency } from "./totals";
import { restate } from "./screens/DistributionsSection";
import type { DistributionView } from "./bindings";

test("totals are exact per currency, even where floats would drift", () => {
  const items = [
    { amount: "0.10", currency: "USD" },
    { amount: "0.20", currency: "USD" },
    { amount: "1000", currency: "JPY" },
    { amount: "90071992547409.93", currency: "USD" },
  ];
  expect(totalsByCurrency(items)).toEqual([
    { currency: "USD", amount: "90071992547410.23" },
    { currency: "JPY", amount: "1000" },
  ]);
});

test("a confirmation restates the count and the profit per currency", () => {
  const d = (id: number, profit: string, currency = "USD") =>
    ({ id, deal: `Deal ${id}`, date: "2026-11-24", profit, currency }) as DistributionView;
  expect(restate([d(7, "2000.00")])).toBe("distribution 7 (Deal 7, 2026-11-24), profit 2,000.00 USD");
  expect(restate([d(7, "2000.00"), d(8, "0.01"), d(9, "500", "JPY")])).toBe(
    "3 distributions, profit 2,000.01 USD and 500 JPY",
  );
});
