import type { DailyRunReport } from "../bindings";
import { TableHead } from "../components/TableHead";

/** What a daily run did: how many deals it prepared and skipped, why each was skipped, and
 * the wallet credits it released. */
export function DailyReport({ report: r }: { report: DailyRunReport }) {
  return (
    <div data-testid="daily-report">
      <p>
        {r.date}: {r.deals} active {r.deals === 1 ? "deal" : "deals"}, {r.prepared.length} prepared, {r.skipped.length}{" "}
        skipped. Approving them is a second person's act.
      </p>
      {r.wallets_released.map((w) => (
        <p key={w.currency} data-testid="daily-wallets-released">
          Released to members' wallets: {w.credits} {w.credits === 1 ? "credit" : "credits"} of {w.amount} {w.currency}.
        </p>
      ))}
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
