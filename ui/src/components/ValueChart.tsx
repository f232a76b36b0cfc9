import type { MarkPoint } from "../bindings";
import { chartGeometry } from "../chart";
import { groupDigits } from "../format";

const WIDTH = 640;
const HEIGHT = 180;

/** The deal's value on each recorded date, and the high-water mark that applied to it. */
export function ValueChart({ history, currency }: { history: MarkPoint[]; currency: string }) {
  const geometry = chartGeometry(history, WIDTH, HEIGHT, 12);
  if (geometry === null) {
    return <p className="empty">No value recorded yet.</p>;
  }
  return (
    <figure className="chart" data-testid="value-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`Value and high-water mark over ${history.length} recorded days`}
      >
        <path d={geometry.markPath} className="chart-mark" fill="none" />
        <path d={geometry.valuePath} className="chart-value" fill="none" />
        {geometry.dots.map((dot) => (
          <circle key={dot.date} cx={dot.x} cy={dot.y} r={3} className="chart-dot">
            <title>{`${dot.date}: ${groupDigits(dot.value)} ${currency}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption>
        <span className="legend legend-value">value</span> <span className="legend legend-mark">high-water mark</span>{" "}
        from {groupDigits(geometry.low)} to {groupDigits(geometry.high)} {currency}, {history[0].date} to{" "}
        {history[history.length - 1].date}
      </figcaption>
    </figure>
  );
}
