import { useCallback, useEffect, useState } from "react";
import { useCodeAsked } from "../authenticator/useCodeAsked";
import type { EventView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { Outcome } from "../components/Outcome";
import { StatusBadge } from "../components/StatusBadge";
import { asAppError } from "../errors";
import { groupDigits } from "../format";
import { useCommand } from "../useCommand";
import { useSubmission } from "../useSubmission";
import { AllocationsTable } from "./AllocationsTable";
import { EventActDialog, type EventAct } from "./EventActDialog";
import { PaymentPosition } from "./PaymentPosition";
import { approveEvent, calculateEvent, cancelEvent, completeEvent, showEvent } from "./queries";

const ACTS: { act: EventAct; label: string; done: string }[] = [
  { act: "calculate", label: "Calculate…", done: "Calculated: the allocations are written" },
  { act: "approve", label: "Approve and post…", done: "Approved and posted to the ledger" },
  { act: "complete", label: "Complete…", done: "Completed" },
  { act: "cancel", label: "Cancel event…", done: "Cancelled" },
];

/** One LP event: its snapshot, its payment position, its allocations, and the acts Rust permits. */
export interface EventPageProps {
  id: number;
  onBack: () => void;
  onChanged: () => void;
  /** The program asks for a fresh authenticator code to approve. */
  codeAsked: boolean;
}

export function EventPage({ id, onBack, onChanged, codeAsked }: EventPageProps) {
  const event = useCommand<EventView>();
  const { run } = event;
  const reload = useCallback(() => void run(() => showEvent(id)), [run, id]);
  useEffect(reload, [reload]);
  const [asked, setAsked] = useState<EventAct | null>(null);
  const submission = useSubmission();
  const codes = useCodeAsked(codeAsked);
  const e = event.data;
  function act(kind: EventAct, input: { snapshotDate: string | null; reason: string; code: string | null }) {
    const words = ACTS.find((a) => a.act === kind)?.done ?? "Done";
    void submission.submit(async (key) => {
      try {
        if (kind === "calculate") await calculateEvent(id, input.snapshotDate, key);
        if (kind === "approve") await approveEvent(id, input.code, key);
        if (kind === "complete") await completeEvent(id, key);
        if (kind === "cancel") await cancelEvent(id, input.reason, key);
      } catch (failure) {
        codes.noteFailure(asAppError(failure));
        throw failure;
      } finally {
        setAsked(null);
      }
      reload();
      onChanged();
      return words;
    });
  }
  return (
    <section aria-labelledby="event-title" data-testid="event-page">
      <button type="button" onClick={onBack}>
        ← The deal's events
      </button>
      <ErrorBanner error={event.error} />
      {e ? (
        <>
          <h3 id="event-title">
            {e.title} <StatusBadge status={e.status} />
          </h3>
          <p className="terms">
            {e.type} · {e.deal} · {groupDigits(e.total)} {e.currency} · distribution date {e.distribution_date} ·
            drafted by {e.created_by}
            {e.calculated_by ? `, calculated by ${e.calculated_by}` : ""}
            {e.approved_by ? `, approved by ${e.approved_by}` : ""}
          </p>
          {e.description ? <p>{e.description}</p> : null}
          {e.snapshot_date ? (
            <p data-testid="event-snapshot">
              Snapshot at the end of {e.snapshot_date}: {e.total_units} units, {e.amount_per_unit} {e.currency} a unit.
            </p>
          ) : (
            <p className="empty">Not calculated yet: no holdings are snapshotted.</p>
          )}
          {e.cancel_reason ? (
            <p>
              Cancelled by {e.cancelled_by}: “{e.cancel_reason}”.
            </p>
          ) : null}
          <div className="toolbar">
            {ACTS.map(({ act: kind, label }) =>
              e.permits[kind].allowed ? (
                <button key={kind} type="button" onClick={() => setAsked(kind)} disabled={submission.busy}>
                  {label}
                </button>
              ) : null,
            )}
          </div>
          {e.permits.approve.reason && e.status === "calculated" ? (
            <p className="hint">{e.permits.approve.reason}.</p>
          ) : null}
          <Outcome error={submission.error} done={submission.done} />
          {e.allocations.length > 0 ? (
            <>
              <h4>Payment position</h4>
              <PaymentPosition totals={e.totals} currency={e.currency} />
              <h4>Allocations</h4>
              <AllocationsTable allocations={e.allocations} currency={e.currency} />
            </>
          ) : null}
          {asked ? (
            <EventActDialog
              act={asked}
              event={e}
              busy={submission.busy}
              codeAsked={codes.asked}
              onConfirm={(input) => act(asked, input)}
              onCancel={() => setAsked(null)}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
