// Sums of exact amounts per currency, in BigInt minor units: never through a float.

import { minorUnits } from "./chart";

export interface Amounted {
  amount: string;
  currency: string;
}

function scaleOf(amount: string): number {
  const dot = amount.indexOf(".");
  return dot < 0 ? 0 : amount.length - dot - 1;
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** The total of each currency, in order of first appearance, at the amounts' scale. */
export function totalsByCurrency(items: Amounted[]): Amounted[] {
  const totals = new Map<string, { units: bigint; scale: number }>();
  for (const item of items) {
    const scale = scaleOf(item.amount);
    const current = totals.get(item.currency) ?? { units: 0n, scale };
    const common = Math.max(scale, current.scale);
    const units = current.units * 10n ** BigInt(common - current.scale) + minorUnits(item.amount, common);
    totals.set(item.currency, { units, scale: common });
  }
  return [...totals].map(([currency, t]) => ({ currency, amount: format(t.units, t.scale) }));
}
