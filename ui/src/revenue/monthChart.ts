// Geometry for the monthly revenue chart: a pair of bars a month, gross and net, in one
// currency, every month of the report's period in its place (a month without revenue has no
// bars, not no slot). Amounts stay exact (BigInt minor units); only pixel heights become
// numbers.

import type { RevenueMonthView } from "../bindings";
import { minorUnits } from "../chart";

/** Fractions of a pixel kept, so a paisa against crores is not rounded to no bar. */
const PRECISION = 1_000_000_000n;
/** The widest a bar is drawn, whatever the number of months. */
const MAX_BAR_WIDTH = 28;
/** The least room a month's label takes; labels are thinned to fit. */
const LABEL_WIDTH = 52;

export interface MonthBars {
  month: string;
  x: number;
  width: number;
  /** Whether the month's label is drawn (all are when they fit). */
  labelled: boolean;
  gross: { y: number; height: number; amount: string };
  net: { y: number; height: number; amount: string };
}

export interface MonthChart {
  bars: MonthBars[];
  /** The highest gross, exact: the top of the vertical axis. */
  high: string;
}

/** `from` to `to` (`2026-01`), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const [fy, fm] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  const months: string[] = [];
  for (let y = fy, m = fm; y < ty || (y === ty && m <= tm); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    months.push(`${y}-${String(m).padStart(2, "0")}`);
    if (months.length > 1200) {
      break;
    }
  }
  return months;
}

/** The chart's bars inside `width` × `height` pixels for one currency's months of the period. */
export function monthChart(
  months: readonly RevenueMonthView[],
  period: { from: string; to: string },
  width: number,
  height: number,
): MonthChart {
  const slots = monthsBetween(period.from, period.to);
  const scale = decimals(months);
  const highest = months.reduce((max, m) => {
    const gross = minorUnits(m.gross, scale);
    return gross > max ? gross : max;
  }, 0n);
  const slot = slots.length === 0 ? width : width / slots.length;
  const barWidth = Math.max(2, Math.min(MAX_BAR_WIDTH, (slot * 0.8) / 2));
  const every = Math.max(1, Math.ceil(LABEL_WIDTH / slot));
  const scaled = (amount: string) => {
    if (highest === 0n) {
      return 0;
    }
    // Multiply before dividing so a small amount keeps a height above zero, however thin.
    return Number((minorUnits(amount, scale) * BigInt(height) * PRECISION) / highest) / Number(PRECISION);
  };
  const zero = (0).toFixed(scale);
  const bars = slots.map((month, i) => {
    const m = months.find((line) => line.month === month);
    const gross = m?.gross ?? zero;
    const net = m?.net ?? zero;
    const x = i * slot + (slot - 2 * barWidth) / 2;
    return {
      month,
      x,
      width: barWidth,
      labelled: i % every === 0,
      gross: { y: height - scaled(gross), height: scaled(gross), amount: gross },
      net: { y: height - scaled(net), height: scaled(net), amount: net },
    };
  });
  const high = months.find((m) => minorUnits(m.gross, scale) === highest)?.gross ?? zero;
  return { bars, high };
}

/** The currency's scale, as its amounts are written (`"12.50"`: 2). */
function decimals(months: readonly RevenueMonthView[]): number {
  const sample = months[0]?.gross ?? "0";
  const point = sample.indexOf(".");
  return point < 0 ? 0 : sample.length - point - 1;
}
