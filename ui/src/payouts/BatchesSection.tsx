import { useCallback, useEffect, useState } from "react";
import type { BatchView, Items, SessionView } from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { StatusBadge } from "../components/StatusBadge";
import { BLANK, TableHead, num } from "../components/TableHead";
import { holds } from "../roles";
import { reloadStale } from "../stale";
import { useCommand } from "../useCommand";
import { BatchBuilder } from "./BatchBuilder";
import { BatchPanel } from "./BatchPanel";
import { ReconciliationPanel } from "./ReconciliationPanel";
import { STALE, listBatches } from "./queries";
import { useActs } from "./useActs";

const COLUMNS = [num("#"), "Status", "Paid from", num("Payments"), num("Total"), "Built by", "Approved by", BLANK];

/** Payout batches: built from approved withdrawals, approved by a second person, executed into the bank's files, confirmed item by item; and each bank account's reconciliation. */
export function BatchesSection({ session }: { session: SessionView }) {
  const list = useCommand<Items<BatchView>>();
  const { run } = list;
  const reload = useCallback(() => void run(listBatches), [run]);
  useEffect(reload, [reload]);
  const [open, setOpen] = useState<number | null>(null);
  // Bumped after an act, so the open batch and the builder read again what changed.
  const [version, setVersion] = useState(0);
  const acts = useActs((mutation) => {
    reloadStale(STALE[mutation], { batches: reload, withdrawals: () => setVersion((v) => v + 1) });
    setVersion((v) => v + 1);
  }, session.second_factor_required);
  const items = list.data?.items ?? [];
  return (
    <>
      <ErrorBanner error={list.error ?? acts.error} />
      <Notice text={acts.done} />
      {holds(session.roles, "officer") ? <BatchBuilder version={version} onAct={acts.ask} /> : null}
      {list.data && items.length === 0 ? <p className="empty">No payout batch yet.</p> : null}
      {items.length > 0 ? (
        <table data-testid="batches">
          <TableHead columns={COLUMNS} />
          <tbody>
            {items.map((b) => (
              <tr key={b.id}>
                <td className="num">{b.id}</td>
                <td>
                  <StatusBadge status={b.status} />
                </td>
                <td>
                  {b.bank} <span className="code">{b.bank_account}</span>
                </td>
                <td className="num">{b.count}</td>
                <Amount value={b.total} currency={b.currency} />
                <td>{b.created_by}</td>
                <td>{b.approved_by ?? ""}</td>
                <td>
                  <button type="button" onClick={() => setOpen(b.id)} aria-label={`Open batch ${b.id}`}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {open !== null ? (
        <BatchPanel key={`${open}-${version}`} id={open} onAct={acts.ask} onClose={() => setOpen(null)} />
      ) : null}
      <ReconciliationPanel version={version} />
      {acts.dialog}
    </>
  );
}
