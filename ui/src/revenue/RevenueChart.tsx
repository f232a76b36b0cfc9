import type { RevenueMonthView } from "../bindings";
import { groupDigits } from "../format";
import { monthChart } from "./monthChart";

const WIDTH = 560;
const HEIGHT = 160;

/** Gross and net per month of the period in one currency, as bars; each bar says its exact amount. */
export function RevenueChart({
  currency,
  months,
  period,
}: {
  currency: string;
  months: RevenueMonthView[];
  period: { from: string; to: string };
}) {
  const chart = monthChart(months, period, WIDTH, HEIGHT);
  return (
    <figure className="revenue-chart" data-testid={`revenue-chart-${currency}`}>
      <svg
        role="img"
        aria-label={`Gross and net ${currency} revenue per month, the highest gross ${groupDigits(chart.high)}`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT + 18}`}
        width={WIDTH}
        height={HEIGHT + 18}
      >
        {chart.bars.map((b) => (
          <g key={b.month}>
            <rect className="bar-gross" x={b.x} y={b.gross.y} width={b.width} height={b.gross.height}>
              <title>{`${b.month} gross ${groupDigits(b.gross.amount)} ${currency}`}</title>
            </rect>
            <rect className="bar-net" x={b.x + b.width} y={b.net.y} width={b.width} height={b.net.height}>
              <title>{`${b.month} net ${groupDigits(b.net.amount)} ${currency}`}</title>
            </rect>
            {b.labelled ? (
              <text x={b.x + b.width} y={HEIGHT + 14} textAnchor="middle" className="axis-label">
                {b.month}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption>
        <span className="key-gross">■ gross</span> <span className="key-net">■ net</span> ({currency}, the highest gross{" "}
        {groupDigits(chart.high)})
      </figcaption>
    </figure>
  );
}
