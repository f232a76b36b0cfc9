import { useState } from "react";
import type { DistributionView, SessionView } from "../bindings";
import { Field } from "../components/Field";
import { holds } from "../roles";
import type { Pending } from "./pending";

export interface ReviewActionsProps {
  d: DistributionView;
  session: SessionView;
  onAct: (p: Pending) => void;
  onClose: () => void;
}

/** What the reviewer may do to a distribution: approve, post, cancel or reverse it, each with its reason. */
export function ReviewActions({ d, session, onAct, onClose }: ReviewActionsProps) {
  const [reason, setReason] = useState("");
  const [cancelReason, setCancelReason] = useState("");
  const [reverseReason, setReverseReason] = useState("");
  const approver = holds(session.roles, "approver");
  const poster = approver || holds(session.roles, "officer");
  return (
    <>
      <div className="toolbar">
        {approver && d.status === "prepared" && d.prepared_by !== session.user ? (
          <>
            {d.flagged ? (
              <Field label="Override reason" name="override-reason" value={reason} onChange={setReason} />
            ) : null}
            <button
              type="button"
              className="primary"
              disabled={d.flagged && reason.trim() === ""}
              onClick={() => onAct({ kind: "approve", items: [d], reason: d.flagged ? reason.trim() : null })}
            >
              Approve…
            </button>
          </>
        ) : null}
        {poster && d.status === "approved" ? (
          <button type="button" className="primary" onClick={() => onAct({ kind: "post", items: [d] })}>
            Post to the ledger…
          </button>
        ) : null}
        {(d.status === "prepared" || d.status === "approved") && poster ? (
          <>
            <Field label="Cancel reason" name="cancel-reason" value={cancelReason} onChange={setCancelReason} />
            <button
              type="button"
              disabled={cancelReason.trim() === ""}
              onClick={() => onAct({ kind: "cancel", item: d, reason: cancelReason.trim() })}
            >
              Cancel…
            </button>
          </>
        ) : null}
        {holds(session.roles, "officer") &&
        d.status === "posted" &&
        d.kind === "distribution" &&
        !d.shares.some((s) => s.payout_status === "reversed") ? (
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
          Close
        </button>
      </div>
      {approver && d.status === "prepared" && d.prepared_by === session.user ? (
        <p className="hint">You prepared this distribution, so a second person approves it.</p>
      ) : null}
    </>
  );
}
