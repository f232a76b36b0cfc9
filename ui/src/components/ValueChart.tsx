import type { MarkPoint } from "../bindings";
import { chartGeometry } from "../chart";
import { groupDigits } from "../format";

const WIDTH = 640;
const HEIGHT = 200;
/** The plotting area: room on the left for the amounts, below for the dates. */
const PLOT = { left: 96, right: WIDTH - 24, top: 14, bottom: HEIGHT - 30 };

/** The deal's value on each recorded date, and the high-water mark that applied to it, on labelled axes. */
export function ValueChart({ history, currency }: { history: MarkPoint[]; currency: string }) {
  const geometry = chartGeometry(history, PLOT);
  if (geometry === null) {
    return <p className="empty">No value recorded yet.</p>;
  }
  const hover = (date: string, what: string, amount: string) => `${date}: ${what} ${groupDigits(amount)} ${currency}`;
  return (
    <figure className="chart" data-testid="value-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`Value and high-water mark over ${history.length} recorded days, from ${groupDigits(geometry.low)} to ${groupDigits(geometry.high)} ${currency}`}
      >
        <line className="chart-axis" x1={PLOT.left} y1={PLOT.top} x2={PLOT.left} y2={PLOT.bottom} />
        <line className="chart-axis" x1={PLOT.left} y1={PLOT.bottom} x2={PLOT.right} y2={PLOT.bottom} />
        {geometry.yTicks.map((tick) => (
          <text key={tick.label} className="chart-tick" x={PLOT.left - 6} y={tick.at} textAnchor="end" dy="0.35em">
            {groupDigits(tick.label)}
          </text>
        ))}
        {geometry.xTicks.map((tick) => (
          <text key={tick.label} className="chart-tick" x={tick.at} y={PLOT.bottom + 18} textAnchor="middle">
            {tick.label}
          </text>
        ))}
        <path d={geometry.markPath} className="chart-mark" fill="none" />
        <path d={geometry.valuePath} className="chart-value" fill="none" />
        {geometry.markDots.map((dot) => (
          <rect key={dot.date} x={dot.x - 5} y={dot.y - 1.5} width={10} height={3} className="chart-mark-dot">
            <title>{hover(dot.date, "high-water mark", dot.mark)}</title>
          </rect>
        ))}
        {geometry.dots.map((dot) => (
          <circle key={dot.date} cx={dot.x} cy={dot.y} r={4} className="chart-dot">
            <title>{hover(dot.date, "value", dot.value)}</title>
          </circle>
        ))}
      </svg>
      <figcaption>
        <span className="legend legend-value">value</span> <span className="legend legend-mark">high-water mark</span>{" "}
        in {currency}, {history[0].date} to {history[history.length - 1].date}; each point's exact amount on hover
      </figcaption>
    </figure>
  );
}
