import type { EventTotalsView } from "../bindings";
import { minorUnits } from "../chart";
import { groupDigits } from "../format";

const PARTS = [
  { key: "withdrawn", label: "Withdrawn (paid)", className: "part-withdrawn" },
  { key: "pending", label: "Pending", className: "part-pending" },
  { key: "available", label: "Available", className: "part-available" },
] as const;

/** Where an event's money stands: withdrawn + pending + available = allocated, as one bar and in words. */
export function PaymentPosition({ totals, currency }: { totals: EventTotalsView; currency: string }) {
  const dot = totals.allocated.indexOf(".");
  const scale = dot < 0 ? 0 : totals.allocated.length - dot - 1;
  const whole = minorUnits(totals.allocated, scale);
  // Each part's width in hundredths of a percent, from BigInt minor units: no float touches an amount.
  const widths = PARTS.map((part) =>
    whole === 0n ? 0 : Number((minorUnits(totals[part.key], scale) * 10000n) / whole) / 100,
  );
  const starts = widths.map((_, i) => widths.slice(0, i).reduce((sum, w) => sum + w, 0));
  const summary =
    `Allocated ${groupDigits(totals.allocated)} ${currency}: withdrawn ${groupDigits(totals.withdrawn)}, ` +
    `pending ${groupDigits(totals.pending)}, available ${groupDigits(totals.available)}`;
  return (
    <figure className="payment-position" data-testid="payment-position">
      <svg role="img" aria-label={summary} viewBox="0 0 100 6" preserveAspectRatio="none" width="100%" height="24">
        {PARTS.map((part, i) => (
          <rect key={part.key} className={part.className} x={starts[i]} y={0} width={widths[i]} height={6} />
        ))}
      </svg>
      <figcaption>
        <dl className="position-legend">
          <div>
            <dt>Allocated</dt>
            <dd>
              {groupDigits(totals.allocated)} {currency}
            </dd>
          </div>
          {PARTS.map((part) => (
            <div key={part.key}>
              <dt>
                <span className={`swatch ${part.className}`} aria-hidden="true" /> {part.label}
              </dt>
              <dd data-testid={`position-${part.key}`}>
                {groupDigits(totals[part.key])} {currency}
              </dd>
            </div>
          ))}
        </dl>
      </figcaption>
    </figure>
  );
}
