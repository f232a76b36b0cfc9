import { useState } from "react";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Field } from "../components/Field";
import { CodeField } from "../authenticator/CodeField";
import { ASKS, CONFIRM, MOVES_MONEY, TITLES, restate, type Act } from "./acts";

export interface ActDialogProps {
  act: Act;
  busy: boolean;
  /** The program asks for a fresh authenticator code for acts that move money out. */
  codeAsked: boolean;
  onConfirm: (text: string, code: string | null) => void;
  onCancel: () => void;
}

/** Restates an act on withdrawals or batches, asking for its reason, the bank's reference or a code where it needs one. */
export function ActDialog({ act, busy, codeAsked, onConfirm, onCancel }: ActDialogProps) {
  const [text, setText] = useState("");
  const [code, setCode] = useState("");
  const asks = ASKS[act.kind];
  const asksCode = codeAsked && MOVES_MONEY[act.kind] === true;
  const missing = (asks !== undefined && text.trim() === "") || (asksCode && code === "");
  return (
    <ConfirmDialog
      title={TITLES[act.kind]}
      confirmLabel={CONFIRM[act.kind]}
      busy={busy || missing}
      onConfirm={() => onConfirm(text.trim(), asksCode ? code : null)}
      onCancel={onCancel}
    >
      <p data-testid="act-restated">{restate(act)}</p>
      {asks !== undefined ? <Field label={asks} name="act-text" value={text} onChange={setText} /> : null}
      {asksCode ? <CodeField value={code} onChange={setCode} /> : null}
    </ConfirmDialog>
  );
}
