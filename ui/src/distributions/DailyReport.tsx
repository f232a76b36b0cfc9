import type { DailyRunReport } from "../bindings";
import { TableHead } from "../components/TableHead";

/** What a daily run did: how many deals it prepared and skipped, and why each was skipped. */
export function DailyReport({ report: r }: { report: DailyRunReport }) {
  return (
    <div data-testid="daily-report">
      <p>
        {r.date}: {r.deals} active {r.deals === 1 ? "deal" : "deals"}, {r.prepared.length} prepared, {r.skipped.length}{" "}
        skipped. Approving them is a second person's act.
      </p>
      {r.skipped.length > 0 ? (
        <table>
          <TableHead columns={["Skipped deal", "Why"]} />
          <tbody>
            {r.skipped.map((s) => (
              <tr key={s.deal_id}>
                <td>{s.deal}</td>
                <td>{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
