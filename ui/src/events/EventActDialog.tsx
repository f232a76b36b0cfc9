import { useState } from "react";
import { CodeField } from "../authenticator/CodeField";
import type { EventView } from "../bindings";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { DateField, Field } from "../components/Field";
import { groupDigits } from "../format";

/** An act on an event the window offers. */
export type EventAct = "calculate" | "approve" | "complete" | "cancel";

const TITLES: Record<EventAct, string> = {
  calculate: "Calculate the event",
  approve: "Approve the event",
  complete: "Complete the event",
  cancel: "Cancel the event",
};

const CONFIRM: Record<EventAct, string> = {
  calculate: "Calculate",
  approve: "Approve and post",
  complete: "Complete",
  cancel: "Cancel the event",
};

/** What an act will do, restated: which event, how much, what happens to the money. */
function restate(act: EventAct, e: EventView): string {
  const money = `${groupDigits(e.total)} ${e.currency}`;
  switch (act) {
    case "calculate":
      return `Snapshot the holdings of ${e.deal} and allocate ${money} of “${e.title}” by units.`;
    case "approve":
      return `Approve “${e.title}” and post ${money} to ${e.allocations.length} holders' payables now.`;
    case "complete":
      return `Complete “${e.title}”: what its allocations still have available (${groupDigits(e.totals.available)} ${e.currency}) stays owed to the holders.`;
    case "cancel":
      return e.status === "active"
        ? `Cancel “${e.title}” and reverse its entry of ${money}.`
        : `Cancel “${e.title}” (${money}).`;
  }
}

export interface EventActDialogProps {
  act: EventAct;
  event: EventView;
  busy: boolean;
  codeAsked: boolean;
  onConfirm: (input: { snapshotDate: string | null; reason: string; code: string | null }) => void;
  onCancel: () => void;
}

/** Restates an act on an event, asking for a snapshot date, a reason or a code where it takes one. */
export function EventActDialog({ act, event, busy, codeAsked, onConfirm, onCancel }: EventActDialogProps) {
  const [snapshot, setSnapshot] = useState("");
  const [reason, setReason] = useState("");
  const [code, setCode] = useState("");
  const asksCode = codeAsked && act === "approve";
  const missing = (act === "cancel" && reason.trim() === "") || (asksCode && code === "");
  return (
    <ConfirmDialog
      title={TITLES[act]}
      confirmLabel={CONFIRM[act]}
      busy={busy || missing}
      onConfirm={() =>
        onConfirm({
          snapshotDate: snapshot === "" ? null : snapshot,
          reason: reason.trim(),
          code: asksCode ? code : null,
        })
      }
      onCancel={onCancel}
    >
      <p data-testid="event-act-restated">{restate(act, event)}</p>
      {act === "calculate" ? (
        <DateField
          label={`Snapshot date (empty: the distribution date, ${event.distribution_date})`}
          calendarLabel="Calendar for the snapshot date"
          name="event-snapshot-date"
          value={snapshot}
          onChange={setSnapshot}
        />
      ) : null}
      {act === "cancel" ? (
        <Field label="Reason" name="event-cancel-reason" value={reason} onChange={setReason} />
      ) : null}
      {asksCode ? <CodeField value={code} onChange={setCode} /> : null}
    </ConfirmDialog>
  );
}
