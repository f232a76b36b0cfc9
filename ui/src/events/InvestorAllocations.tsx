import { useCallback, useEffect } from "react";
import type { AllocationView, Items } from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner } from "../components/ErrorBanner";
import { StatusBadge } from "../components/StatusBadge";
import { TableHead, num } from "../components/TableHead";
import { useCommand } from "../useCommand";
import { investorAllocations } from "./queries";

/** An investor's LP allocations across events, and where each one's money stands. */
export function InvestorAllocations({ investor }: { investor: number }) {
  const allocations = useCommand<Items<AllocationView>>();
  const { run } = allocations;
  const reload = useCallback(() => void run(() => investorAllocations(investor)), [run, investor]);
  useEffect(reload, [reload]);
  const items = allocations.data?.items ?? [];
  return (
    <section aria-labelledby="investor-allocations-title">
      <h3 id="investor-allocations-title">LP allocations</h3>
      <ErrorBanner error={allocations.error} />
      {allocations.data && items.length === 0 ? <p className="empty">No LP allocations.</p> : null}
      {items.length > 0 ? (
        <table data-testid="investor-allocations">
          <TableHead
            columns={[
              "Deal",
              "Event",
              num("Part of all"),
              num("Allocated"),
              num("Withdrawn"),
              num("Pending"),
              num("Available"),
              "Status",
            ]}
          />
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{a.deal}</td>
                <td>{a.event_title}</td>
                <td className="num">{a.ownership}</td>
                <Amount value={a.amount} currency={a.currency} />
                <Amount value={a.withdrawn} />
                <Amount value={a.pending} />
                <Amount value={a.available} />
                <td>
                  <StatusBadge status={a.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
