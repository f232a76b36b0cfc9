import { useState } from "react";
import { CodeField } from "../authenticator/CodeField";
import type { LegView } from "../bindings";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { groupDigits } from "../format";
import { CONFIRM, TITLES, restate, type Pending } from "./pending";

export interface ConfirmActionDialogProps {
  pending: Pending;
  /** The program asks for a fresh authenticator code to approve. */
  codeAsked: boolean;
  onConfirm: (code: string | null) => void;
  onCancel: () => void;
}

/** Restates an act on distributions, how many and how much, with its reason, before it is sent. */
export function ConfirmActionDialog({ pending, codeAsked, onConfirm, onCancel }: ConfirmActionDialogProps) {
  const [code, setCode] = useState("");
  const asksCode = codeAsked && pending.kind === "approve";
  return (
    <ConfirmDialog
      title={TITLES[pending.kind]}
      confirmLabel={CONFIRM[pending.kind]}
      busy={asksCode && code === ""}
      onConfirm={() => onConfirm(asksCode ? code : null)}
      onCancel={onCancel}
    >
      {pending.kind === "cancel" || pending.kind === "reverse" ? (
        <p>
          {pending.kind === "cancel" ? "Cancel" : "Prepare the reversal of"} {restate([pending.item])}? Reason: “
          {pending.reason}”.
        </p>
      ) : (
        <p>
          {pending.kind === "approve" ? "Approve" : "Post to the ledger"} {restate(pending.items)}?
          {pending.kind === "approve" && pending.reason ? ` Override reason: “${pending.reason}”.` : ""}
        </p>
      )}
      {asksCode ? <CodeField value={code} onChange={setCode} /> : null}
      {pending.kind === "post" && pending.items.length === 1 && pending.items[0].entry.length > 0 ? (
        <EntryLegs legs={pending.items[0].entry} currency={pending.items[0].currency} />
      ) : null}
    </ConfirmDialog>
  );
}

/** The journal entry a posting books, as Rust's ledger template makes it: each leg's side, whose account, amount. */
function EntryLegs({ legs, currency }: { legs: LegView[]; currency: string }) {
  return (
    <table className="entry-legs" data-testid="entry-legs">
      <caption>The journal entry</caption>
      <thead>
        <tr>
          <th scope="col">Side</th>
          <th scope="col">Account</th>
          <th scope="col" className="num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {legs.map((leg) => (
          <tr key={leg.account}>
            <td>{leg.side === "debit" ? "Dr" : "Cr"}</td>
            <td>
              {leg.owner} <span className="code">{leg.account}</span>
            </td>
            <td className="num">
              {groupDigits(leg.amount)} {currency}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
