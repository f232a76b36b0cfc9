import { expect, test } from "vitest";
import { amountText, chartGeometry, minorUnits } from "./chart";

const PLOT = { left: 10, right: 190, top: 10, bottom: 90 };

test("amounts are read exactly as minor units, beyond what a float holds, and written back the same", () => {
  expect(minorUnits("12000.50", 2)).toBe(1200050n);
  expect(minorUnits("1,234.5", 2)).toBe(123450n);
  expect(minorUnits("90071992547409.93", 2)).toBe(9007199254740993n);
  expect(() => minorUnits("12e3", 2)).toThrow('"12e3" is not an amount');
  expect(amountText(9007199254740993n, 2)).toBe("90071992547409.93");
  expect(amountText(5n, 2)).toBe("0.05");
  expect(amountText(-1200n, 0)).toBe("-1200");
});

test("the lowest point sits at the bottom, the highest at the top, and the axes name both exactly", () => {
  const g = chartGeometry(
    [
      { date: "2026-11-23", value: "10000.00", high_water_mark: "10000.00" },
      { date: "2026-11-24", value: "12000.00", high_water_mark: "10000.00" },
      { date: "2026-11-25", value: "11000.00", high_water_mark: "12000.00" },
    ],
    PLOT,
  );
  expect(g?.dots.map((d) => [d.x, d.y])).toEqual([
    [10, 90],
    [100, 10],
    [190, 50],
  ]);
  expect(g?.yTicks).toEqual([
    { at: 10, label: "12000.00" },
    { at: 90, label: "10000.00" },
  ]);
  expect(g?.xTicks.map((t) => t.label)).toEqual(["2026-11-23", "2026-11-24", "2026-11-25"]);
  expect(g?.markPath, "the mark steps: level, then up on the day it moves").toBe(
    "M10.0,90.0 H100.0 V90.0 H190.0 V10.0",
  );
});

test("one recorded day is a point for the value and a point for the mark, each where its amount is", () => {
  const g = chartGeometry([{ date: "2026-11-24", value: "12000.00", high_water_mark: "10000.00" }], PLOT);
  expect(g?.valuePath, "no line across the width").toBe("");
  expect(g?.markPath).toBe("");
  expect(g?.dots).toEqual([{ x: 100, y: 10, date: "2026-11-24", value: "12000.00" }]);
  expect(g?.markDots).toEqual([{ x: 100, y: 90, date: "2026-11-24", mark: "10000.00" }]);
  expect(g?.yTicks.map((t) => t.label)).toEqual(["12000.00", "10000.00"]);
  expect(chartGeometry([], PLOT)).toBeNull();
});

test("a level chart puts its level in the middle, one unit of the currency either side", () => {
  const g = chartGeometry([{ date: "2026-11-24", value: "5.00", high_water_mark: "5.00" }], PLOT);
  expect(g?.dots[0].y).toBe(50);
  expect([g?.low, g?.high]).toEqual(["4.00", "6.00"]);
});
