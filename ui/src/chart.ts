// Geometry for the value and high-water-mark chart. Amounts stay exact: they are read as
// BigInt minor units, and only the resulting pixel positions become numbers.

export interface ChartPoint {
  date: string;
  value: string;
  high_water_mark: string;
}

export interface ChartGeometry {
  valuePath: string;
  markPath: string;
  /** The lowest and highest amounts on the vertical axis, as given. */
  low: string;
  high: string;
  dots: { x: number; y: number; date: string; value: string }[];
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

function scaleOf(amount: string): number {
  const dot = amount.indexOf(".");
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/** Lays the points out left to right in `width` × `height`, leaving `pad` pixels around. */
export function chartGeometry(points: ChartPoint[], width: number, height: number, pad = 8): ChartGeometry | null {
  if (points.length === 0) {
    return null;
  }
  const scale = Math.max(...points.flatMap((p) => [scaleOf(p.value), scaleOf(p.high_water_mark)]));
  const values = points.map((p) => minorUnits(p.value, scale));
  const marks = points.map((p) => minorUnits(p.high_water_mark, scale));
  const all = [...values, ...marks];
  let low = all.reduce((a, b) => (b < a ? b : a));
  let high = all.reduce((a, b) => (b > a ? b : a));
  const lowIndex = all.indexOf(low);
  const highIndex = all.indexOf(high);
  const lowText = lowIndex < values.length ? points[lowIndex].value : points[lowIndex - values.length].high_water_mark;
  const highText =
    highIndex < values.length ? points[highIndex].value : points[highIndex - values.length].high_water_mark;
  if (low === high) {
    low -= 1n;
    high += 1n;
  }
  const span = high - low;
  const innerHeight = BigInt(Math.max(1, Math.round(height - 2 * pad)));
  const x = (i: number) =>
    pad + (points.length === 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (points.length - 1));
  // Exact down to the pixel: (v − low) × pixels ÷ span in integers, then a number.
  const y = (v: bigint) => height - pad - Number(((v - low) * innerHeight) / span);
  // A single day is drawn as a level line across the chart, so its mark stays visible.
  const path = (series: bigint[]) =>
    series.length === 1
      ? `M${pad.toFixed(1)},${y(series[0]).toFixed(1)} L${(width - pad).toFixed(1)},${y(series[0]).toFixed(1)}`
      : series.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return {
    valuePath: path(values),
    markPath: path(marks),
    low: lowText,
    high: highText,
    dots: values.map((v, i) => ({ x: x(i), y: y(v), date: points[i].date, value: points[i].value })),
  };
}
