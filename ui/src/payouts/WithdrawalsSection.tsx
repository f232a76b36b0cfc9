import { useCallback, useEffect, useState } from "react";
import type { Items, WithdrawalView } from "../bindings";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { reloadStale } from "../stale";
import { useCommand } from "../useCommand";
import { STALE, listWithdrawals } from "./queries";
import { useActs } from "./useActs";
import { WithdrawalTable } from "./WithdrawalTable";

/** The statuses the queue can be narrowed to; the review queue opens on what waits for a decision. */
const SHOWN = [
  { value: "pending", label: "Pending: waiting for a decision" },
  { value: "approved", label: "Approved: ready for a batch" },
  { value: "sent", label: "Sent to the bank" },
  { value: "paid", label: "Paid" },
  { value: "failed", label: "Failed at the bank" },
  { value: "rejected", label: "Rejected" },
  { value: "cancelled", label: "Cancelled" },
  { value: "", label: "Every request" },
] as const;

/** The withdrawal review queue: requests with their payees' available balances, approved or rejected by a second person. */
export function WithdrawalsSection() {
  const [status, setStatus] = useState<string>("pending");
  const list = useCommand<Items<WithdrawalView>>();
  const { run } = list;
  const reload = useCallback(() => void run(() => listWithdrawals(status === "" ? null : status)), [run, status]);
  useEffect(reload, [reload]);
  const acts = useActs((mutation) => reloadStale(STALE[mutation], { withdrawals: reload, batches: () => {} }));
  const items = list.data?.items ?? [];
  return (
    <>
      <div className="toolbar">
        <label>
          Show
          <select name="withdrawal-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {SHOWN.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={list.error ?? acts.error} />
      <Notice text={acts.done} />
      {list.data && items.length === 0 ? <p className="empty">No withdrawal request here.</p> : null}
      {items.length > 0 ? <WithdrawalTable items={items} onAct={acts.ask} /> : null}
      {acts.dialog}
    </>
  );
}
