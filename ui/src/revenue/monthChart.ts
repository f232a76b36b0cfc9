// Geometry for the monthly revenue chart: a pair of bars a month, gross and net, in one
// currency. Amounts stay exact (BigInt minor units); only pixel heights become numbers.

import type { RevenueMonthView } from "../bindings";
import { minorUnits } from "../chart";

/** Fractions of a pixel kept, so a paisa against crores is not rounded to no bar. */
const PRECISION = 1_000_000_000n;

export interface MonthBars {
  month: string;
  x: number;
  width: number;
  gross: { y: number; height: number; amount: string };
  net: { y: number; height: number; amount: string };
}

export interface MonthChart {
  bars: MonthBars[];
  /** The highest gross, exact: the top of the vertical axis. */
  high: string;
}

/** The chart's bars inside `width` × `height` pixels for one currency's months. */
export function monthChart(months: readonly RevenueMonthView[], width: number, height: number): MonthChart {
  const scale = decimals(months);
  const highest = months.reduce((max, m) => {
    const gross = minorUnits(m.gross, scale);
    return gross > max ? gross : max;
  }, 0n);
  const slot = months.length === 0 ? width : width / months.length;
  const barWidth = Math.max(2, (slot * 0.8) / 2);
  const scaled = (amount: string) => {
    if (highest === 0n) {
      return 0;
    }
    // Multiply before dividing so a small amount keeps a height above zero, however thin.
    return Number((minorUnits(amount, scale) * BigInt(height) * PRECISION) / highest) / Number(PRECISION);
  };
  const bars = months.map((m, i) => {
    const x = i * slot + slot * 0.1;
    const grossHeight = scaled(m.gross);
    const netHeight = scaled(m.net);
    return {
      month: m.month,
      x,
      width: barWidth,
      gross: { y: height - grossHeight, height: grossHeight, amount: m.gross },
      net: { y: height - netHeight, height: netHeight, amount: m.net },
    };
  });
  const high = months.find((m) => minorUnits(m.gross, scale) === highest)?.gross ?? "0";
  return { bars, high };
}

/** The currency's scale, as its amounts are written (`"12.50"`: 2). */
function decimals(months: readonly RevenueMonthView[]): number {
  const sample = months[0]?.gross ?? "0";
  const point = sample.indexOf(".");
  return point < 0 ? 0 : sample.length - point - 1;
}
