import { expect, test } from "vitest";
import { totalsByCurrency } from "./totals";

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
