import { useState } from "react";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Field } from "../components/Field";
import { ASKS, CONFIRM, TITLES, restate, type Act } from "./acts";

export interface ActDialogProps {
  act: Act;
  busy: boolean;
  onConfirm: (text: string) => void;
  onCancel: () => void;
}

/** Restates an act on withdrawals or batches, asking for its reason or the bank's reference where it needs one. */
export function ActDialog({ act, busy, onConfirm, onCancel }: ActDialogProps) {
  const [text, setText] = useState("");
  const asks = ASKS[act.kind];
  const missing = asks !== undefined && text.trim() === "";
  return (
    <ConfirmDialog
      title={TITLES[act.kind]}
      confirmLabel={CONFIRM[act.kind]}
      busy={busy || missing}
      onConfirm={() => onConfirm(text.trim())}
      onCancel={onCancel}
    >
      <p data-testid="act-restated">{restate(act)}</p>
      {asks !== undefined ? <Field label={asks} name="act-text" value={text} onChange={setText} /> : null}
    </ConfirmDialog>
  );
}
