import { expect, test } from "vitest";
import { chartGeometry, minorUnits } from "./chart";

test("amounts are read exactly as minor units, beyond what a float holds", () => {
  expect(minorUnits("12000.50", 2)).toBe(1200050n);
  expect(minorUnits("1,234.5", 2)).toBe(123450n);
  expect(minorUnits("90071992547409.93", 2)).toBe(9007199254740993n);
  expect(() => minorUnits("12e3", 2)).toThrow('"12e3" is not an amount');
});

test("the lowest point sits at the bottom and the highest at the top", () => {
  const g = chartGeometry(
    [
      { date: "2026-11-23", value: "10000.00", high_water_mark: "10000.00" },
      { date: "2026-11-24", value: "12000.00", high_water_mark: "10000.00" },
      { date: "2026-11-25", value: "11000.00", high_water_mark: "12000.00" },
    ],
    200,
    100,
    10,
  );
  expect(g).not.toBeNull();
  expect(g?.low).toBe("10000.00");
  expect(g?.high).toBe("12000.00");
  expect(g?.dots.map((d) => [d.x, d.y])).toEqual([
    [10, 90],
    [100, 10],
    [190, 50],
  ]);
  expect(g?.markPath).toBe("M10.0,90.0 L100.0,90.0 L190.0,10.0");
});

test("a single point or a flat line still draws, centred", () => {
  const g = chartGeometry([{ date: "2026-11-24", value: "5.00", high_water_mark: "5.00" }], 100, 100, 0);
  expect(g?.dots).toEqual([{ x: 50, y: 50, date: "2026-11-24", value: "5.00" }]);
  expect(g?.markPath, "a level line across, not an invisible point").toBe("M0.0,50.0 L100.0,50.0");
  expect(chartGeometry([], 100, 100)).toBeNull();
});
