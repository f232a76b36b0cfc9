import { useState } from "react";
import type { DealView } from "../bindings";
import { Outcome } from "../components/Outcome";
import { useSubmission } from "../useSubmission";
import { CloseDealDialog } from "./CloseDealDialog";
import { closeDeal } from "./queries";

export interface CloseDealProps {
  deal: DealView;
  /** Whether the signed-in user may close it now; the outcome of a close stays on show either way. */
  canClose: boolean;
  onClosed: () => void;
}

/** Closing a deal, after a confirmation that restates what it holds. */
export function CloseDeal({ deal, canClose, onClosed }: CloseDealProps) {
  const close = useSubmission();
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      {canClose ? (
        <div className="toolbar">
          <button type="button" onClick={() => setConfirming(true)}>
            Close this deal…
          </button>
        </div>
      ) : null}
      <Outcome error={close.error} done={close.done} />
      {confirming ? (
        <CloseDealDialog
          deal={deal}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void close.submit(async (key) => {
              await closeDeal(String(deal.id), key);
              onClosed();
              return `${deal.name} is closed.`;
            });
          }}
        />
      ) : null}
    </>
  );
}
