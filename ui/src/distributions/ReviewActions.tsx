import { useState } from "react";
import type { DistributionView } from "../bindings";
import { Field } from "../components/Field";
import type { Pending } from "./pending";

export interface ReviewActionsProps {
  d: DistributionView;
  onAct: (p: Pending) => void;
  onClose: () => void;
}

/** What the reviewer may do to a distribution: approve, post, cancel or reverse it, each with its reason. */
export function ReviewActions({ d, onAct, onClose }: ReviewActionsProps) {
  const [reason, setReason] = useState("");
  const [cancelReason, setCancelReason] = useState("");
  const [reverseReason, setReverseReason] = useState("");
  // What may be done is Rust's answer for the signed-in user (`d.permits`), never worked out here.
  const { approve, post, cancel, reverse } = d.permits;
  return (
    <>
      <div className="toolbar">
        {approve.allowed ? (
          <>
            {d.flagged ? (
              <Field label="Override reason" name="override-reason" value={reason} onChange={setReason} />
            ) : null}
            <button
              type="button"
              className="primary"
              disabled={d.flagged && reason.trim() === ""}
              aria-describedby={d.flagged && reason.trim() === "" ? "approve-needs-reason" : undefined}
              onClick={() => onAct({ kind: "approve", items: [d], reason: d.flagged ? reason.trim() : null })}
            >
              Approve…
            </button>
            {d.flagged && reason.trim() === "" ? (
              <span className="hint" id="approve-needs-reason">
                The value moved beyond the circuit breaker: write the override reason to approve.
              </span>
            ) : null}
          </>
        ) : null}
        {post.allowed ? (
          <button type="button" className="primary" onClick={() => onAct({ kind: "post", items: [d] })}>
            Post to the ledger…
          </button>
        ) : null}
        {cancel.allowed ? (
          <>
            <Field label="Cancel reason" name="cancel-reason" value={cancelReason} onChange={setCancelReason} />
            <button
              type="button"
              disabled={cancelReason.trim() === ""}
              onClick={() => onAct({ kind: "cancel", item: d, reason: cancelReason.trim() })}
            >
              Cancel distribution…
            </button>
          </>
        ) : null}
        {reverse.allowed ? (
          <>
            <Field
              label="Reason for the correction"
              name="reverse-reason"
              value={reverseReason}
              onChange={setReverseReason}
            />
            <button
              type="button"
              disabled={reverseReason.trim() === ""}
              onClick={() => onAct({ kind: "reverse", item: d, reason: reverseReason.trim() })}
            >
              Reverse…
            </button>
          </>
        ) : null}
        <button type="button" onClick={onClose}>
          Close the review
        </button>
      </div>
      {approve.refused_by === "maker_checker" ? <p className="hint">{approve.reason}.</p> : null}
    </>
  );
}
