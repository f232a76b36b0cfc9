// Geometry for the value and high-water-mark chart. Amounts stay exact: they are read as
// BigInt minor units, and only the resulting pixel positions become numbers; axis labels are
// the exact amounts and dates, never rounded figures.

export interface ChartPoint {
  date: string;
  value: string;
  high_water_mark: string;
}

/** The plotting area inside the chart, in pixels: axis labels sit outside it. */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Tick {
  /** The position along the tick's axis. */
  at: number;
  label: string;
}

export interface ChartGeometry {
  /** The value as a line through its points; empty for a single point, which is a dot. */
  valuePath: string;
  /** The high-water mark as steps: level until the day it moves, then straight up to it. */
  markPath: string;
  /** The lowest and highest amounts on the vertical axis, exact. */
  low: string;
  high: string;
  yTicks: Tick[];
  xTicks: Tick[];
  dots: { x: number; y: number; date: string; value: string }[];
  markDots: { x: number; y: number; date: string; mark: string }[];
}

/** "12,000.50" or "12000.5" as minor units at `scale` decimals: 1200050n. */
export function minorUnits(amount: string, scale: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.replace(/,/g, ""));
  if (!match) {
    throw new Error(`"${amount}" is not an amount`);
  }
  const fraction = (match[3] ?? "").padEnd(scale, "0").slice(0, scale);
  const units = BigInt(match[2] + fraction);
  return match[1] === "-" ? -units : units;
}

/** Minor units back to an amount's text at `scale` decimals: 1200050n is "12000.50". */
export function amountText(units: bigint, scale: number): string {
  const sign = units < 0n ? "-" : "";
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, "0");
  return scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function scaleOf(amount: string): number {
  const dot = amount.indexOf(".");
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/** Lays the points out left to right in `plot`; the vertical axis spans the lowest to the highest amount. */
export function chartGeometry(points: ChartPoint[], plot: PlotArea): ChartGeometry | null {
  if (points.length === 0) {
    return null;
  }
  const scale = Math.max(...points.flatMap((p) => [scaleOf(p.value), scaleOf(p.high_water_mark)]));
  const values = points.map((p) => minorUnits(p.value, scale));
  const marks = points.map((p) => minorUnits(p.high_water_mark, scale));
  const all = [...values, ...marks];
  let low = all.reduce((a, b) => (b < a ? b : a));
  let high = all.reduce((a, b) => (b > a ? b : a));
  if (low === high) {
    // A level chart: one unit of the currency either side, so the level sits in the middle.
    const unit = 10n ** BigInt(scale);
    low -= unit;
    high += unit;
  }
  const span = high - low;
  const innerHeight = BigInt(Math.max(1, Math.round(plot.bottom - plot.top)));
  const width = plot.right - plot.left;
  const x = (i: number) => plot.left + (points.length === 1 ? width / 2 : (i * width) / (points.length - 1));
  // Exact down to the pixel: (v − low) × pixels ÷ span in integers, then a number.
  const y = (v: bigint) => plot.bottom - Number(((v - low) * innerHeight) / span);
  const fixed = (n: number) => n.toFixed(1);
  const valuePath =
    points.length === 1 ? "" : values.map((v, i) => `${i === 0 ? "M" : "L"}${fixed(x(i))},${fixed(y(v))}`).join(" ");
  const markPath =
    points.length === 1
      ? ""
      : marks.map((m, i) => (i === 0 ? `M${fixed(x(0))},${fixed(y(m))}` : `H${fixed(x(i))} V${fixed(y(m))}`)).join(" ");
  const lastIndex = points.length - 1;
  const xIndexes = [...new Set([0, Math.floor(lastIndex / 2), lastIndex])];
  return {
    valuePath,
    markPath,
    low: amountText(low, scale),
    high: amountText(high, scale),
    yTicks: [
      { at: y(high), label: amountText(high, scale) },
      { at: y(low), label: amountText(low, scale) },
    ],
    xTicks: xIndexes.map((i) => ({ at: x(i), label: points[i].date })),
    dots: values.map((v, i) => ({ x: x(i), y: y(v), date: points[i].date, value: points[i].value })),
    markDots: marks.map((m, i) => ({ x: x(i), y: y(m), date: points[i].date, mark: points[i].high_water_mark })),
  };
}
